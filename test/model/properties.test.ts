import { strict as assert } from "node:assert";
import fc from "fast-check";
import { canonicalize, diffSpaces, toSerializedSpace, validateSpace } from "../../provider";
import { serializedSpaceSchema } from "../../provider/model/schema";
import { genieSpaceSpecSchema } from "../../provider/model/schema";
import { resplitText, reverseKeys, shuffleLists, spec } from "../support/arbitraries";

// The generated specs have no parameters (an ordered list the server keeps as given), so every
// list of objects that shuffleLists reorders is one the server sorts.
const RUNS = { numRuns: 150 };

describe("model properties (fast-check)", () => {
  it("toSerializedSpace output always passes validateSpace, sorted as the server requires", () => {
    fc.assert(
      fc.property(spec, (s) => {
        const { document } = toSerializedSpace(s);
        const result = validateSpace(document);
        assert.deepEqual(result.errors, []);
      }),
      RUNS,
    );
  });

  it("canonicalize is idempotent", () => {
    fc.assert(
      fc.property(spec, (s) => {
        const once = canonicalize(s);
        assert.deepEqual(canonicalize(once), once);
      }),
      RUNS,
    );
  });

  it("canonicalize ignores the order of server-sorted lists and of keys", () => {
    fc.assert(
      fc.property(spec, fc.integer({ min: 1, max: 1_000_000 }), (s, seed) => {
        const doc = toSerializedSpace(s).document;
        assert.deepEqual(canonicalize(reverseKeys(shuffleLists(doc, seed))), canonicalize(doc));
      }),
      RUNS,
    );
  });

  it("canonicalize ignores how text is split into lines", () => {
    fc.assert(
      fc.property(
        spec,
        fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: 1 }),
        (s, cuts) => {
          const doc = toSerializedSpace(s).document;
          assert.deepEqual(canonicalize(resplitText(doc, cuts)), canonicalize(doc));
        },
      ),
      RUNS,
    );
  });

  it("a server-style rewrite (new ids, re-sorted, re-split) shows no difference", () => {
    fc.assert(
      fc.property(spec, fc.integer({ min: 1, max: 1_000_000 }), (s, seed) => {
        const sent = toSerializedSpace(s).document;
        const stored = resplitText(
          shuffleLists(
            JSON.parse(JSON.stringify(sent).replace(/"id":"[0-9a-f]{8}/g, '"id":"01f0f746')),
            seed,
          ),
          [0.3, 0.9],
        );
        assert.deepEqual(diffSpaces(sent, stored), []);
      }),
      RUNS,
    );
  });

  it("unknown fields survive toSerializedSpace and canonicalize", () => {
    const unknownKey = fc.stringMatching(/^x_[a-z]{1,6}$/);
    // Keys such as __proto__ are refused with their path (test/model/messages.test.ts), not kept.
    const value = fc
      .jsonValue()
      .filter((v) => !/"(__proto__|constructor|prototype)":/.test(JSON.stringify(v)));
    fc.assert(
      fc.property(spec, unknownKey, value, (s, key, value) => {
        const doc = toSerializedSpace(s).document as unknown as Record<string, unknown>;
        const tables = (doc["data_sources"] as { tables: Record<string, unknown>[] }).tables;
        (tables[0] as Record<string, unknown>)[key] = value;
        doc[key] = value;
        const again = toSerializedSpace(doc).document as unknown as Record<string, unknown>;
        // Compared as the wire carries it: fast-check's jsonValue may hold -0, which JSON writes as 0.
        assert.equal(JSON.stringify(again[key]), JSON.stringify(value));
        const canonical = canonicalize(doc);
        assert.equal(key in canonical || isDefault(value), true);
      }),
      RUNS,
    );
  });
});

/** Values the canonical form drops as defaults (proto3 JSON semantics). */
function isDefault(value: unknown): boolean {
  if (value === null || value === false || value === "") return true;
  if (Array.isArray(value)) return value.length === 0;
  if (typeof value === "object") return Object.values(value as object).every(isDefault);
  return false;
}

describe("fuzz: random JSON never crashes the validator or the schemas", () => {
  it("validateSpace returns problems, never throws, for any JSON value", () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        const result = validateSpace(value);
        assert.equal(
          result.errors.some((e) => e.rule === "internal"),
          false,
        );
      }),
      { numRuns: 500 },
    );
  });

  it("validateSpace survives any JSON value planted anywhere in a real document", () => {
    const base = toSerializedSpace({
      tables: ["a.b.c"],
      sampleQuestions: ["q"],
      exampleSqls: [{ question: "e", sql: "s" }],
    }).document;
    const paths = [
      ["version"],
      ["config"],
      ["config", "sample_questions"],
      ["config", "sample_questions", 0],
      ["config", "sample_questions", 0, "question"],
      ["data_sources", "tables"],
      ["data_sources", "tables", 0],
      ["data_sources", "tables", 0, "column_configs"],
      ["instructions"],
      ["instructions", "example_question_sqls", 0, "parameters"],
      ["instructions", "join_specs"],
      ["benchmarks"],
    ];
    fc.assert(
      fc.property(fc.constantFrom(...paths), fc.jsonValue(), (path, value) => {
        const doc = JSON.parse(JSON.stringify(base)) as Record<string, unknown>;
        let node: Record<string | number, unknown> = doc;
        for (const seg of path.slice(0, -1)) {
          const next = node[seg];
          if (typeof next !== "object" || next === null) node[seg] = {};
          node = node[seg] as Record<string | number, unknown>;
        }
        node[path[path.length - 1] as string] = value;
        const result = validateSpace(doc);
        assert.equal(
          result.errors.some((e) => e.rule === "internal"),
          false,
          JSON.stringify(result.errors),
        );
        // Whatever the schema rejects, the validator must reject too.
        if (!serializedSpaceSchema.safeParse(doc).success) assert.equal(result.valid, false);
      }),
      { numRuns: 500 },
    );
  });

  it("the schemas' safeParse never throws on any value", () => {
    fc.assert(
      fc.property(fc.anything(), (value) => {
        serializedSpaceSchema.safeParse(value);
        genieSpaceSpecSchema.safeParse(value);
      }),
      { numRuns: 500 },
    );
  });
});
