import { strict as assert } from "node:assert";
import fc from "fast-check";
import { toSerializedSpace } from "../../provider";
import { canonicalOf, stableStringify } from "../../provider/model/canonical";
import { canonicalText } from "../../provider/model/canonical-text";
import { canonicalHash } from "../../provider/resources/inputs";
import { resplitText, reverseKeys, shuffleLists, spec } from "../support/arbitraries";
import {
  referenceCanonicalHash,
  referenceCanonicalOf,
  referenceStableStringify,
} from "../support/canonical-reference";
import {
  DOCUMENT_FIXTURES,
  fixtureJson,
  fixtureText,
  serverGetDocument,
} from "../support/fixtures";

/**
 * The canonical form is what the state's `appliedHash` is the hash of: the one-pass canonical
 * text (issue #13) must give, byte for byte, what the implementation before it gave, or every
 * existing stack would see a change of its spaces on upgrade (CANONICAL_VERSION was not bumped).
 * The reference is a frozen copy of that implementation (test/support/canonical-reference.ts).
 */
type Doc = Record<string, unknown>;

const reference = (doc: Doc) => referenceStableStringify(referenceCanonicalOf(doc));

function assertSame(doc: Doc, label: string): void {
  const expected = reference(doc);
  assert.equal(canonicalText(doc), expected, `canonical text of ${label}`);
  assert.equal(stableStringify(canonicalOf(doc)), expected, `canonicalOf of ${label}`);
  assert.equal(canonicalHash(doc as never), referenceCanonicalHash(doc), `hash of ${label}`);
}

// Values anywhere: defaults (null, false, "", []), text that is no list of strings, lists of lists.
const leaf = fc.oneof(
  fc.constantFrom(null, false, true, "", 0, [], {}, ["a\n", "b"], [""], ["", ""], [1, "a"]),
  fc.string({ maxLength: 6 }),
  fc.integer(),
  fc.array(fc.string({ maxLength: 4 }), { maxLength: 3 }),
  fc.jsonValue({ maxDepth: 2 }),
);
const text = fc.oneof(
  fc.array(fc.constantFrom("a", "b\n", "", "c d\n", "\u00e9"), { maxLength: 4 }),
  leaf,
);
const id = fc.oneof(fc.stringMatching(/^[0-9a-f]{32}$/), leaf);
const column = fc.oneof(
  fc.record(
    {
      column_name: fc.constantFrom("a", "b", "c", ""),
      description: text,
      synonyms: fc.array(fc.constantFrom("x", "y", "", "x"), { maxLength: 3 }),
      enable_entity_matching: fc.boolean(),
      exclude: leaf,
      extra: leaf,
    },
    { requiredKeys: [] },
  ),
  leaf,
);
const table = fc.oneof(
  fc.record(
    {
      identifier: fc.constantFrom("c.s.a", "c.s.b", "c.s.c"),
      description: text,
      column_configs: fc.oneof(fc.array(column, { maxLength: 4 }), leaf),
      other: leaf,
    },
    { requiredKeys: [] },
  ),
  leaf,
);
const relationship = fc.constantFrom(
  "a.x = b.y",
  "a.x = b.y\n--rt=FROM_RELATIONSHIP_TYPE_MANY_TO_ONE--",
  "a.x = b.y--rt=FROM_RELATIONSHIP_TYPE_ONE_TO_ONE--  \n",
  "--rt=FROM_RELATIONSHIP_TYPE_--",
);
const join = fc.record(
  {
    id,
    left: fc.oneof(fc.record({ identifier: fc.constantFrom("c.s.a", "c.s.b"), alias: leaf }), leaf),
    sql: fc.oneof(
      relationship.map((r) => [r]),
      fc.tuple(fc.constantFrom("a.x = b.y\n", "", "a"), relationship),
      text,
    ),
    comment: text,
  },
  { requiredKeys: [] },
);
const item = fc.record(
  {
    id,
    question: text,
    content: text,
    sql: text,
    identifier: leaf,
    usage_guidance: text,
    answer: fc.oneof(fc.array(fc.record({ format: leaf, content: text }), { maxLength: 2 }), leaf),
    parameters: fc.oneof(
      fc.array(fc.record({ name: leaf, description: text, default_value: leaf }), { maxLength: 2 }),
      leaf,
    ),
  },
  { requiredKeys: [] },
);
const list = <T>(a: fc.Arbitrary<T>) => fc.oneof(fc.array(a, { maxLength: 4 }), leaf);
const rawDocument: fc.Arbitrary<Doc> = fc.record(
  {
    version: fc.constantFrom(1, 2, "2", null),
    config: fc.oneof(fc.record({ sample_questions: list(item) }, { requiredKeys: [] }), leaf),
    data_sources: fc.oneof(
      fc.record({ tables: list(table), metric_views: list(table) }, { requiredKeys: [] }),
      leaf,
    ),
    instructions: fc.oneof(
      fc.record(
        {
          text_instructions: list(item),
          example_question_sqls: list(item),
          sql_functions: list(item),
          join_specs: list(fc.oneof(join, leaf)),
          sql_snippets: fc.oneof(
            fc.record(
              { filters: list(item), expressions: list(item), measures: list(item) },
              { requiredKeys: [] },
            ),
            leaf,
          ),
        },
        { requiredKeys: [] },
      ),
      leaf,
    ),
    benchmarks: fc.oneof(fc.record({ questions: list(item) }, { requiredKeys: [] }), leaf),
    unknown_section: leaf,
  },
  { requiredKeys: [] },
);

describe("the canonical form is byte-identical to the implementation before issue #13", () => {
  it("on the public fixtures, as exported, as converted, and rewritten as the server rewrites them", () => {
    for (const name of DOCUMENT_FIXTURES) {
      assertSame(fixtureJson(name), name);
      assertSame(
        toSerializedSpace(fixtureText(name)).document as unknown as Doc,
        `${name} converted`,
      );
      assertSame(reverseKeys(fixtureJson(name)) as Doc, `${name} with keys reversed`);
      assertSame(shuffleLists(fixtureJson(name), 7) as Doc, `${name} with lists shuffled`);
      assertSame(resplitText(fixtureJson(name), [1, 3]) as Doc, `${name} with text re-split`);
    }
    assertSame(JSON.parse(serverGetDocument()) as Doc, "server_get_response");
  });

  it("on documents converted from random specs", () => {
    fc.assert(
      fc.property(spec, fc.integer({ min: 0, max: 1000 }), (s, seed) => {
        const doc = toSerializedSpace(s).document as unknown as Doc;
        assertSame(doc, "the converted spec");
        assertSame(shuffleLists(doc, seed) as Doc, "the converted spec, lists shuffled");
      }),
      { numRuns: 200 },
    );
  });

  it("on random raw documents: defaults, wrong types, duplicate items, relationship lines", () => {
    fc.assert(
      fc.property(rawDocument, (doc) => assertSame(doc, JSON.stringify(doc))),
      { numRuns: 2000 },
    );
  });
});
