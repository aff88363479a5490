import { strict as assert } from "node:assert";
import { fieldsToSend, findDrift, refreshedInputs } from "../../provider/resources/drift";
import type { SpaceState } from "../../provider/resources/inputs";
import {
  parsePermissionsState,
  usablePermissionsState,
} from "../../provider/resources/permissions-state";
import {
  fromLine,
  parseSpaceState,
  type Repair,
  UnusableStateError,
  usableSpaceState,
} from "../../provider/resources/space-state";

const DOC = '{\n  "version": 2\n}\n';
const HASH = "a".repeat(64);

/** A state as this release writes it. */
const current = (): SpaceState => ({
  title: "Sales",
  description: "",
  warehouseId: "a1b2c3d4e5f60718",
  parentPath: "/Shared/genie",
  space: { tables: ["dev.sales.orders"] },
  spaceId: "01f0aaaabbbbccccddddeeeeffff0000",
  etag: "etag-1",
  url: "http://x/genie/rooms/01f0aaaabbbbccccddddeeeeffff0000",
  serializedSpace: DOC,
  appliedHash: HASH,
  canonicalVersion: 1,
  applied: {
    title: "Sales",
    description: "",
    warehouseId: "a1b2c3d4e5f60718",
    parentPath: "/Shared/genie",
  },
  drift: [],
  driftRecord: [],
  declared: {
    title: "Sales",
    warehouseId: "a1b2c3d4e5f60718",
    parentPath: "/Workspace/Shared/genie/",
    space: { tables: ["dev.sales.orders"] },
  },
});

/** A state as 0.1.0 wrote it: drift as display lines only, no record, no copy of the inputs. */
const firstRelease = (): Record<string, unknown> => {
  const s: Record<string, unknown> = { ...current() };
  delete s["driftRecord"];
  delete s["declared"];
  s["drift"] = [
    '~ title: "Sales" => "Renamed in the UI"',
    '- serializedSpace.data_sources.tables["dev.sales.orders"]: {"identifier":"dev.sales.orders"}',
  ];
  return s;
};

const repair: Repair = {
  spaceId: "01f0aaaabbbbccccddddeeeeffff0000",
  url: "http://x/genie/rooms/01f0aaaabbbbccccddddeeeeffff0000",
  title: "Live title",
  description: "live description",
  warehouseId: "b2c3d4e5f6071829",
  parentPath: "/Shared/live",
  serializedSpace: DOC,
};
const fields = (raw: unknown) => parseSpaceState(raw).problems.map((p) => p.field);
const without = (k: string) => {
  const s: Record<string, unknown> = { ...current() };
  delete s[k];
  return s;
};

