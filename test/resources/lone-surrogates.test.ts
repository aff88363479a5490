import { strict as assert } from "node:assert";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import {
  GenieAnalyticsSpace,
  type GenieSpaceArgs,
  type GenieSpacePermissionsArgs,
} from "../../provider";
import { checkGenieSpace } from "../../provider/resources/genie-space-check";
import { checkGenieSpacePermissions } from "../../provider/resources/genie-space-permissions-check";
import { LONE_FIX } from "../../provider/resources/invalid-text";
import { declare, declarePermissions } from "../support/declare";
import { ProviderHost } from "../support/host";
import { WAREHOUSE } from "../support/emulator";
import { REPO, runProgram, UNKNOWN } from "../support/monitor";

const SPACE_ID = "01f0c3a1b2c3d4e5f60718293a4b5c6d";
const HIGH = "Sales \ud83d"; // an emoji cut in two: its first half alone
const LOW = "\udc00 notes";

/**
 * Strings with half a character cannot cross Pulumi's gRPC transport (the engine fails with
 * "string field contains invalid UTF-8" and a stack trace, or the half is dropped): the
 * constructors mend them and hand check what they found, which check refuses with the property
 * named; the component, which has no check, refuses a plain one at once (issue #24).
 */
describe("lone surrogates in string inputs are refused, the property named", () => {
  before(() =>
    pulumi.runtime.setMocks(
      {
        newResource: (a) => ({ id: `${a.name}-id`, state: a.inputs }),
        call: () => {
          throw new Error("unmocked");
        },
      },
      "genie-reference",
      "dev",
    ),
  );

  const thrown = (make: () => unknown, expected: RegExp) =>
    assert.throws(make, (e: unknown) => {
      assert.ok(pulumi.RunError.isInstance(e), String(e));
      assert.match((e as Error).message, expected);
      return true;
    });
  /** The failures check gives the registered inputs, as `path: reason` lines. */
  const space = async (args: GenieSpaceArgs) => lines(checkGenieSpace(await declare("s", args)));
  const acl = async (args: GenieSpacePermissionsArgs) =>
    lines(checkGenieSpacePermissions(await declarePermissions("p", args)));
  const lines = (r: pulumi.dynamic.CheckResult) =>
    (r.failures ?? []).map((f) => `${f.property}: ${f.reason}`);
  const base = { title: "Sales", warehouseId: WAREHOUSE, space: {} };

  it("GenieSpace: title, nested spec text, a variable's value and name, a document string; as given or in an Output", async () => {
    assert.deepEqual(await space({ ...base, title: HIGH }), [
      `title: title holds a lone surrogate (\\ud83d at character 7 of 7), half of a character (fix: ${LONE_FIX})`,
    ]);
    const cases: [GenieSpaceArgs, RegExp][] = [
      [
        { ...base, space: { tables: [{ identifier: "a.b.c", description: LOW }] } },
        /^space\.tables\[0\]\.description: space\.tables\[0\]\.description holds a lone surrogate/,
      ],
      [{ ...base, variables: { catalog: LOW } }, /^variables\.catalog: .*holds a lone surrogate/],
      [
        { ...base, variables: { [HIGH]: "x" } },
        /^variables: variables has a key holding a lone surrogate/,
      ],
      [{ ...base, serializedSpace: `{"x":"${LOW}"}`, space: undefined }, /^serializedSpace: /],
      [
        { ...base, space: { instructions: pulumi.output(Promise.resolve(LOW)) } },
        /^space\.instructions: /,
      ],
    ];
    for (const [args, expected] of cases) {
      const got = await space(args);
      assert.ok(
        got.some((l) => expected.test(l)),
        `${expected}:\n${got.join("\n")}`,
      );
    }
  });

  it("GenieSpacePermissions: a principal's name", async () => {
    const got = await acl({ spaceId: SPACE_ID, grants: [{ groupName: HIGH, level: "CAN_RUN" }] });
    assert.match(
      got.join("\n"),
      /^grants\[0\]\.groupName: grants\[0\]\.groupName holds a lone surrogate/m,
    );
  });

  it("the registered inputs hold no half character (the value is mended; check refuses it)", async () => {
    const inputs = await declare("m", { ...base, title: pulumi.output(HIGH), description: LOW });
    assert.equal(inputs["title"], "Sales \ufffd");
    assert.equal(inputs["description"], "\ufffd notes");
    assert.deepEqual(
      (inputs["invalidText"] as { property: string }[]).map((f) => f.property).sort(),
      ["description", "title"],
    );
  });

  it("GenieAnalyticsSpace: a plain argument is refused at construction, as a RunError naming it", () => {
    thrown(
      () =>
        new GenieAnalyticsSpace("c", {
          title: "Sales",
          warehouse: { id: WAREHOUSE },
          tables: ["dev.sales.orders"],
          consumers: { groups: [LOW] },
        }),
      /^GenieAnalyticsSpace "c": consumers\.groups\[0\] holds a lone surrogate/,
    );
  });

  it("whole characters pass untouched, emoji and all, and nothing is added to the inputs", async () => {
    const inputs = await declare("ok", {
      title: "Sales 😀",
      warehouseId: WAREHOUSE,
      space: { instructions: pulumi.output("Ünïcödé 😀 ok") },
    });
    assert.equal(inputs["title"], "Sales 😀");
    assert.equal(inputs["invalidText"], undefined);
    assert.deepEqual(lines(checkGenieSpace(inputs)), []);
  });
});

