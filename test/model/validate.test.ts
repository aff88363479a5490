import { strict as assert } from "node:assert";
import {
  type GenieSpaceSpec,
  type Problem,
  toSerializedSpace,
  validateSpace,
} from "../../provider";
import { fixtureJson } from "../support/fixtures";

type Doc = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- test edits of raw JSON

const valid = (): Doc => fixtureJson("server_export.v2.geniespace.json");
const hex = (n: number) => n.toString(16).padStart(32, "0");

function only(result: { errors: Problem[]; warnings: Problem[] }, rule: string): Problem[] {
  return [...result.errors, ...result.warnings].filter((p) => p.rule === rule);
}

describe("validateSpace", () => {
  it("accepts the real server export as it is", () => {
    assert.deepEqual(validateSpace(valid()), { valid: true, errors: [], warnings: [] });
  });

  it("reports a wrong version in the server's words", () => {
    const { errors } = validateSpace({ ...valid(), version: 0 });
    assert.equal(errors[0]?.message, "ExportConverter supports versions 1 and 2, but got 0");
  });

  it("reports text given as a string instead of an array, with its path", () => {
    const doc = valid();
    doc.config.sample_questions[0].question = "plain";
    const { errors } = validateSpace(doc);
    assert.equal(errors[0]?.path, "config.sample_questions[0].question");
    assert.match(errors[0]?.fix ?? "", /arrays of strings/);
  });

  it("reports an invalid id in the server's words", () => {
    const doc = valid();
    doc.config.sample_questions[0].id = "sq_show_all";
    const [p] = only(validateSpace(doc), "id-format");
    assert.equal(
      p?.message,
      "Invalid id for sample_question.id: 'sq_show_all'. Expected lowercase 32-hex UUID",
    );
    assert.equal(p?.path, "config.sample_questions[0].id");
  });

  it("reports a missing id in a document", () => {
    const doc = valid();
    delete doc.instructions.sql_functions;
    doc.instructions.sql_functions = [{ identifier: "a.b.c" }];
    assert.equal(
      only(validateSpace(doc), "id-required")[0]?.path,
      "instructions.sql_functions[0].id",
    );
  });

  it("reports an id used twice in the space, across sections", () => {
    const doc = valid();
    doc.instructions.text_instructions[0].id = doc.config.sample_questions[0].id;
    assert.equal(only(validateSpace(doc), "id-unique").length, 1);
  });

  it("reports unsorted tables, columns and id lists in the server's words", () => {
    const doc = valid();
    doc.data_sources.tables.reverse();
    doc.data_sources.tables[1].column_configs.reverse();
    doc.instructions.example_question_sqls.reverse();
    const messages = only(validateSpace(doc), "sorted").map((p) => p.message);
    assert.deepEqual(messages, [
      "data_sources.tables must be sorted by identifier",
      "data_sources.table(brij_cat.default.employee_table).column_configs must be sorted by column_name",
      "instructions.example_question_sqls must be sorted by id",
    ]);
  });

  it("reports sql_functions sorted by id but not by (id, identifier)", () => {
    const doc = valid();
    doc.instructions.sql_functions = [
      { id: hex(1), identifier: "a.b.z" },
      { id: hex(1), identifier: "a.b.a" },
    ];
    const messages = only(validateSpace(doc), "sorted").map((p) => p.message);
    assert.deepEqual(messages, ["instructions.sql_functions must be sorted by (id, identifier)"]);
  });

  it("allows at most one text instruction", () => {
    const doc = valid();
    doc.instructions.text_instructions.push({ id: hex(9), content: ["more"] });
    assert.equal(
      only(validateSpace(doc), "max-items")[0]?.message,
      "instructions.text_instructions must contain at most one item",
    );
  });

  it("allows at most 50 SQL functions and 50 benchmarks", () => {
    const doc = valid();
    doc.instructions.sql_functions = Array.from({ length: 51 }, (_, i) => ({
      id: hex(100 + i),
      identifier: `a.b.f${String(i).padStart(2, "0")}`,
    }));
    doc.benchmarks = {
      questions: Array.from({ length: 51 }, (_, i) => ({
        id: hex(200 + i),
        question: [`q${i}`],
        answer: [{ format: "SQL", content: ["SELECT 1"] }],
      })),
    };
    const messages = only(validateSpace(doc), "max-items").map((p) => p.message);
    assert.deepEqual(messages, [
      "Exceeded maximum number (50) of instructions.sql_functions",
      "Exceeded maximum number (50) of benchmarks.questions",
    ]);
  });

  it("allows at most 30 tables", () => {
    const spec: GenieSpaceSpec = { tables: Array.from({ length: 31 }, (_, i) => `c.s.t${i}`) };
    assert.equal(only(validateSpace(spec), "max-items")[0]?.path, "tables");
  });

  it("limits strings to 25,000 characters", () => {
    const [p] = only(validateSpace({ instructions: "x".repeat(25_001) }), "max-length");
    assert.match(p?.message ?? "", /25001 characters/);
  });

  it("requires three-part identifiers for tables, functions and joins", () => {
    const spec: GenieSpaceSpec = {
      tables: ["orders", "`my-cat`.sales.`order.items`"],
      sqlFunctions: ["a.b"],
      joins: [{ left: "orders", right: "`my-cat`.sales.`order.items`", sql: "a = b" }],
    };
    const paths = only(validateSpace(spec), "identifier").map((p) => p.path);
    assert.deepEqual(paths, [
      "tables[0].identifier",
      "joins[0].left.identifier",
      "sqlFunctions[0].identifier",
    ]);
  });

  it("reports a table listed twice, ignoring case", () => {
    const [p] = only(validateSpace({ tables: ["a.b.c", "A.B.C"] }), "duplicate");
    assert.equal(p?.path, "tables[1].identifier");
  });

  it("reports duplicate questions and duplicate columns", () => {
    const spec: GenieSpaceSpec = {
      sampleQuestions: ["Same?", "same?"],
      exampleSqls: [
        { question: "Q", sql: "SELECT 1" },
        { question: "Q", sql: "SELECT 2" },
      ],
      benchmarks: [
        { question: "B", sql: "SELECT 1" },
        { question: "B", sql: "SELECT 1" },
      ],
    };
    const paths = only(validateSpace(spec), "duplicate").map((p) => p.path);
    assert.deepEqual(paths.sort(), [
      "benchmarks[1].question",
      "exampleSqls[1].question",
      "sampleQuestions[1].question",
    ]);
    const doc = valid();
    doc.data_sources.tables[1].column_configs.push({ column_name: "value" });
    assert.equal(
      only(validateSpace(doc), "duplicate")[0]?.path,
      "data_sources.tables[1].column_configs[1]",
    );
  });

  it("requires exactly one SQL answer per benchmark", () => {
    const doc = valid();
    doc.benchmarks = {
      questions: [
        { id: hex(1), question: ["none"], answer: [] },
        {
          id: hex(2),
          question: ["two"],
          answer: [
            { format: "SQL", content: ["SELECT 1"] },
            { format: "SQL", content: ["SELECT 2"] },
          ],
        },
        {
          id: hex(3),
          question: ["text"],
          answer: [{ format: "INSTRUCTIONS", content: ["do it"] }],
        },
      ],
    };
    const messages = only(validateSpace(doc), "benchmark-answer").map(
      (p) => `${p.path}: ${p.message}`,
    );
    assert.deepEqual(messages, [
      "benchmarks.questions[0].answer: a benchmark takes exactly one SQL answer, found 0",
      "benchmarks.questions[1].answer: a benchmark takes exactly one SQL answer, found 2",
      'benchmarks.questions[2].answer[0].format: answer format must be "SQL", got "INSTRUCTIONS"',
    ]);
  });

  it("reports v1 column flags in a v2 document", () => {
    const doc = valid();
    doc.data_sources.tables[0].column_configs[0].get_example_values = true;
    const [p] = only(validateSpace(doc), "column-flag-version");
    assert.equal(p?.path, "data_sources.tables[0].column_configs[0].get_example_values");
    assert.equal(p?.fix, "rename it to 'enable_format_assistance'");
  });

  it("warns when a join names a table that is not in the space", () => {
    const { valid: ok, warnings } = validateSpace({
      tables: ["a.b.c"],
      joins: [{ left: "a.b.c", right: "a.b.missing", sql: "c.x = missing.y" }],
    });
    assert.ok(ok);
    assert.equal(warnings[0]?.path, "joins[0].right");
    assert.equal(warnings[0]?.rule, "join-table");
  });

  it("warns about a declared parameter the SQL does not use", () => {
    const { warnings } = validateSpace({
      exampleSqls: [
        {
          question: "q",
          sql: "SELECT :used",
          parameters: [
            { name: "used", typeHint: "STRING" },
            { name: "unused", typeHint: "STRING" },
          ],
        },
      ],
    });
    assert.deepEqual(
      warnings.map((w) => w.path),
      ["exampleSqls[0].parameters[1].name"],
    );
  });

  it("reports space fields put inside the document in the server's words", () => {
    const [p] = only(validateSpace({ ...valid(), description: "x" }), "unknown-field");
    assert.equal(p?.message, "Cannot find field: description in message GenieSpaceExport");
    assert.equal(p?.severity, "error");
  });

  it("warns, without failing, about unknown top-level fields", () => {
    const result = validateSpace({ ...valid(), brand_new_section: {} });
    assert.ok(result.valid);
    assert.equal(result.warnings[0]?.path, "brand_new_section");
  });

  it("reports a misspelt spec property with its path", () => {
    const { errors } = validateSpace({ tables: [{ identifier: "a.b.c", colums: {} }] });
    assert.deepEqual(
      errors.map((e) => [e.path, e.message]),
      [["tables[0].colums", "unknown property 'colums'"]],
    );
  });

  it("reports empty questions and SQL", () => {
    const rules = validateSpace({
      sampleQuestions: [""],
      exampleSqls: [{ question: "q", sql: " " }],
      benchmarks: [{ question: "b", sql: "" }],
    });
    assert.deepEqual(
      only(rules, "required").map((p) => p.path),
      ["sampleQuestions[0].question", "exampleSqls[0].sql", "benchmarks[0].sql"],
    );
  });

  it("reports every problem at once", () => {
    const { errors } = validateSpace({ tables: ["x", "y"], sampleQuestions: ["", ""] });
    assert.deepEqual(
      errors.map((e) => `${e.path}: ${e.message}`),
      [
        "tables[0].identifier: 'x' is not a three-part name",
        "tables[1].identifier: 'y' is not a three-part name",
        "sampleQuestions[0].question: the sample question is empty",
        "sampleQuestions[1].question: the sample question is empty",
      ],
    );
  });

  it("reports no id, order or splitting problem for a spec: the model fixes those", () => {
    const result = validateSpace({ sampleQuestions: [{ question: "q", id: "bad" }] });
    assert.ok(result.valid);
    assert.equal(result.warnings[0]?.rule, "id-format");
  });

  for (const input of [
    undefined,
    null,
    42,
    "",
    "[1,2]",
    [],
    true,
    "null",
    { version: "2" },
    { version: 2, config: 7 },
  ]) {
    it(`returns problems, not an exception, for ${JSON.stringify(input) ?? "undefined"}`, () => {
      const result = validateSpace(input);
      assert.equal(result.valid, false);
      assert.ok(
        result.errors.every((e) => typeof e.path === "string" && e.message !== "" && e.fix !== ""),
      );
      assert.ok(!result.errors.some((e) => e.rule === "internal"));
    });
  }

  it("validates with variables substituted, reporting unknown ones", () => {
    const spec: GenieSpaceSpec = { tables: ["${catalog}.sales.orders"] };
    assert.ok(validateSpace(spec, { variables: { catalog: "dev" } }).valid);
    const { errors } = validateSpace(spec, { variables: {} });
    assert.equal(errors[0]?.rule, "variable-unknown");
  });

  it("accepts the model's own output for the reference spec", () => {
    const doc = toSerializedSpace({
      tables: ["a.b.c"],
      joins: [{ left: "a.b.c", right: "a.b.c", sql: "c.id = c_1.parent" }],
    }).document;
    assert.deepEqual(validateSpace(doc), { valid: true, errors: [], warnings: [] });
  });
});
