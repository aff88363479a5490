import { camelCase, COLLECTIONS, type Field, specName } from "./fields";
import { formatPath, type PathSegment } from "./problems";

/**
 * Document paths in a friendly spec's terms, for problems found after a spec was converted: the
 * lists by their spec names (`config.sample_questions[2]` -> `sampleQuestions[2]`), the fields
 * inside an item by theirs (`usage_guidance` -> `usageGuidance`, `answer[0].content` -> `sql`).
 * Both come from the field table (fields.ts).
 */

/** Where a spec keeps the lists the document keeps elsewhere. */
const SPEC_LISTS: [string, string][] = COLLECTIONS.filter((c) => c.single === undefined).map(
  (c) => [c.path.join("."), c.spec],
);

/** A document path (as a string) with its list's part in the spec's terms. */
export function specListPath(path: string): string {
  for (const [wire, spec] of SPEC_LISTS) {
    if (path === wire || path.startsWith(wire + "[") || path.startsWith(wire + "."))
      return spec + path.slice(wire.length);
  }
  return path;
}

/** Every field of the table by its wire name (a name means the same wherever it stands). */
const BY_WIRE = new Map<string, Field>();
const index = (fields: readonly Field[]): void => {
  for (const f of fields) {
    if (f.wire !== undefined && !BY_WIRE.has(f.wire)) BY_WIRE.set(f.wire, f);
    index(f.fields ?? []);
  }
};
for (const c of COLLECTIONS) index(c.fields);

/** A path inside one item of a document, in the spec's terms. */
export function specRest(rest: readonly PathSegment[]): string {
  const out: PathSegment[] = [];
  for (let i = 0; i < rest.length; i++) {
    const seg = rest[i];
    if (typeof seg !== "string") {
      out.push(seg ?? 0);
      continue;
    }
    const field = BY_WIRE.get(seg);
    if (field === undefined) {
      out.push(camelCase(seg));
      continue;
    }
    out.push(specName(field) ?? seg);
    // A field the spec writes in a form of its own (a benchmark's answer is its SQL) ends there;
    // a list the spec keys by name (columns) is not indexed.
    if (field.form !== undefined && field.kind !== "object") break;
    if (field.keyedBy !== undefined) i++;
  }
  return formatPath(out);
}
