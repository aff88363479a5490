import { strict as assert } from "node:assert";
import { declare, declarePermissions } from "../support/declare";
import { WAREHOUSE } from "../support/emulator";
import { failureText, type Props } from "../support/host";
import { type Stack, stack } from "../support/stack";

const URN = "urn:pulumi:dev::genie-reference::pulumi-nodejs:dynamic/genie:GenieSpace::inputs";

/**
 * Inputs that passed preview and were then refused by the server at create (issue #11), and
 * arguments of the wrong type: each is now a CheckFailure at its path, through the real host.
 */
describe("GenieSpace check through the real provider host: what the server would refuse is refused in preview", function () {
  this.timeout(60_000);
  let s: Stack;
  let provider: unknown;
  let aclProvider: unknown;
  before(async () => {
    s = await stack();
    provider = (await declare("inputs", { title: "x", warehouseId: WAREHOUSE, space: {} }))[
      "__provider"
    ];
    aclProvider = (
      await declarePermissions("inputs-acl", {
        spaceId: "01f0c3a1b2c3d4e5f60718293a4b5c6d",
        grants: [],
      })
    )["__provider"];
  });
  after(() => s.stop());

  const base = { title: "Sales", warehouseId: WAREHOUSE, space: { tables: ["dev.sales.orders"] } };
  const failures = async (over: Props, p = provider) => {
    const res = await s.host.check(URN, {}, { ...base, ...over, __provider: p });
    return res.failures.map(failureText);
  };

  // (The wire sorts object keys, so which of two clashing column names comes second is the wire's.)
  const cases: [string, Props, RegExp][] = [
    [
      "a description that is not a string",
      { description: 42 },
      /^description: expected a string, got a number/,
    ],
    [
      "a description that is an object",
      { description: { text: "d" } },
      /^description: expected a string, got an object/,
    ],
    [
      "an adoptSpaceId that is not a string",
      { adoptSpaceId: 42 },
      /^adoptSpaceId: expected a string, got a number/,
    ],
    [
      "an adoptSpaceId that is not a space id",
      { adoptSpaceId: "my-space" },
      /^adoptSpaceId: "my-space" is 8 characters long; expected a Genie space id/,
    ],
    [
      "a warehouseId with a space",
      { warehouseId: " a1b2c3d4e5f60718" },
      /^warehouseId: " a1b2c3d4e5f60718" holds spaces or line breaks/,
    ],
    [
      "a warehouseId with a NUL",
      { warehouseId: "a1b2c3d4e5f6071\u0000" },
      /^warehouseId: "a1b2c3d4e5f6071\\u0000" holds a control character/,
    ],
    [
      "a warehouseId of 30,000 characters",
      { warehouseId: "7".repeat(30_000) },
      /^warehouseId: "7{24}"\.\.\. \(30000 characters\) is 30000 characters long/,
    ],
    ["the folder //", { parentPath: "//" }, /^parentPath: "\/\/" has an empty segment/],
    [
      "the folder /Workspace/../etc",
      { parentPath: "/Workspace/../etc" },
      /^parentPath: "\/Workspace\/\.\.\/etc" has a '\.\.' segment/,
    ],
    [
      "space: null",
      { space: null },
      /^space: expected the friendly spec, an object such as \{ tables: \["catalog\.schema\.table"\] \}, got null/,
    ],
    [
      "space.instructions: []",
      { space: { instructions: [] } },
      /^space\.instructions: Invalid input: expected string, received array/,
    ],
    [
      "a column configured twice",
      { space: { tables: [{ identifier: "a.b.c", columns: { status: {}, Status: {} } }] } },
      /^space\.tables\[0\]\.columns\.(Status|status): column '(Status|status)' is configured twice/,
    ],
    [
      "a __proto__ key in a document",
      {
        space: undefined,
        serializedSpace: '{"version": 2, "config": {"__proto__": {"sample_questions": []}}}',
      },
      /^serializedSpace\.config\.__proto__: the key '__proto__' is refused/,
    ],
    [
      "a v1 document with both column flags",
      {
        space: undefined,
        serializedSpace: {
          version: 1,
          data_sources: {
            tables: [
              {
                identifier: "a.b.c",
                column_configs: [
                  { column_name: "x", build_value_dictionary: true, enable_entity_matching: false },
                ],
              },
            ],
          },
        },
      },
      /^serializedSpace\.data_sources\.tables\[0\]\.column_configs\[0\]\.enable_entity_matching: column 'x' carries both 'build_value_dictionary' \(version 1\) and 'enable_entity_matching' \(version 2\)/,
    ],
  ];
  for (const [what, over, expected] of cases) {
    it(`refuses ${what}, with its path`, async () => {
      const got = await failures(over);
      assert.equal(got.length, 1, got.join("\n"));
      assert.match(got[0] ?? "", expected);
    });
  }

  it("declares the folder trimmed, as the server stores it, so the next diff compares like with like", async () => {
    const res = await s.host.check(
      URN,
      {},
      { ...base, parentPath: " /Workspace/Shared/genie\n", __provider: provider },
    );
    assert.deepEqual(res.failures, []);
    assert.equal(res.inputs["parentPath"], "/Workspace/Shared/genie");
  });

  it("GenieSpacePermissions refuses a spaceId, a principal and a level the server would refuse, each at its path", async () => {
    const res = await s.host.check(
      URN,
      {},
      {
        spaceId: "01F0C3A1B2C3D4E5F60718293A4B5C6D",
        grants: [
          { servicePrincipalName: "ci-deployer", level: "CAN_RUN" },
          { groupName: "analysts ", level: "CAN_RUN" },
          { userName: "a@example.com", level: "can_run" },
        ],
        __provider: aclProvider,
      },
    );
    assert.deepEqual(
      res.failures.map((f) => failureText(f).split(": ")[0]),
      ["spaceId", "grants[0].servicePrincipalName", "grants[1].groupName", "grants[2].level"],
    );
  });
});
