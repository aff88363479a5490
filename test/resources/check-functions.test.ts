import { strict as assert } from "node:assert";
import { checkGenieSpace } from "../../provider/resources/genie-space-check";
import { checkGenieSpacePermissions } from "../../provider/resources/genie-space-permissions-check";
import { UNKNOWN } from "../../provider/resources/inputs";
import { WAREHOUSE } from "../support/emulator";

/** `property: reason` of each failure, as the preview shows them. */
const space = (inputs: Record<string, unknown>) =>
  checkGenieSpace({ title: "Sales", warehouseId: WAREHOUSE, space: {}, ...inputs }).failures?.map(
    (f) => `${f.property}: ${f.reason}`,
  ) ?? [];

const SPACE_ID = "01f0c3a1b2c3d4e5f60718293a4b5c6d";
const acl = (inputs: Record<string, unknown>) =>
  checkGenieSpacePermissions({
    spaceId: SPACE_ID,
    grants: [{ groupName: "analysts", level: "CAN_RUN" }],
    ...inputs,
  }).failures?.map((f) => `${f.property}: ${f.reason}`) ?? [];

/** Exactly one failure, at `path`, matching `reason`. */
function one(got: string[], path: string, reason: RegExp): void {
  assert.equal(got.length, 1, got.join("\n"));
  const [property, ...rest] = (got[0] ?? "").split(": ");
  assert.equal(property, path, got[0]);
  assert.match(rest.join(": "), reason);
}

describe("GenieSpace check, called directly (a pure function)", () => {
  it("accepts a well-formed space", () => {
    assert.deepEqual(space({ description: "d", parentPath: "/Workspace/Shared/genie" }), []);
  });

  const warehouses: [string, unknown, RegExp][] = [
    [
      "a space inside",
      "a1b2c3d4 e5f60718",
      /holds spaces or line breaks; expected .*16 lowercase hex/,
    ],
    ["a trailing newline", `${WAREHOUSE}\n`, /"a1b2c3d4e5f60718\\n" holds spaces or line breaks/],
    ["a NUL", `${WAREHOUSE}\u0000`, /holds a control character/],
    [
      "30,000 characters",
      "a".repeat(30_000),
      /\.\.\. \(30000 characters\) is 30000 characters long/,
    ],
    ["15 hex digits", WAREHOUSE.slice(1), /is 15 characters long/],
    ["upper case", WAREHOUSE.toUpperCase(), /has upper-case letters/],
    ["a name instead of an id", "Starter Warehouse!", /holds spaces/],
    ["non-hex letters", "g1b2c3d4e5f60718", /has characters other than hex digits/],
    ["a number", 1234567890123456, /expected the id of a SQL warehouse.*got a number/],
  ];
  for (const [what, value, reason] of warehouses) {
    it(`refuses a warehouseId with ${what}, saying what it found and what is expected`, () => {
      one(space({ warehouseId: value }), "warehouseId", reason);
    });
  }

  const folders: [string, unknown, RegExp][] = [
    ["//", "//", /has an empty segment \(\/\/\)/],
    ["/Workspace/../etc", "/Workspace/../etc", /has a '\.\.' segment/],
    ["a . segment", "/Shared/./genie", /has a '\.' segment/],
    ["an empty segment", "/Workspace/Shared//genie", /empty segment/],
    [
      "a relative path",
      "Shared/genie",
      /must be an absolute workspace folder, starting with \/; got "Shared\/genie"/,
    ],
    ["a NUL", "/Shared/\u0000", /holds a control character/],
    ["only spaces", "   ", /is blank/],
    ["a number", 7, /expected a string, got a number/],
  ];
  for (const [what, value, reason] of folders) {
    it(`refuses a parentPath with ${what}`, () => {
      one(space({ parentPath: value }), "parentPath", reason);
    });
  }

  it("accepts a folder the way the server reads it: trimmed, with or without /Workspace, a trailing / allowed", () => {
    for (const p of [
      "/Workspace",
      "/Workspace/",
      "/",
      "/Shared/genie/",
      " /Workspace/Shared/genie ",
    ])
      assert.deepEqual(space({ parentPath: p }), [], p);
    const { inputs } = checkGenieSpace({
      title: "t",
      warehouseId: WAREHOUSE,
      space: {},
      parentPath: "  /Workspace/Shared/genie\n",
    });
    assert.equal(inputs?.["parentPath"], "/Workspace/Shared/genie", "declared trimmed, as stored");
  });

  it("refuses an adoptSpaceId that is not a space id, and any argument of the wrong type", () => {
    one(
      space({ adoptSpaceId: "01f0-c3a1" }),
      "adoptSpaceId",
      /is 9 characters long; expected a Genie space id, 32 lowercase hex/,
    );
    one(space({ adoptSpaceId: 42 }), "adoptSpaceId", /expected a string, got a number/);
    one(space({ description: ["a"] }), "description", /expected a string, got an array/);
    one(space({ title: 3 }), "title", /title is required.*got a number/);
    one(space({ space: null }), "space", /expected the friendly spec, an object .* got null/);
    one(space({ space: [] }), "space", /got an array/);
    one(space({ space: undefined, serializedSpace: 5 }), "serializedSpace", /got a number/);
    one(space({ variables: ["dev"] }), "variables", /got an array/);
    one(
      space({ variables: { "not a name": "x" } }),
      "variables.not a name",
      /cannot be written as \$\{name\}/,
    );
    one(space({ titel: "typo" }), "titel", /unknown property 'titel'; expected one of title, /);
  });

  it("refuses keys JavaScript treats specially, with their path, in the variables, the spec and the document", () => {
    one(
      space({ variables: JSON.parse('{"constructor":"x"}') }),
      "variables.constructor",
      /refused/,
    );
    one(
      space({ space: { tables: [{ identifier: "a.b.c", columns: { prototype: {} } }] } }),
      "space.tables[0].columns.prototype",
      /the key 'prototype' is refused/,
    );
    one(
      space({ space: undefined, serializedSpace: '{"version":2,"__proto__":{"x":1}}' }),
      "serializedSpace.__proto__",
      /the key '__proto__' is refused/,
    );
  });

  it("accepts values unknown during preview anywhere they may appear", () => {
    assert.deepEqual(
      space({
        warehouseId: UNKNOWN,
        parentPath: UNKNOWN,
        adoptSpaceId: UNKNOWN,
        variables: { catalog: UNKNOWN },
        space: { tables: [UNKNOWN] },
      }),
      [],
    );
    assert.deepEqual(space({ space: UNKNOWN }), []);
  });
});

