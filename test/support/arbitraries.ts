import fc from "fast-check";
import type { GenieSpaceSpec } from "../../provider";

/** fast-check generators of friendly specs within the server's limits. */
const part = fc.stringMatching(/^[a-z][a-z0-9_]{0,6}$/);
const identifier = fc.tuple(part, part, part).map((p) => p.join("."));
const words = fc.array(
  fc.oneof(fc.string({ maxLength: 8 }), fc.constantFrom("\n", " ", "\u00e9", "'")),
  {
    minLength: 1,
    maxLength: 8,
  },
);
/** Text with newlines in it, never blank. */
export const text = words.map((w) => w.join("")).filter((t) => t.trim() !== "");
const uniqueTexts = (max: number) =>
  fc.uniqueArray(text, { maxLength: max, selector: (t) => t.trim().toLowerCase() });

const column = fc.record(
  {
    description: text,
    synonyms: fc.array(fc.string({ maxLength: 6 }), { maxLength: 3 }),
    exclude: fc.boolean(),
    enableFormatAssistance: fc.boolean(),
    enableEntityMatching: fc.boolean(),
  },
  { requiredKeys: [] },
);

const table = fc.oneof(
  identifier,
  fc.record(
    {
      identifier,
      description: text,
      columns: fc.dictionary(part, column, { maxKeys: 4 }),
    },
    { requiredKeys: ["identifier"] },
  ),
);

const idOf = (t: string | { identifier: string }) => (typeof t === "string" ? t : t.identifier);

export const spec: fc.Arbitrary<GenieSpaceSpec> = fc
  .uniqueArray(table, { minLength: 1, maxLength: 8, selector: (t) => idOf(t).toLowerCase() })
  .chain((tables) =>
    fc.record(
      {
        tables: fc.constant(tables),
        instructions: text,
        sampleQuestions: uniqueTexts(5),
        exampleSqls: uniqueTexts(4).chain((qs) =>
          fc.tuple(
            ...qs.map((q) =>
              fc.record(
                { question: fc.constant(q), sql: text, usageGuidance: text },
                { requiredKeys: ["question", "sql"] },
              ),
            ),
          ),
        ),
        sqlFunctions: fc.uniqueArray(identifier, { maxLength: 4 }),
        joins: fc.array(
          fc.record(
            {
              left: fc.constantFrom(...tables.map(idOf)),
              right: fc.constantFrom(...tables.map(idOf)),
              sql: fc.constant("a.id = b.a_id"),
              relationship: fc.constantFrom(
                "ONE_TO_ONE",
                "ONE_TO_MANY",
                "MANY_TO_ONE",
                "MANY_TO_MANY" as const,
              ),
              comment: text,
            },
            { requiredKeys: ["left", "right", "sql"] },
          ),
          { maxLength: 3 },
        ),
        snippets: fc.record(
          {
            filters: fc.array(
              fc.record(
                { sql: text, displayName: fc.string({ maxLength: 6 }) },
                { requiredKeys: ["sql"] },
              ),
              { maxLength: 3 },
            ),
            measures: fc.array(
              fc.record(
                {
                  sql: text,
                  alias: fc.string({ maxLength: 6 }),
                  synonyms: fc.array(fc.string({ maxLength: 5 }), { maxLength: 2 }),
                },
                { requiredKeys: ["sql"] },
              ),
              { maxLength: 3 },
            ),
          },
          { requiredKeys: [] },
        ),
        benchmarks: uniqueTexts(5).map((qs) => qs.map((q) => ({ question: q, sql: "SELECT 1" }))),
      },
      { requiredKeys: ["tables"] },
    ),
  );

/** Re-splits every text list at the given cut points, as the server may on read. */
export function resplitText(doc: unknown, cuts: readonly number[]): unknown {
  const TEXT = new Set([
    "question",
    "sql",
    "content",
    "description",
    "usage_guidance",
    "instruction",
    "comment",
  ]);
  let n = 0;
  const walk = (node: unknown, key: string): unknown => {
    if (Array.isArray(node)) {
      if (TEXT.has(key) && node.every((s) => typeof s === "string")) {
        const whole = node.join("");
        const out: string[] = [];
        let start = 0;
        while (start < whole.length) {
          const len =
            1 + Math.floor((cuts[n++ % Math.max(cuts.length, 1)] ?? 0.5) * (whole.length - start));
          out.push(whole.slice(start, start + len));
          start += len;
        }
        return out;
      }
      return node.map((v) => walk(v, key));
    }
    if (typeof node === "object" && node !== null) {
      return Object.fromEntries(Object.entries(node).map(([k, v]) => [k, walk(v, k)]));
    }
    return node;
  };
  return walk(doc, "");
}

/** Reverses key order everywhere. */
export function reverseKeys(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(reverseKeys);
  if (typeof node === "object" && node !== null) {
    return Object.fromEntries(
      Object.entries(node)
        .reverse()
        .map(([k, v]) => [k, reverseKeys(v)]),
    );
  }
  return node;
}

/** Shuffles every list of objects (the lists the server sorts) with the given permutation seed. */
export function shuffleLists(node: unknown, seed: number): unknown {
  if (Array.isArray(node)) {
    const items = node.map((v) => shuffleLists(v, seed));
    if (!items.every((v) => typeof v === "object" && v !== null)) return items;
    let s = seed || 1;
    for (let i = items.length - 1; i > 0; i--) {
      s = (s * 1103515245 + 12345) & 0x7fffffff;
      const j = s % (i + 1);
      [items[i], items[j]] = [items[j], items[i]];
    }
    return items;
  }
  if (typeof node === "object" && node !== null) {
    return Object.fromEntries(Object.entries(node).map(([k, v]) => [k, shuffleLists(v, seed)]));
  }
  return node;
}

/** Text made of what trips variables up: Spark's ${...}, $${, lone braces, line breaks, names. */
export const trickyText = fc
  .array(
    fc.constantFrom(
      "${x}",
      "$${y}",
      "${",
      "}",
      "$",
      "$$",
      "{",
      "\n",
      " ",
      "a",
      "dev.sales.orders",
      "`dev`.sales.t",
      "${ bad }",
      "${a.b}",
      "dev",
    ),
    { maxLength: 14 },
  )
  .map((pieces) => `Text ${pieces.join("")} end`);
