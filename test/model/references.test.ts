import { strict as assert } from "node:assert";
import {
  foundByReference,
  referenceProblems,
  spaceReferences,
  warehouseProblem,
} from "../../provider/model";

describe("model: what a space names in Unity Catalog, and what the lookups' answers mean", () => {
  it("a spec's tables, metric views, columns and functions at the spec's paths, in the order written", () => {
    const refs = spaceReferences({
      tables: ["dev.sales.zeta", { identifier: "dev.sales.alpha", columns: { "odd name": {} } }],
      metricViews: ["dev.sales.mv"],
      sqlFunctions: [{ identifier: "dev.sales.f" }],
    });
    assert.deepEqual(
      refs.map((r) => [r.kind, r.name, r.path, r.columns.map((c) => c.path)]),
      [
        ["table", "dev.sales.zeta", "tables[0]", []],
        ["table", "dev.sales.alpha", "tables[1]", ['tables[1].columns["odd name"]']],
        ["metricView", "dev.sales.mv", "metricViews[0]", []],
        ["function", "dev.sales.f", "sqlFunctions[0]", []],
      ],
    );
  });

  it("a document's at the document's paths, column settings by their index", () => {
    const refs = spaceReferences({
      version: 2,
      data_sources: {
        tables: [
          { identifier: "c.s.t", column_configs: [{ column_name: "a" }, { column_name: "b" }] },
        ],
      },
      instructions: { sql_functions: [{ id: "0".repeat(32), identifier: "c.s.f" }] },
    });
    assert.deepEqual(
      refs.map((r) => [r.path, r.columns.map((c) => c.path)]),
      [
        [
          "data_sources.tables[0]",
          ["data_sources.tables[0].column_configs[0]", "data_sources.tables[0].column_configs[1]"],
        ],
        ["instructions.sql_functions[0]", []],
      ],
    );
  });

  it("entries holding an unknown value are skipped", () => {
    const unknown = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";
    const refs = spaceReferences(
      { tables: ["c.s.t", unknown, { identifier: unknown }] },
      {
        isUnknown: (v) => v === unknown,
      },
    );
    assert.deepEqual(
      refs.map((r) => r.path),
      ["tables[0]"],
    );
  });

  it("names compare case-insensitively; a column check ignores letter case too", () => {
    const refs = spaceReferences({
      tables: [{ identifier: "Dev.Sales.Orders", columns: { Amount: {}, nope: {} } }],
    });
    const found = foundByReference(refs, {
      tables: new Map([["dev.sales.orders", { state: "found", columns: ["amount"] }]]),
      functions: new Map(),
    });
    assert.deepEqual(
      referenceProblems(refs, found, "space").map((p) => [p.path, p.rule]),
      [["space.tables[0].columns.nope", "column-missing"]],
    );
  });

  it("a table that could not be looked up is 'lookup-failed', not missing, and its columns are not judged", () => {
    const refs = spaceReferences({ tables: [{ identifier: "c.s.t", columns: { a: {} } }] });
    const found = foundByReference(refs, {
      tables: new Map([["c.s.t", { state: "failed", message: "503" }]]),
      functions: new Map(),
    });
    assert.deepEqual(
      referenceProblems(refs, found).map((p) => p.rule),
      ["lookup-failed"],
    );
  });

  it("a warehouse that is found is no problem; a missing one names the path and how to list them", () => {
    assert.equal(warehouseProblem("a", { state: "found" }, "warehouseId"), undefined);
    const p = warehouseProblem("a", { state: "missing" }, "warehouseId");
    assert.equal(p?.path, "warehouseId");
    assert.match(p?.fix ?? "", /databricks warehouses list/);
  });
});
