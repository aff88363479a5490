import { strict as assert } from "node:assert";
import { canonicalize, diffSpaces, formatDifferences, toSerializedSpace } from "../../provider";
import { fixtureJson, fixtureText } from "../support/fixtures";

type Doc = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- test edits of raw JSON

const serverExport = (): Doc => fixtureJson("server_export.v2.geniespace.json");

describe("canonicalize", () => {
  it("treats a v1 document and its server-migrated v2 form as the same", () => {
    const v1 = fixtureText("full_featured.v1.geniespace.json");
    const asServerStoresIt = toSerializedSpace(v1).document;
    assert.deepEqual(canonicalize(asServerStoresIt), canonicalize(v1));
  });

  it("ignores ids, which the server assigns", () => {
    const doc = serverExport();
    doc.config.sample_questions[0].id = "ffffffffffffffffffffffffffffffff";
    assert.deepEqual(canonicalize(doc), canonicalize(serverExport()));
  });

  it("ignores how text is split into pieces", () => {
    const doc = serverExport();
    doc.instructions.text_instructions[0].content = ["This is ", "a test ", "instruction"];
    assert.deepEqual(canonicalize(doc), canonicalize(serverExport()));
  });

  it("ignores key order", () => {
    const nyc = fixtureJson("nyc_taxi.v2.geniespace.json");
    const reordered = Object.fromEntries(Object.entries(nyc).reverse());
    assert.deepEqual(canonicalize(reordered), canonicalize(nyc));
  });

  it("ignores the order of the lists the server sorts", () => {
    const doc = serverExport();
    doc.instructions.example_question_sqls.reverse();
    doc.data_sources.tables.reverse();
    doc.data_sources.tables[1].column_configs.reverse();
    assert.deepEqual(canonicalize(doc), canonicalize(serverExport()));
  });

  it("treats false flags and empty lists as absent, as proto3 JSON does", () => {
    const doc = serverExport();
    doc.data_sources.tables[0].column_configs[1].enable_entity_matching = false;
    doc.data_sources.tables[0].column_configs[1].exclude = false;
    doc.instructions.sql_functions = [];
    assert.deepEqual(canonicalize(doc), canonicalize(serverExport()));
  });

  it("treats the join relationship line with or without a newline before it as the same", () => {
    const doc = serverExport();
    doc.instructions.join_specs[0].sql = [
      "`employee_table`.`state` = `requirements`.`value`\n",
      "--rt=FROM_RELATIONSHIP_TYPE_MANY_TO_MANY--",
    ];
    assert.deepEqual(canonicalize(doc), canonicalize(serverExport()));
  });

  it("keeps the user's order of synonyms, which the server keeps", () => {
    const doc = serverExport();
    doc.data_sources.tables[0].column_configs[0].synonyms = ["b", "a"];
    const other = serverExport();
    other.data_sources.tables[0].column_configs[0].synonyms = ["a", "b"];
    assert.notDeepEqual(canonicalize(doc), canonicalize(other));
  });

  it("keeps unknown fields", () => {
    const doc = { ...serverExport(), future: { x: 1 } };
    assert.deepEqual(canonicalize(doc)["future"], { x: 1 });
  });

  it("is a fixed point: canonicalizing the canonical form changes nothing", () => {
    const once = canonicalize(serverExport());
    assert.deepEqual(canonicalize(once), once);
  });
});