describe("GenieSpace state, read defensively (space-state.ts)", () => {
  it("a state of this release reads back as it is, with no problem", () => {
    const { state, problems } = parseSpaceState(current());
    assert.deepEqual(problems, []);
    assert.deepEqual(state, current());
  });

  it("a state of 0.1.0 reads with no problem: its drift lines become the record update works from", () => {
    const { state, problems } = parseSpaceState(firstRelease());
    assert.deepEqual(problems, []);
    assert.deepEqual(state.driftRecord, [
      { field: "title" },
      { field: "serializedSpace", path: 'data_sources.tables["dev.sales.orders"]' },
    ]);
    assert.equal(state.declared, undefined);
  });

  it("a 0.1.0 state without `applied` takes its top-level fields as applied", () => {
    const { state, problems } = parseSpaceState(without("applied"));
    assert.deepEqual(problems, []);
    assert.deepEqual(state.applied, {
      title: "Sales",
      description: "",
      warehouseId: "a1b2c3d4e5f60718",
      parentPath: "/Shared/genie",
    });
  });

  it("a drift line this version cannot read counts as a change of everything update can safely send again", () => {
    assert.deepEqual(
      fromLine("? something new").map((c) => c.field),
      ["description", "warehouseId", "serializedSpace"],
    );
    assert.deepEqual(fromLine('~ warehouseId: "a" => "b"'), [{ field: "warehouseId" }]);
  });

  // The four states that crashed with a TypeError (issue 11), and every other field broken.
  const broken: [string, Record<string, unknown>, string[]][] = [
    ["a numeric parentPath", { ...current(), parentPath: 42 }, ["parentPath"]],
    [
      "neither serializedSpace nor canonicalVersion",
      (() => {
        const s = without("serializedSpace");
        delete s["canonicalVersion"];
        return s;
      })(),
      ["serializedSpace"],
    ],
    ["no title", without("title"), ["title"]],
    ["no warehouseId", without("warehouseId"), ["warehouseId"]],
    ["a description that is a list", { ...current(), description: ["x"] }, ["description"]],
    [
      "a document that is not JSON",
      { ...current(), serializedSpace: "{nope" },
      ["serializedSpace"],
    ],
    [
      "a document that is a JSON list",
      { ...current(), serializedSpace: "[]" },
      ["serializedSpace"],
    ],
    ["a hash that is not sha256", { ...current(), appliedHash: "x" }, ["appliedHash"]],
    [
      "a canonicalVersion that is a string",
      { ...current(), canonicalVersion: "1" },
      ["canonicalVersion"],
    ],
    ["applied that is a string", { ...current(), applied: "Sales" }, ["applied"]],
    [
      "applied with a numeric title",
      { ...current(), applied: { ...current().applied, title: 1 } },
      ["applied.title"],
    ],
    ["drift that is a number", { ...current(), drift: 3 }, ["drift"]],
    ["drift lines that are not strings", { ...current(), drift: [{ a: 1 }] }, ["drift"]],
    [
      "a record of an unknown field",
      { ...current(), driftRecord: [{ field: "colour" }] },
      ["driftRecord"],
    ],
    ["a record that is an object", { ...current(), driftRecord: {} }, ["driftRecord"]],
    ["a baseline that is a number", { ...current(), driftBaseline: 1 }, ["driftBaseline"]],
    ["variables that are not strings", { ...current(), variables: { a: 1 } }, ["variables"]],
    ["a space that is a string", { ...current(), space: "tables" }, ["space"]],
    ["an etag that is a number", { ...current(), etag: 5 }, ["etag"]],
    ["no spaceId", without("spaceId"), ["spaceId"]],
    ["a url that is a number", { ...current(), url: 1 }, ["url"]],
    [
      "declared without a title",
      { ...current(), declared: { warehouseId: "w" } },
      ["declared.title"],
    ],
    [
      "declared with a numeric folder",
      { ...current(), declared: { title: "t", warehouseId: "w", parentPath: 1 } },
      ["declared.parentPath"],
    ],
    [
      "a state that is a string",
      "state" as never,
      ["(state)", "title", "warehouseId", "spaceId", "url", "serializedSpace"],
    ],
  ];
  for (const [what, raw, expected] of broken) {
    it(`${what}: diff and update refuse it naming ${expected.join(", ")} and the way out; refresh repairs it`, () => {
      assert.deepEqual(fields(raw), expected);
      assert.throws(
        () => usableSpaceState(raw, "01f0aaaabbbbccccddddeeeeffff0000"),
        (e: unknown) =>
          e instanceof UnusableStateError &&
          expected.every((f) => e.message.includes(`  ${f}: expected `)) &&
          e.message.includes("`pulumi refresh`") &&
          e.message.includes('adoptSpaceId: "01f0aaaabbbbccccddddeeeeffff0000"'),
      );
      const repaired = parseSpaceState(raw, repair).state;
      assert.deepEqual(parseSpaceState(JSON.parse(JSON.stringify(repaired))).problems, []);
    });
  }

  it("a drift that is a string (which no release wrote) is read as one line, not a crash", () => {
    const { state, problems } = parseSpaceState({
      ...firstRelease(),
      drift: '~ description: "" => "x"',
    });
    assert.deepEqual(problems, []);
    assert.deepEqual(state.drift, ['~ description: "" => "x"']);
    assert.deepEqual(state.driftRecord, [{ field: "description" }]);
  });

  it("refresh repairs a field from the live space, and a repaired document is compared by content", () => {
    const { state } = parseSpaceState(
      { ...current(), title: 3, serializedSpace: 1, spaceId: undefined },
      repair,
    );
    assert.equal(state.title, "Live title");
    assert.equal(state.spaceId, repair.spaceId, "the spaceId output stays the space's id");
    assert.equal(state.serializedSpace, DOC);
    assert.equal(state.canonicalVersion, 0);
  });

  it("an error names what was found, briefly, and no more", () => {
    assert.throws(
      () => usableSpaceState({ ...current(), parentPath: 42, title: "x".repeat(500) }, "id"),
      /the state of GenieSpace id cannot be used:\n {2}parentPath: expected a string, found a number \(42\)\n/,
    );
  });
});

