import { strict as assert } from "node:assert";
import {
  type GenieSpaceSpec,
  serializeSpace,
  SpaceValidationError,
  toSerializedSpace,
  validateSpace,
} from "../../provider";
import { isValidId } from "../../provider/model";
import { fixtureText } from "../support/fixtures";

const spec = (): GenieSpaceSpec => ({
  tables: [
    "main.sales.orders",
    {
      identifier: "main.sales.customers",
      description: "People\nwho buy",
      columns: { name: { synonyms: ["who"] }, id: { exclude: true } },
    },
  ],
  instructions: "Line one\nLine two",
  sampleQuestions: ["How many orders?", "Revenue by month?"],
  exampleSqls: [{ question: "Top customers", sql: "SELECT 1\nFROM x", usageGuidance: "use it" }],
  sqlFunctions: ["main.udf.b", "main.udf.a"],
  joins: [
    {
      left: "main.sales.orders",
      right: "main.sales.customers",
      sql: "orders.customer_id = customers.id",
      relationship: "MANY_TO_ONE",
    },
  ],
  snippets: { measures: [{ sql: "SUM(amount)", displayName: "Revenue", alias: "revenue" }] },
  benchmarks: [{ question: "How many orders?", sql: "SELECT COUNT(*) FROM main.sales.orders" }],
});

