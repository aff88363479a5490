import { strict as assert } from "node:assert";
import fc from "fast-check";
import {
  canonicalize,
  type GenieSpaceSpec,
  serializeSpace,
  toSerializedSpace,
} from "../../provider";
import { reconcile } from "../../provider/model/reconcile";
import { specFromDocument } from "../../provider/model/spec-from-document";
import { resplitText, shuffleLists, spec } from "../support/arbitraries";
import { fixtureText } from "../support/fixtures";
import { changedPaths } from "../support/property-diff";

const RUNS = { numRuns: 120 };
/** A document edited freely, as the UI would. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Doc = Record<string, any>;
const doc = (s: unknown, variables?: Record<string, string>) =>
  JSON.parse(JSON.stringify(toSerializedSpace(s as object, { variables }).document)) as Record<
    string,
    never
  >;
/** As the server gives it back: new ids, lists re-sorted, text re-split per line. */
const served = (s: unknown, seed = 7) =>
  resplitText(shuffleLists(doc(s), seed), [1, 3]) as Record<string, unknown>;

describe("specFromDocument", () => {
  it("says what the document says: the spec of a spec's document means the same as the spec", () => {
    fc.assert(
      fc.property(spec, (s) => {
        assert.deepEqual(canonicalize(specFromDocument(doc(s))), canonicalize(s));
      }),
      RUNS,
    );
  });

  it("writes items in their short form, text in one piece, and the join relationship back as a field", () => {
    const d = doc({
      tables: [
        "dev.s.orders",
        { identifier: "dev.s.customers", description: "One row\nper customer" },
      ],
      sampleQuestions: ["How many?"],
      joins: [
        {
          left: "dev.s.orders",
          right: "dev.s.customers",
          sql: "a = b",
          relationship: "MANY_TO_ONE",
        },
      ],
      benchmarks: [{ question: "Count", sql: "SELECT\n1" }],
    });
    assert.deepEqual(specFromDocument(d), {
      tables: [
        { identifier: "dev.s.customers", description: "One row\nper customer" },
        "dev.s.orders",
      ],
      sampleQuestions: ["How many?"],
      joins: [
        {
          left: "dev.s.orders",
          right: "dev.s.customers",
          sql: "a = b",
          relationship: "MANY_TO_ONE",
        },
      ],
      benchmarks: [{ question: "Count", sql: "SELECT\n1" }],
    });
  });

  it("reads the real exports of the fixtures without losing what the spec can say", () => {
    for (const f of ["nyc_taxi.v2.geniespace.json", "server_export.v2.geniespace.json"]) {
      const d = doc(fixtureText(f));
      assert.deepEqual(canonicalize(specFromDocument(d)), canonicalize(d), f);
    }
  });
});

describe("reconcile: the program, changed exactly where the live space differs in meaning", () => {
  const program: GenieSpaceSpec = {
    tables: [
      "${catalog}.sales.orders",
      { identifier: "${catalog}.sales.customers", columns: { name: { synonyms: ["who"] } } },
    ],
    instructions: "Revenue is SUM(amount).",
    sampleQuestions: [
      "What was revenue last month?",
      { question: "Top customers?", id: "not-a-valid-id" },
    ],
  };
  const variables = { catalog: "dev" };
  const live = () => doc(program, variables) as Doc;

  it("returns the program itself (same object, same string) when the live space means the same", () => {
    assert.equal(reconcile(program, serializeSpace(live()), { variables }), program);
    const text = fixtureText("full_featured.v1.geniespace.json");
    assert.equal(reconcile(text, serializeSpace(doc(text))), text);
  });

  const edits: [string, (d: Doc) => void, string[]][] = [
    [
      "instructions edited",
      (d) => (d.instructions.text_instructions[0].content = ["Edited"]),
      ["instructions"],
    ],
    [
      "a table added",
      (d) => d.data_sources.tables.push({ identifier: "dev.sales.zzz" }),
      ["tables[2]"],
    ],
    [
      "a synonym added",
      (d) => (d.data_sources.tables[0].column_configs[0].synonyms = ["who", "client"]),
      ["tables[1].columns.name.synonyms[1]"],
    ],
    [
      "a question edited",
      (d) => {
        const q = d.config.sample_questions.find(
          (x: { question: string[] }) => x.question[0] === "Top customers?",
        );
        q.question = ["Top clients?"];
      },
      ["sampleQuestions[1].question"],
    ],
    [
      "a table described",
      (d) => (d.data_sources.tables[1].description = ["Orders"]),
      ["tables[0]"],
    ],
  ];
  for (const [what, edit, expected] of edits) {
    it(`${what}: differs at ${expected.join(", ")} only, placeholders and ids kept`, () => {
      const d = live();
      edit(d);
      const got = reconcile(program, serializeSpace(d), { variables }) as GenieSpaceSpec;
      assert.deepEqual(changedPaths(got as never, program as never), expected);
      assert.deepEqual(canonicalize(got, { variables }), canonicalize(d));
    });
  }

  it("a table given as a string becomes an object only when the UI gave it more than its name", () => {
    const d = live();
    d.data_sources.tables[1].description = ["Orders"];
    const got = reconcile(program, d, { variables }) as GenieSpaceSpec;
    assert.deepEqual(got.tables?.[0], {
      identifier: "${catalog}.sales.orders",
      description: "Orders",
    });
  });

  it("text from the UI that looks like a placeholder stays literal", () => {
    const d = live();
    d.instructions.text_instructions[0].content = ["Use ${var} in SQL"];
    const got = reconcile(program, d, { variables }) as GenieSpaceSpec;
    assert.equal(got.instructions, "Use $${var} in SQL");
    assert.deepEqual(canonicalize(got, { variables }), canonicalize(d));
  });

  it("a v1 document stays v1, with the v1 column flags, and a string stays a string laid out alike", () => {
    const text = fixtureText("full_featured.v1.geniespace.json");
    const d = doc(text) as Doc;
    d.data_sources.tables.push({
      identifier: "dev.sales.zzz",
      column_configs: [{ column_name: "x", enable_entity_matching: true }],
    });
    const got = reconcile(text, serializeSpace(d)) as string;
    assert.equal(typeof got, "string");
    const parsed = JSON.parse(got) as Doc;
    assert.equal(parsed.version, 1);
    assert.deepEqual(parsed.data_sources.tables.at(-1).column_configs, [
      { column_name: "x", build_value_dictionary: true },
    ]);
    assert.equal(got.split("\n")[1], text.split("\n")[1], "same indentation");
    assert.deepEqual(changedPaths({ d: got }, { d: text }), ["d.data_sources.tables[2]"]);
  });

  it("whatever the live space, the result means what it means, in the program's language", () => {
    fc.assert(
      fc.property(spec, spec, fc.integer({ min: 1, max: 1000 }), (mine, theirs, seed) => {
        const got = reconcile(mine, served(theirs, seed));
        assert.deepEqual(canonicalize(got), canonicalize(theirs));
        assert.doesNotThrow(() => toSerializedSpace(got as object), "still a valid spec");
      }),
      { numRuns: 60 },
    );
  });

  it("a live space that means the same as the program, however the server rewrote it, gives the program back", () => {
    fc.assert(
      fc.property(spec, fc.integer({ min: 1, max: 1000 }), (mine, seed) => {
        assert.equal(reconcile(mine, served(mine, seed)), mine);
      }),
      RUNS,
    );
  });
});