describe("drift as data (drift.ts)", () => {
  const live = {
    space_id: "01f0aaaabbbbccccddddeeeeffff0000",
    title: "Sales",
    description: "",
    warehouse_id: "a1b2c3d4e5f60718",
    parent_path: "/Shared/genie",
    serialized_space: DOC,
  };

  it("update sends what the record says drifted, whatever the display lines say", () => {
    const s = {
      ...current(),
      drift: ["~ title: garbage"],
      driftRecord: [{ field: "description" as const }],
    };
    assert.deepEqual([...fieldsToSend(s, s.declared as never, [])], ["description"]);
    const lines = { ...current(), drift: ['~ description: "a" => "b"'], driftRecord: [] };
    assert.deepEqual([...fieldsToSend(lines, lines.declared as never, [])], []);
  });

  it("update moves the space back only when the program names a folder", () => {
    const s = { ...current(), driftRecord: [{ field: "parentPath" as const }] };
    assert.deepEqual([...fieldsToSend(s, { title: "t", warehouseId: "w" }, [])], []);
    assert.deepEqual(
      [...fieldsToSend(s, { title: "t", warehouseId: "w", parentPath: "/x" }, [])],
      ["parentPath"],
    );
  });

  it("a folder is compared by meaning, and is no drift when the program names none", () => {
    assert.deepEqual(findDrift(current(), { ...live, parent_path: "/Shared/genie/" }), []);
    const moved = { ...live, parent_path: "/Shared" };
    assert.deepEqual(findDrift(current(), moved), [
      { field: "parentPath", before: "/Shared/genie", after: "/Shared" },
    ]);
    const unnamed = { ...current(), declared: { title: "Sales", warehouseId: "a1b2c3d4e5f60718" } };
    assert.deepEqual(findDrift(unnamed, moved), []);
  });

  it("with no drift, refresh hands back the program's inputs exactly; a 0.1.0 state leaves the engine's", () => {
    assert.deepEqual(refreshedInputs(current(), live, []), current().declared);
    assert.equal(refreshedInputs(parseSpaceState(firstRelease()).state, live, []), undefined);
  });
});

describe("GenieSpacePermissions state, read defensively (permissions-state.ts)", () => {
  const ok = () => ({
    spaceId: "01f0aaaabbbbccccddddeeeeffff0000",
    grants: [{ groupName: "analysts", level: "CAN_RUN" }],
    mode: "additive",
    drift: [],
  });

  it("a state of this release reads with no problem", () => {
    assert.deepEqual(parsePermissionsState(ok()).problems, []);
  });

  const broken: [string, Record<string, unknown>, string[]][] = [
    ["no spaceId", { ...ok(), spaceId: undefined }, ["spaceId"]],
    ["grants that are an object", { ...ok(), grants: {} }, ["grants"]],
    [
      "a grant with two principals",
      { ...ok(), grants: [{ groupName: "a", userName: "b", level: "CAN_RUN" }] },
      ["grants[0]"],
    ],
    [
      "a grant with an unknown level",
      { ...ok(), grants: [{ groupName: "a", level: "CAN_VIEW" }] },
      ["grants[0].level"],
    ],
    ["an unknown mode", { ...ok(), mode: "exclusive" }, ["mode"]],
    ["drift that is a number", { ...ok(), drift: 1 }, ["drift"]],
  ];
  for (const [what, raw, expected] of broken) {
    it(`${what}: named, with the way out`, () => {
      assert.deepEqual(
        parsePermissionsState(JSON.parse(JSON.stringify(raw))).problems.map((p) => p.field),
        expected,
      );
      for (const method of ["diff", "update", "delete"] as const)
        assert.throws(
          () => usablePermissionsState(JSON.parse(JSON.stringify(raw)), "x/permissions", method),
          (e: unknown) =>
            e instanceof UnusableStateError &&
            e.message.includes(`  ${expected[0] ?? ""}: expected `) &&
            /pulumi refresh|pulumi state delete/.test(e.message),
        );
    });
  }

  it("refresh rebuilds drift, so read does not stop on it; diff tells to refresh", () => {
    const raw = { ...ok(), drift: 1 };
    assert.deepEqual(usablePermissionsState(raw, "x", "read").drift, []);
    assert.throws(() => usablePermissionsState(raw, "x", "diff"), /Run `pulumi refresh`/);
    assert.deepEqual(usablePermissionsState({ ...ok(), drift: "+ a" }, "x", "diff").drift, ["+ a"]);
  });

  it("what refresh cannot rebuild names `pulumi state delete`; on delete, removing the grants by hand first", () => {
    const raw = { ...ok(), grants: "analysts" };
    assert.throws(() => usablePermissionsState(raw, "x", "read"), /pulumi state delete <urn>/);
    assert.throws(() => usablePermissionsState(raw, "x", "delete"), /Share dialog, then drop/);
  });
});