describe("toSerializedSpace", () => {
  it("writes a version 2 document with text split per line", () => {
    const { document } = toSerializedSpace(spec());
    assert.equal(document.version, 2);
    assert.deepEqual(document.instructions?.text_instructions?.[0]?.content, [
      "Line one\n",
      "Line two",
    ]);
    assert.deepEqual(document.data_sources?.tables?.[0]?.description, ["People\n", "who buy"]);
  });

  it("sorts tables by identifier and columns by name", () => {
    const { document } = toSerializedSpace(spec());
    assert.deepEqual(
      document.data_sources?.tables?.map((t) => t.identifier),
      ["main.sales.customers", "main.sales.orders"],
    );
    assert.deepEqual(
      document.data_sources?.tables?.[0]?.column_configs?.map((c) => c.column_name),
      ["id", "name"],
    );
  });

  it("sorts id lists by id and sql_functions by (id, identifier)", () => {
    const { document } = toSerializedSpace(spec());
    const ids = document.config?.sample_questions?.map((q) => q.id ?? "") ?? [];
    assert.deepEqual(ids, [...ids].sort());
    const fns = document.instructions?.sql_functions?.map((f) => f.id ?? "") ?? [];
    assert.deepEqual(fns, [...fns].sort());
  });

  it("assigns the same ids on every run for the same input", () => {
    assert.equal(
      serializeSpace(toSerializedSpace(spec()).document),
      serializeSpace(toSerializedSpace(spec()).document),
    );
  });

  it("assigns valid, unique ids, question ids unique across sample questions and benchmarks", () => {
    const { document } = toSerializedSpace(spec());
    const sample = document.config?.sample_questions?.find(
      (q) => q.question[0] === "How many orders?",
    );
    const bench = document.benchmarks?.questions?.[0];
    assert.ok(sample?.id !== undefined && bench?.id !== undefined);
    assert.notEqual(sample.id, bench.id, "the same question text in both lists gets two ids");
    const all = JSON.stringify(document).match(/"id":"([^"]*)"/g) ?? [];
    assert.equal(new Set(all).size, all.length);
    for (const m of all) assert.ok(isValidId(m.slice(6, -1)));
  });

  it("keeps valid ids that are given", () => {
    const { document } = toSerializedSpace({
      sampleQuestions: [{ question: "q", id: "0123456789abcdef0123456789abcdef" }],
    });
    assert.equal(document.config?.sample_questions?.[0]?.id, "0123456789abcdef0123456789abcdef");
  });

  it("replaces an invalid given id, with a warning that names the path", () => {
    const { document, warnings } = toSerializedSpace({
      sampleQuestions: [{ question: "q", id: "sq-001" }],
    });
    assert.ok(isValidId(document.config?.sample_questions?.[0]?.id));
    assert.equal(warnings[0]?.path, "sampleQuestions[0].id");
    assert.match(warnings[0]?.message ?? "", /Invalid id for sample_question.id: 'sq-001'/);
  });

  it("replaces a duplicated id on its second use, with a warning", () => {
    const id = "0123456789abcdef0123456789abcdef";
    const { document, warnings } = toSerializedSpace({
      sampleQuestions: [
        { question: "a", id },
        { question: "b", id },
      ],
    });
    const ids = document.config?.sample_questions?.map((q) => q.id);
    assert.equal(new Set(ids).size, 2);
    assert.equal(warnings[0]?.rule, "id-unique");
    assert.equal(warnings[0]?.path, "sampleQuestions[1].id");
  });

  it("reuses the server's ids from the previous document by natural key", () => {
    const previous = toSerializedSpace(fixtureText("server_export.v2.geniespace.json")).document;
    const { document } = toSerializedSpace(
      { exampleSqls: [{ question: "who am i", sql: "SELECT current_user() -- edited" }] },
      { previous },
    );
    assert.equal(
      document.instructions?.example_question_sqls?.[0]?.id,
      "01f0f746f0bd13c6a7c7d88c6f427e08",
    );
  });

  it("writes the join relationship line and default aliases", () => {
    const { document } = toSerializedSpace(spec());
    const join = document.instructions?.join_specs?.[0];
    assert.deepEqual(join?.sql, [
      "orders.customer_id = customers.id\n",
      "--rt=FROM_RELATIONSHIP_TYPE_MANY_TO_ONE--",
    ]);
    assert.deepEqual(join?.left, { identifier: "main.sales.orders", alias: "orders" });
    assert.deepEqual(join?.right, { identifier: "main.sales.customers", alias: "customers" });
  });

  it("gives the right side of a self-join the alias name_1, as the UI does", () => {
    const { document } = toSerializedSpace({
      joins: [{ left: "a.b.orders", right: "a.b.orders", sql: "orders.prev = orders_1.id" }],
    });
    assert.equal(document.instructions?.join_specs?.[0]?.right.alias, "orders_1");
  });

  it("writes a benchmark as one SQL answer", () => {
    const { document } = toSerializedSpace(spec());
    assert.deepEqual(document.benchmarks?.questions?.[0]?.answer, [
      { format: "SQL", content: ["SELECT COUNT(*) FROM main.sales.orders"] },
    ]);
  });

  it("writes parameters with type hints and default values", () => {
    const { document } = toSerializedSpace({
      exampleSqls: [
        {
          question: "q",
          sql: "SELECT :n",
          parameters: [
            { name: "n", typeHint: "INTEGER", description: "how many", defaultValue: "10" },
          ],
        },
      ],
    });
    assert.deepEqual(document.instructions?.example_question_sqls?.[0]?.parameters, [
      {
        name: "n",
        type_hint: "INTEGER",
        description: ["how many"],
        default_value: { values: ["10"] },
      },
    ]);
  });

  it("keeps fields it does not know, at every level", () => {
    const doc = JSON.parse(fixtureText("nyc_taxi.v2.geniespace.json")) as Record<string, never>;
    const withUnknown = {
      ...(doc as object),
      future_section: { a: [1, 2] },
      data_sources: {
        tables: [
          {
            identifier: "samples.nyctaxi.trips",
            new_flag: true,
            column_configs: [{ column_name: "x", new_knob: "k" }],
          },
        ],
      },
    };
    const { document } = toSerializedSpace(withUnknown);
    const out = document as unknown as Record<string, unknown>;
    assert.deepEqual(out["future_section"], { a: [1, 2] });
    const table = document.data_sources?.tables?.[0] as unknown as Record<string, unknown>;
    assert.equal(table["new_flag"], true);
    assert.equal(
      (
        document.data_sources?.tables?.[0]?.column_configs?.[0] as unknown as Record<
          string,
          unknown
        >
      )["new_knob"],
      "k",
    );
  });

  it("does not change the object it is given", () => {
    const input = spec();
    const before = JSON.stringify(input);
    toSerializedSpace(input);
    assert.equal(JSON.stringify(input), before);
  });

  it("throws a SpaceValidationError listing every shape problem with its path", () => {
    assert.throws(
      () => toSerializedSpace({ tables: [42], sampleQuestions: "not a list" } as never),
      (e: unknown) => {
        assert.ok(e instanceof SpaceValidationError);
        assert.deepEqual(e.problems.map((p) => p.path).sort(), ["sampleQuestions", "tables[0]"]);
        return true;
      },
    );
  });

  it("throws on invalid JSON text, saying it is not JSON", () => {
    assert.throws(() => toSerializedSpace("{oops"), /not valid JSON/);
  });

  it("produces a document that validateSpace accepts", () => {
    const result = validateSpace(toSerializedSpace(spec()).document);
    assert.deepEqual(result.errors, []);
  });
});