describe("a lone surrogate that arrives in an Output, through the program runner and the real provider host", function () {
  this.timeout(120_000);
  let dir: string;
  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "genie-surrogate-"));
    fs.symlinkSync(path.join(REPO, "node_modules"), path.join(dir, "node_modules"), "junction");
    fs.writeFileSync(
      path.join(dir, "Pulumi.yaml"),
      "name: surrogate\nruntime: nodejs\nmain: index.js\n",
    );
    fs.writeFileSync(
      path.join(dir, "index.js"),
      `const pulumi = require("@pulumi/pulumi");
const { GenieSpace } = require("pulumi-databricks-genie");
const later = pulumi.output(Promise.resolve(${JSON.stringify(LOW)}));
new GenieSpace("cut", { title: "Sales", warehouseId: "${WAREHOUSE}", space: { instructions: later } });
`,
    );
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it("as pulumi runs the program (cmd/run): it registers, mended, and the real host's check refuses it naming the property", async () => {
    const r = await runProgram({
      dir,
      entryPoint: "index.js",
      project: "surrogate",
      stack: "dev",
      config: {},
      dryRun: true,
      typescript: false,
    });
    assert.equal(r.code, 0, r.stderr);
    const [reg] = r.monitor.registrations.filter((x) => x.type.endsWith("GenieSpace"));
    assert.ok(reg !== undefined);
    assert.equal((reg.wire["space"] as { instructions: string }).instructions, "\ufffd notes");
    const host = await ProviderHost.start({});
    try {
      const checked = await host.check(reg.urn, {}, reg.inputs);
      assert.deepEqual(
        checked.failures.map((f) => [f.property, f.reason.split(" (fix:")[0]]),
        [
          [
            "",
            "space.instructions: space.instructions holds a lone surrogate (\\udc00 at character 1 of 7), half of a character",
          ],
        ],
      );
    } finally {
      host.stop();
    }
  });

  it("in a preview where it is not known yet, the finding list is not shown as an input (no `+invalidText` in the diff)", async () => {
    const inputs = await declare("s", { title: "Sales", warehouseId: WAREHOUSE, space: {} });
    const host = await ProviderHost.start({});
    try {
      const urn = "urn:pulumi:dev::genie-reference::pulumi-nodejs:dynamic/genie:GenieSpace::s";
      const checked = await host.check(urn, {}, { ...inputs, invalidText: UNKNOWN });
      assert.deepEqual(checked.failures, []);
      assert.ok(
        !Object.hasOwn(checked.inputs, "invalidText"),
        JSON.stringify(Object.keys(checked.inputs)),
      );
      const refused = await host.check(
        urn,
        {},
        {
          ...inputs,
          invalidText: [{ property: "title", reason: "holds a lone surrogate" }],
        },
      );
      assert.match(refused.failures[0]?.reason ?? "", /^title: title holds a lone surrogate/);
    } finally {
      host.stop();
    }
  });
});
