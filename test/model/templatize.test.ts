import { strict as assert } from "node:assert";
import fc from "fast-check";
import { canonicalize, toSerializedSpace, validateSpace } from "../../provider";
import { splitIdentifier, substituteVariables } from "../../provider/model";
import { inferVariables, placeholdersIn, templatize } from "../../provider/model";
import { spec } from "../support/arbitraries";
import { DOCUMENT_FIXTURES, fixtureJson } from "../support/fixtures";

const V = { catalog: "dev", schema: "sales" };
const t = (s: string, v: Record<string, string> = V) => templatize(s, v).value;

/** The catalog and schema of a document's first table: what a user would templatize. */
function mapOf(doc: { data_sources?: { tables?: { identifier: string }[] } }) {
  const first = doc.data_sources?.tables?.[0]?.identifier ?? "a.b.c";
  const [catalog, schema] = splitIdentifier(first) ?? [];
  return { catalog: catalog as string, schema: schema as string };
}

describe("templatize: catalog and schema names to ${placeholders}", () => {
  it("rewrites whole catalog and schema parts of three- and four-part names", () => {
    assert.equal(t("dev.sales.orders"), "${catalog}.${schema}.orders");
    assert.equal(t("SUM(dev.sales.orders.amount)"), "SUM(${catalog}.${schema}.orders.amount)");
    assert.equal(t("`dev`.`sales`.`my table`"), "`${catalog}`.`${schema}`.`my table`");
    assert.equal(
      t("Revenue lives in dev.sales.orders."),
      "Revenue lives in ${catalog}.${schema}.orders.",
    );
  });

  it("never rewrites part of another word, a table name, or a longer dotted name", () => {
    assert.equal(t("devices.marketing.t"), "devices.marketing.t");
    assert.equal(t("dev_old.sales_eu.t"), "dev_old.sales_eu.t");
    assert.equal(t("orders.dev"), "orders.dev");
    assert.equal(t("x.dev.sales.orders.amount"), "x.dev.sales.orders.amount");
    assert.equal(t("prod.sales.sales"), "prod.${schema}.sales");
    assert.equal(t("dev.dev.t", { catalog: "dev" }), "${catalog}.dev.t");
    assert.equal(t("DEV.sales.t"), "DEV.${schema}.t");
    assert.equal(t("$dev.sales.t"), "$dev.sales.t");
  });

  it("escapes Spark's own ${var} so substitution gives it back", () => {
    const text = "SELECT * FROM dev.sales.t WHERE d = '${day}' AND x = '$${y}'";
    const out = t(text);
    assert.equal(out, "SELECT * FROM ${catalog}.${schema}.t WHERE d = '$${day}' AND x = '$$${y}'");
    assert.equal(substituteVariables(out, V).value, text);
    assert.deepEqual(placeholdersIn(out), ["catalog", "schema"]);
  });

  it("leaves names inside a Spark ${...} or after an unclosed ${ as they are, so substitution gives the text back", () => {
    for (const text of [
      "Costs in ${ USD, see dev.sales.orders",
      "x = '${ dev.sales.orders }' and dev.sales.t",
      "a ${ $${ b dev.sales.t",
    ]) {
      const out = t(text);
      assert.equal(substituteVariables(out, V).value, text, out);
    }
    assert.equal(t("${ dev.sales.t } dev.sales.t"), "$${ dev.sales.t } ${catalog}.${schema}.t");
    fc.assert(
      fc.property(
        fc.array(
          fc.constantFrom(
            "dev",
            "sales",
            "x",
            ".",
            "$",
            "{",
            "}",
            "`",
            "`dev`",
            " ",
            "${",
            "dev.sales.t",
          ),
          {
            maxLength: 10,
          },
        ),
        (pieces) => {
          const text = pieces.join("");
          assert.equal(substituteVariables(t(text), V).value, text);
        },
      ),
      { numRuns: 2000 },
    );
  });

  it("refuses a map whose placeholder for a part cannot be told, or whose value is not one part", () => {
    assert.match(
      templatize("x", { a: "dev", b: "dev" }).problems[0]?.message ?? "",
      /also the value of a/,
    );
    assert.match(
      templatize("x", { catalog: "dev.sales" }).problems[0]?.message ?? "",
      /not one part/,
    );
    assert.deepEqual(templatize("x", { catalog: "same", schema: "same" }).problems, []);
  });

  for (const name of DOCUMENT_FIXTURES)
    it(`${name}: templatized, then substituted, is the same document byte for byte`, () => {
      const doc = toSerializedSpace(fixtureJson(name)).document;
      const map = mapOf(doc);
      const out = templatize(doc, map);
      assert.deepEqual(out.problems, []);
      assert.notEqual(JSON.stringify(out.value), JSON.stringify(doc), "something was templatized");
      assert.deepEqual(substituteVariables(out.value, map).value, doc);
      assert.deepEqual(validateSpace(out.value, { variables: map }).errors, []);
    });

  it("random documents: substitute(templatize(doc)) is doc, and it validates with the same variables", () => {
    fc.assert(
      fc.property(spec, (s) => {
        const doc = toSerializedSpace(s).document;
        const map = mapOf(doc);
        const out = templatize(doc, map);
        assert.deepEqual(out.problems, []);
        const back = substituteVariables(out.value, map);
        assert.deepEqual(back.problems, []);
        assert.deepEqual(back.value, doc);
        assert.deepEqual(canonicalize(out.value, { variables: map }), canonicalize(doc));
        assert.deepEqual(inferVariables(out.value, doc).variables, map);
      }),
      { numRuns: 150 },
    );
  });
});

describe("inferVariables: the placeholders' values from a live document", () => {
  it("reads them from dotted names that match", () => {
    const r = inferVariables(
      { t: ["${catalog}.${schema}.orders", "${catalog}.other.x", "free ${day} text"] },
      { t: ["prod.sales.orders", "prod.other.x"] },
    );
    assert.deepEqual(r, {
      variables: { catalog: "prod", schema: "sales" },
      unresolved: [],
      conflicts: [],
    });
  });

  it("a live name tells only the template names that say the most of it: the same table in two schemas", () => {
    const live = { t: ["dev.sales.orders", "dev.archive.orders"] };
    const template = templatize(live, { catalog: "dev", schema: "sales" }).value;
    assert.deepEqual(template, { t: ["${catalog}.${schema}.orders", "${catalog}.archive.orders"] });
    const r = inferVariables(template, live);
    assert.deepEqual(r, {
      variables: { catalog: "dev", schema: "sales" },
      unresolved: [],
      conflicts: [],
    });
  });

  it("names variables no live name tells, and those two names tell differently", () => {
    const r = inferVariables(
      { t: ["${catalog}.sales.orders", "${catalog}.sales.customers", "${schema}.x.y"] },
      { t: ["dev.sales.orders", "qa.sales.customers"] },
    );
    assert.deepEqual(r.unresolved, ["schema"]);
    assert.deepEqual(r.conflicts, ["catalog (dev, qa)"]);
  });
});
