import { canonicalize, type CanonicalSpace, stableStringify } from "./canonical";
import { formatPath } from "./problems";
import { COLLECTIONS, keyedSublists, naturalKeyOf } from "./fields";
import { isObject, type Json, TEXT_FIELD_NAMES } from "./structure";

/** One difference between two spaces, at a path a person can read. */
export interface SpaceDifference {
  /** e.g. `instructions.example_question_sqls["Top products by revenue"].sql` */
  path: string;
  kind: "added" | "removed" | "changed";
  /** The value in the first document (absent for `added`). */
  before?: Json;
  /** The value in the second document (absent for `removed`). */
  after?: Json;
}

type KeyFn = (item: Json) => string;

const field =
  (name: string): KeyFn =>
  (item) =>
    isObject(item) && typeof item[name] === "string"
      ? (item[name] as string)
      : stableStringify(item);

/** Lists compared item by item, keyed by what a person recognises the item by (fields.ts). */
const KEYED_LISTS: ReadonlyMap<string, KeyFn> = new Map<string, KeyFn>(
  COLLECTIONS.flatMap((c): [string, KeyFn][] => {
    const path = c.path.join(".");
    const own: [string, KeyFn][] =
      c.naturalKey === "index"
        ? []
        : c.label === undefined && Array.isArray(c.naturalKey)
          ? [[path, field((c.naturalKey as readonly string[])[0] ?? "")]]
          : [[path, (item) => (isObject(item) ? naturalKeyOf(c, item, 0) : String(item))]];
    return [
      ...own,
      ...keyedSublists(c.fields).map(([sub, key]): [string, KeyFn] => [
        `${path}[].${sub}`,
        field(key),
      ]),
    ];
  }),
);

/**
 * What changed from `a` to `b`, by meaning: both sides are canonicalized first, so re-sorting,
 * re-split text, new ids and the v1 -> v2 migration are not differences. Accepts specs, documents
 * and JSON strings, in any mix.
 *
 * @example
 * diffSpaces(lastApplied, liveDocument)
 * // [{ path: 'instructions.text_instructions[0].content', kind: "changed", before: "...", after: "..." }]
 */
export function diffSpaces(a: unknown, b: unknown): SpaceDifference[] {
  return diffCanonical(canonicalize(a), canonicalize(b));
}

export function diffCanonical(a: CanonicalSpace, b: CanonicalSpace): SpaceDifference[] {
  const out: SpaceDifference[] = [];
  walk(a, b, "", "", out);
  return out;
}

/** `shape` is the path with keys and indices erased (`a.b[].c`), to look up how lists are keyed. */
function walk(
  a: Json | undefined,
  b: Json | undefined,
  path: string,
  shape: string,
  out: SpaceDifference[],
): void {
  if (a === undefined && b === undefined) return;
  if (a === undefined)
    return void out.push({ path, kind: "added", after: readable(b as Json, shape) });
  if (b === undefined) return void out.push({ path, kind: "removed", before: readable(a, shape) });
  if (isObject(a) && isObject(b)) {
    const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])].sort();
    for (const k of keys) {
      const seg = formatPath([k]);
      walk(
        a[k] as Json | undefined,
        b[k] as Json | undefined,
        join(path, seg),
        join(shape, seg),
        out,
      );
    }
    return;
  }
  const keyFn = KEYED_LISTS.get(shape);
  if (Array.isArray(a) && Array.isArray(b) && keyFn !== undefined) {
    const ka = keyed(a, keyFn);
    const kb = keyed(b, keyFn);
    for (const k of new Set([...ka.keys(), ...kb.keys()])) {
      walk(ka.get(k), kb.get(k), `${path}[${JSON.stringify(k)}]`, `${shape}[]`, out);
    }
    return;
  }
  if (Array.isArray(a) && Array.isArray(b) && shape === "instructions.text_instructions") {
    for (let i = 0; i < Math.max(a.length, b.length); i++)
      walk(a[i], b[i], `${path}[${i}]`, `${shape}[]`, out);
    return;
  }
  if (stableStringify(a) !== stableStringify(b)) {
    out.push({ path, kind: "changed", before: readable(a, shape), after: readable(b, shape) });
  }
}

/** Text fields hold one piece in the canonical form: show it as the string it is. */
function readable(value: Json, shape: string): Json {
  const field = shape.slice(shape.lastIndexOf(".") + 1);
  return TEXT_FIELDS.has(field) &&
    Array.isArray(value) &&
    value.length === 1 &&
    typeof value[0] === "string"
    ? value[0]
    : value;
}

const TEXT_FIELDS = TEXT_FIELD_NAMES;

function join(path: string, seg: string): string {
  return path === "" || seg.startsWith("[") ? path + seg : `${path}.${seg}`;
}

/** Items by key; a second item with the same key becomes `key#2`. */
function keyed(list: Json[], keyFn: KeyFn): Map<string, Json> {
  const map = new Map<string, Json>();
  for (const item of list) {
    const base = keyFn(item);
    let key = base;
    for (let n = 2; map.has(key); n++) key = `${base}#${n}`;
    map.set(key, item);
  }
  return map;
}

/** One line per difference, for previews and CLI output. */
export function formatDifferences(diffs: readonly SpaceDifference[]): string {
  const show = (v: Json | undefined) => {
    const s = JSON.stringify(v);
    return s.length > 120 ? s.slice(0, 117) + "..." : s;
  };
  return diffs
    .map((d) =>
      d.kind === "added"
        ? `+ ${d.path}: ${show(d.after)}`
        : d.kind === "removed"
          ? `- ${d.path}: ${show(d.before)}`
          : `~ ${d.path}: ${show(d.before)} => ${show(d.after)}`,
    )
    .join("\n");
}
