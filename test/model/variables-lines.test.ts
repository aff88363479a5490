import { strict as assert } from "node:assert";
import fc from "fast-check";
import { canonicalize, toSerializedSpace } from "../../provider";
import { stableStringify, substituteVariables } from "../../provider/model";
import { specFromDocument } from "../../provider/model/spec-from-document";
import { holdsLiteral, placeholdersIn, templatize } from "../../provider/model/templatize";
import { trickyText } from "../support/arbitraries";

const V = { catalog: "dev", schema: "sales" };

/** The wire's cut: one string per line, each but the last ending in a line break. */
const lines = (text: string) => text.split(/(?<=\n)/);

describe("variables across line breaks: one rule for the document (cut per line) and the spec (joined)", () => {
  it("a ${ whose } is on a later line is text, in substitution and in templatize alike", () => {
    const text = "SELECT ${\n amount} FROM dev.sales.t";
    assert.deepEqual(substituteVariables(text, V), { value: text, problems: [] });
    assert.deepEqual(placeholdersIn(text), []);
    assert.equal(holdsLiteral("$${\n x}"), false);
    const out = templatize(text, V).value;
    assert.equal(out, "SELECT ${\n amount} FROM ${catalog}.${schema}.t");
    assert.equal(substituteVariables(out, V).value, text);
  });

  it("templatized per line then joined, substituted, gives the text back (what pull into a spec does)", () => {
    fc.assert(
      fc.property(trickyText, (text) => {
        const perLine = lines(text)
          .map((l) => templatize(l, V).value)
          .join("");
        assert.equal(perLine, templatize(text, V).value);
        const back = substituteVariables(perLine, V);
        assert.deepEqual(back.problems, []);
        assert.equal(back.value, text);
      }),
      { numRuns: 3000 },
    );
  });

  it("a space's document and its spec, templatized, mean the live space with the same variables", () => {
    fc.assert(
      fc.property(trickyText, trickyText, (instructions, sql) => {
        const { document } = toSerializedSpace({
          tables: ["dev.sales.orders"],
          instructions,
          exampleSqls: [{ question: "How much?", sql: `SELECT 1 -- ${sql}` }],
        });
        const live = stableStringify(canonicalize(document));
        const templated = templatize(document, V).value;
        const asDocument = canonicalize(templated, { variables: V });
        const asSpec = canonicalize(specFromDocument(templated as never), { variables: V });
        assert.equal(stableStringify(asDocument), live);
        assert.equal(stableStringify(asSpec), live);
        // Without variables, the raw forms mean the space as they are.
        assert.equal(stableStringify(canonicalize(specFromDocument(document as never))), live);
      }),
      { numRuns: 300 },
    );
  });
});
