import { strict as assert } from "node:assert";
import { canonicalize, diffSpaces, toSerializedSpace, validateSpace } from "../../provider";
import { reconcile } from "../../provider/model/reconcile";
import { specFromDocument } from "../../provider/model/spec-from-document";

// One field added to the field table (fields.ts) and nothing else in the model: every step below
// follows from that one entry.
const spec = {
  sqlFunctions: [
    "main.udf.plain",
    { identifier: "main.udf.fiscal_quarter", description: "Fiscal quarter of a date" },
  ],
};

describe("sqlFunctions[].description, added by one entry of the field table", () => {
  it("is written to the document as a plain string next to the identifier", () => {
    const { document } = toSerializedSpace(spec);
    const fn = document.instructions?.sql_functions?.find(
      (f) => f.identifier === "main.udf.fiscal_quarter",
    );
    assert.equal(fn?.description, "Fiscal quarter of a date");
  });

  it("is read back into the spec, and a function without one stays a plain identifier", () => {
    const back = specFromDocument(toSerializedSpace(spec).document).sqlFunctions ?? [];
    assert.equal(back.length, 2);
    assert.ok(back.includes("main.udf.plain"));
    assert.deepEqual(
      back.find((f) => typeof f === "object"),
      { identifier: "main.udf.fiscal_quarter", description: "Fiscal quarter of a date" },
    );
  });

  it("is part of the space's meaning: an edited description is a difference at its own path", () => {
    const edited = {
      sqlFunctions: [
        "main.udf.plain",
        { identifier: "main.udf.fiscal_quarter", description: "Quarter, fiscal" },
      ],
    };
    assert.notDeepEqual(canonicalize(spec), canonicalize(edited));
    assert.deepEqual(
      diffSpaces(spec, edited).map((d) => d.path),
      ['instructions.sql_functions["main.udf.fiscal_quarter"].description'],
    );
  });

  it("refresh takes an edited description into the program's own spec", () => {
    const live = toSerializedSpace({
      sqlFunctions: [
        "main.udf.plain",
        { identifier: "main.udf.fiscal_quarter", description: "Edited in the UI" },
      ],
    }).document;
    const merged = reconcile(spec, live) as typeof spec;
    assert.deepEqual(merged.sqlFunctions[1], {
      identifier: "main.udf.fiscal_quarter",
      description: "Edited in the UI",
    });
    assert.equal(merged.sqlFunctions[0], "main.udf.plain");
  });

  it("is checked against the spec's schema, at the item (a function is a string or an object)", () => {
    const { errors } = validateSpace({
      sqlFunctions: [{ identifier: "main.udf.f", description: 7 }],
    });
    assert.deepEqual(
      errors.map((e) => [e.path, e.rule]),
      [["sqlFunctions[0]", "schema-invalid_union"]],
    );
  });

  it("is refused as a list, in a document, where it is one plain string", () => {
    const { errors } = validateSpace({
      version: 2,
      instructions: {
        sql_functions: [
          { id: "0".repeat(32), identifier: "main.udf.f", description: ["not", "a list"] },
        ],
      },
    });
    assert.deepEqual(
      errors.map((e) => e.path),
      ["instructions.sql_functions[0].description"],
    );
  });
});