describe("GenieSpacePermissions check, called directly (a pure function)", () => {
  it("accepts well-formed grants of each kind", () => {
    assert.deepEqual(
      acl({
        grants: [
          { groupName: "analysts", level: "CAN_RUN" },
          { userName: "lead@example.com", level: "CAN_EDIT" },
          { servicePrincipalName: "00000000-0000-4000-8000-00000000c1c0", level: "CAN_MANAGE" },
        ],
      }),
      [],
    );
  });

  it("refuses a spaceId that is not a space id", () => {
    one(
      acl({ spaceId: "01f0" }),
      "spaceId",
      /"01f0" is 4 characters long; expected a Genie space id/,
    );
    one(acl({ spaceId: 7 }), "spaceId", /spaceId is required.*got a number/);
  });

  it("refuses principals that cannot be right: blank, padded, control characters, a display name for a service principal", () => {
    one(
      acl({ grants: [{ groupName: " analysts", level: "CAN_RUN" }] }),
      "grants[0].groupName",
      /has spaces around it/,
    );
    one(
      acl({ grants: [{ userName: "a\u0000b", level: "CAN_RUN" }] }),
      "grants[0].userName",
      /control character/,
    );
    one(acl({ grants: [{ groupName: "", level: "CAN_RUN" }] }), "grants[0].groupName", /blank/);
    one(
      acl({ grants: [{ servicePrincipalName: "ci-deployer", level: "CAN_RUN" }] }),
      "grants[0].servicePrincipalName",
      /is not an application id/,
    );
    one(
      acl({ grants: [{ groupName: 5, level: "CAN_RUN" }] }),
      "grants[0].groupName",
      /must be a string; got a number/,
    );
  });

  it("refuses levels, duplicates, shapes and unknown properties, each at its path", () => {
    one(
      acl({ grants: [{ groupName: "a", level: "CAN_VIEW" }] }),
      "grants[0].level",
      /got "CAN_VIEW"/,
    );
    one(
      acl({
        grants: [
          { groupName: "a", level: "CAN_RUN" },
          { groupName: "a", level: "CAN_READ" },
        ],
      }),
      "grants[1]",
      /group_name:a is also granted at grants\[0\]/,
    );
    one(acl({ grants: [{ level: "CAN_RUN" }] }), "grants[0]", /found none/);
    one(acl({ grants: [null] }), "grants[0]", /got null/);
    one(acl({ grants: {} }), "grants", /must be a list; got an object/);
    one(
      acl({ grants: [{ groupName: "a", levle: "CAN_RUN", level: "CAN_RUN" }] }),
      "grants[0].levle",
      /unknown property 'levle'/,
    );
    one(acl({ mode: "exclusive" }), "mode", /got "exclusive"/);
  });

  it("accepts values unknown during preview, and does not compare them", () => {
    assert.deepEqual(
      acl({
        spaceId: UNKNOWN,
        mode: UNKNOWN,
        grants: [
          { groupName: UNKNOWN, level: "CAN_RUN" },
          { groupName: UNKNOWN, level: "CAN_RUN" },
          UNKNOWN,
          { userName: "a@example.com", level: UNKNOWN },
        ],
      }),
      [],
    );
  });
});
