import { strict as assert } from "node:assert";
import fc from "fast-check";
import { genieSpaceSpecSchema } from "../../provider/model/schema";
import { certainlyValidSpec } from "../../provider/model/spec-check";
import { spec } from "../support/arbitraries";

/**
 * The quick spec check (spec-check.ts) lets check skip zod for a valid spec. Its one promise: it
 * never vouches for a spec the zod schema refuses, and a spec it vouches for parses to itself.
 */
function agrees(value: unknown): void {
  if (!certainlyValidSpec(value)) return;
  const parsed = genieSpaceSpecSchema.safeParse(value);
  assert.ok(parsed.success, `vouched for a spec zod refuses: ${JSON.stringify(value)}`);
  const json = (x: unknown) => JSON.parse(JSON.stringify(x)) as unknown;
  assert.deepEqual(json(parsed.data), json(value));
}

type Path = (string | number)[];

/** Every place in a value: each object key and list item, at any depth. */
function places(value: unknown, at: Path = [], out: Path[] = []): Path[] {
  out.push(at);
  if (Array.isArray(value)) value.forEach((v, i) => places(v, [...at, i], out));
  else if (typeof value === "object" && value !== null)
    for (const [k, v] of Object.entries(value)) places(v, [...at, k], out);
  return out;
}

/** `value` with the place `path` replaced, or, for an object, given one more key. */
function mutate(value: unknown, path: Path, replacement: unknown, key?: string): unknown {
  if (path.length === 0) {
    if (key !== undefined && typeof value === "object" && value !== null && !Array.isArray(value))
      return { ...value, [key]: replacement };
    return replacement;
  }
  const [step, ...rest] = path;
  const copy = (Array.isArray(value) ? [...value] : { ...(value as object) }) as Record<
    string | number,
    unknown
  >;
  copy[step as string] = mutate(copy[step as string], rest, replacement, key);
  return copy;
}

const replacement = fc.oneof(
  fc.constantFrom(undefined, null, true, 0, "", [], {}, "MANY_TO_ONE", "SQL", ["a"], [1]),
  fc.string({ maxLength: 5 }),
  fc.jsonValue({ maxDepth: 2 }),
);
const key = fc.constantFrom("identifier", "alias", "question", "sql", "columns", "synonyms", "x");

describe("the quick spec check never vouches for a spec the schema refuses", () => {
  it("vouches for the random valid specs of the property tests", () => {
    fc.assert(
      fc.property(spec, (s) => {
        assert.ok(certainlyValidSpec(s), JSON.stringify(s));
        agrees(s);
      }),
      { numRuns: 300 },
    );
  });

  it("agrees with the schema on random specs changed in one place", () => {
    fc.assert(
      fc.property(spec, fc.nat(), replacement, fc.option(key), (s, at, r, k) => {
        const all = places(s);
        agrees(mutate(s, all[at % all.length] as Path, r, k ?? undefined));
      }),
      { numRuns: 5000 },
    );
  });

  it("refuses what is no plain spec: a list, a string, a class instance, an unknown key", () => {
    for (const v of [[], "tables", new Date(), { tables: ["a.b.c"], tabels: [] }, null])
      assert.equal(certainlyValidSpec(v), false, String(v));
  });
});
