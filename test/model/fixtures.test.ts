import { strict as assert } from "node:assert";
import {
  canonicalize,
  diffSpaces,
  serializeSpace,
  toSerializedSpace,
  validateSpace,
} from "../../provider";
import { serializedSpaceSchema } from "../../provider/model/schema";
import {
  DOCUMENT_FIXTURES,
  fixtureJson,
  fixtureText,
  serverGetDocument,
} from "../support/fixtures";

describe("public fixtures (golden)", () => {
  for (const name of DOCUMENT_FIXTURES) {
    describe(name, () => {
      it("parses with the schema of its version", () => {
        const parsed = serializedSpaceSchema.safeParse(fixtureJson(name));
        assert.ok(parsed.success, JSON.stringify(!parsed.success && parsed.error.issues));
      });

      it("converts to a version 2 document that validates without errors or warnings", () => {
        const { document } = toSerializedSpace(fixtureText(name));
        assert.equal(document.version, 2);
        const result = validateSpace(document);
        assert.deepEqual(result.errors, []);
        assert.deepEqual(result.warnings, []);
      });

      it("round-trips through serialize and parse with no difference", () => {
        const { document } = toSerializedSpace(fixtureText(name));
        const again = JSON.parse(serializeSpace(document)) as unknown;
        assert.deepEqual(diffSpaces(fixtureText(name), again), []);
        assert.deepEqual(canonicalize(again), canonicalize(fixtureJson(name)));
      });

      it("converts idempotently: converting the output again changes nothing", () => {
        const once = toSerializedSpace(fixtureText(name)).document;
        const twice = toSerializedSpace(once).document;
        assert.deepEqual(twice, once);
      });
    });
  }

  it("server GET response: its serialized_space string equals the raw export fixture", () => {
    assert.deepEqual(
      diffSpaces(serverGetDocument(), fixtureText("server_export.v2.geniespace.json")),
      [],
    );
  });

  it("server export v2 is valid as sent by the server, with no warnings", () => {
    const result = validateSpace(fixtureText("server_export.v2.geniespace.json"));
    assert.deepEqual([...result.errors, ...result.warnings], []);
  });

  it("nyc_taxi v2 (keys sorted alphabetically, as bundles ship it) is valid as it is", () => {
    assert.ok(validateSpace(fixtureText("nyc_taxi.v2.geniespace.json")).valid);
  });

  describe("full_featured v1", () => {
    const raw = () => fixtureText("full_featured.v1.geniespace.json");

    it("is rejected as it is, for the reasons the real server gives", () => {
      const { errors } = validateSpace(raw());
      const messages = errors.map((e) => `${e.path}: ${e.message}`);
      assert.ok(
        messages.includes(
          "config.sample_questions[0].id: Invalid id for sample_question.id: 'sq-001'. Expected lowercase 32-hex UUID",
        ),
      );
      assert.ok(
        messages.includes("data_sources.tables: data_sources.tables must be sorted by identifier"),
      );
      assert.ok(
        messages.includes(
          "data_sources.tables[0].column_configs: data_sources.table(main.sales.orders).column_configs must be sorted by column_name",
        ),
      );
      assert.equal(errors.filter((e) => e.rule === "id-format").length, 10);
    });

    it("becomes a valid v2 document with every item and setting intact", () => {
      const { document, warnings } = toSerializedSpace(raw());
      assert.equal(warnings.length, 10, "one warning per replaced id");
      assert.ok(warnings.every((w) => w.rule === "id-format" && w.severity === "warning"));
      const orders = document.data_sources?.tables?.find(
        (t) => t.identifier === "main.sales.orders",
      );
      assert.deepEqual(orders?.column_configs, [
        { column_name: "amount", enable_format_assistance: false },
        { column_name: "customer_id", enable_format_assistance: true },
        { column_name: "order_id", enable_format_assistance: true, enable_entity_matching: true },
      ]);
      assert.equal(document.config?.sample_questions?.length, 2);
      assert.equal(document.instructions?.example_question_sqls?.length, 2);
      assert.equal(document.instructions?.sql_snippets?.measures?.length, 2);
      assert.equal(document.benchmarks?.questions?.length, 2);
      const topCustomers = document.instructions?.example_question_sqls?.find((e) =>
        e.question.join("").startsWith("What are the top customers"),
      );
      assert.deepEqual(topCustomers?.parameters?.[0]?.default_value, { values: ["2024-01-01"] });
      assert.equal(
        topCustomers?.sql.join(""),
        (
          fixtureJson("full_featured.v1.geniespace.json") as never as {
            instructions: { example_question_sqls: { sql: string[] }[] };
          }
        ).instructions.example_question_sqls[0]?.sql.join(""),
      );
    });
  });
});