describe("diffSpaces", () => {
  it("finds no difference between a document and the server's rewrite of it", () => {
    const sent = toSerializedSpace({ tables: ["a.b.c"], instructions: "x\ny" }).document;
    const stored = JSON.parse(JSON.stringify(sent)) as Doc;
    stored.instructions.text_instructions[0].id = "01f0f746e44915429f5f454993dbb596";
    assert.deepEqual(diffSpaces(sent, stored), []);
  });

  it("names a changed example SQL by its question", () => {
    const before = { exampleSqls: [{ question: "Top products by revenue", sql: "SELECT 1" }] };
    const after = { exampleSqls: [{ question: "Top products by revenue", sql: "SELECT 2" }] };
    assert.deepEqual(diffSpaces(before, after), [
      {
        path: 'instructions.example_question_sqls["Top products by revenue"].sql',
        kind: "changed",
        before: "SELECT 1",
        after: "SELECT 2",
      },
    ]);
  });

  // Each edit a user can make in the UI, applied to the real export: each must show.
  const edits: [string, (d: Doc) => void, string][] = [
    [
      "an instruction's text",
      (d) => (d.instructions.text_instructions[0].content = ["New rules"]),
      "instructions.text_instructions[0].content",
    ],
    [
      "a table added",
      (d) => d.data_sources.tables.push({ identifier: "brij_cat.default.zzz" }),
      'data_sources.tables["brij_cat.default.zzz"]',
    ],
    [
      "a table removed",
      (d) => d.data_sources.tables.pop(),
      'data_sources.tables["brij_cat.default.requirements"]',
    ],
    [
      "a table description",
      (d) => (d.data_sources.tables[0].description = ["Staff"]),
      'data_sources.tables["brij_cat.default.employee_table"].description',
    ],
    [
      "a column description",
      (d) => (d.data_sources.tables[0].column_configs[0].description = ["Nation"]),
      'data_sources.tables["brij_cat.default.employee_table"].column_configs["country"].description',
    ],
    [
      "a column synonym",
      (d) => d.data_sources.tables[0].column_configs[0].synonyms.push("nation"),
      'data_sources.tables["brij_cat.default.employee_table"].column_configs["country"].synonyms',
    ],
    [
      "a column hidden",
      (d) => (d.data_sources.tables[0].column_configs[0].exclude = true),
      'data_sources.tables["brij_cat.default.employee_table"].column_configs["country"].exclude',
    ],
    [
      "entity matching turned off",
      (d) => delete d.data_sources.tables[0].column_configs[0].enable_entity_matching,
      'data_sources.tables["brij_cat.default.employee_table"].column_configs["country"].enable_entity_matching',
    ],
    [
      "a sample question added",
      (d) =>
        d.config.sample_questions.push({
          id: "01f0fbe3f3231ce4b489307d554ee87c",
          question: ["How many?"],
        }),
      'config.sample_questions["How many?"]',
    ],
    [
      "an example question's SQL",
      (d) => (d.instructions.example_question_sqls[0].sql = ["SELECT 2"]),
      'instructions.example_question_sqls["who am i"].sql',
    ],
    [
      "a parameter's default",
      (d) => (d.instructions.example_question_sqls[1].parameters[0].default_value.values = ["x"]),
      'instructions.example_question_sqls["sample"].parameters["param_test"].default_value.values',
    ],
    [
      "usage guidance",
      (d) => (d.instructions.example_question_sqls[1].usage_guidance = ["Other"]),
      'instructions.example_question_sqls["sample"].usage_guidance',
    ],
    [
      "a join condition",
      (d) => (d.instructions.join_specs[0].sql[0] = "a = b"),
      'instructions.join_specs["brij_cat.default.employee_table JOIN brij_cat.default.requirements"].sql',
    ],
    [
      "a join instruction",
      (d) => (d.instructions.join_specs[0].instruction = ["x"]),
      'instructions.join_specs["brij_cat.default.employee_table JOIN brij_cat.default.requirements"].instruction',
    ],
    [
      "a filter's SQL",
      (d) => (d.instructions.sql_snippets.filters[0].sql = ["1 = 1"]),
      'instructions.sql_snippets.filters["country"].sql',
    ],
    [
      "a measure's synonyms",
      (d) => (d.instructions.sql_snippets.measures[0].synonyms = []),
      'instructions.sql_snippets.measures["ss"].synonyms',
    ],
    [
      "an expression's instruction",
      (d) => (d.instructions.sql_snippets.expressions[0].instruction = ["y"]),
      'instructions.sql_snippets.expressions["sample"].instruction',
    ],
    [
      "a SQL function added",
      (d) =>
        (d.instructions.sql_functions = [
          { id: "01f0fbe5ed6c1a0ab250d77e209ffb15", identifier: "a.b.f" },
        ]),
      "instructions.sql_functions",
    ],
    [
      "a benchmark added",
      (d) =>
        (d.benchmarks = {
          questions: [
            {
              id: "01f0fbe5ed6c1a0ab250d77e209ffb16",
              question: ["q"],
              answer: [{ format: "SQL", content: ["SELECT 1"] }],
            },
          ],
        }),
      "benchmarks",
    ],
  ];
  for (const [what, edit, path] of edits) {
    it(`shows ${what} at ${path}`, () => {
      const after = serverExport();
      edit(after);
      const diffs = diffSpaces(serverExport(), after);
      assert.ok(diffs.length > 0, "no difference found");
      assert.ok(
        diffs.some((d) => d.path === path),
        `paths: ${diffs.map((d) => d.path).join(", ")}`,
      );
    });
  }

  it("tells apart two items with the same key by their order", () => {
    const diffs = diffSpaces({ sampleQuestions: ["a"] }, { sampleQuestions: ["a", "a"] });
    assert.deepEqual(
      diffs.map((d) => d.path),
      ['config.sample_questions["a#2"]'],
    );
  });

  it("formats differences one per line with +, - and ~", () => {
    const text = formatDifferences(
      diffSpaces(
        { instructions: "a", tables: ["x.y.z"] },
        { instructions: "b", sampleQuestions: ["q"] },
      ),
    );
    assert.equal(
      text,
      [
        '+ config: {"sample_questions":[{"question":["q"]}]}',
        '- data_sources: {"tables":[{"identifier":"x.y.z"}]}',
        '~ instructions.text_instructions[0].content: "a" => "b"',
      ].join("\n"),
    );
  });
});
