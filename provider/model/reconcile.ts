import { canonicalize, stableStringify } from "./canonical";
import {
  type Collection,
  COLLECTIONS,
  keyedSublists,
  naturalKeyOf,
  specNameOf,
  V1_TO_V2_COLUMN_FLAGS,
} from "./fields";
import { looksLikeDocument, renameFlags } from "./serialize";
import { specFromDocument } from "./spec-from-document";
import { columnsOf, isObject, type JsonObject, textOf } from "./structure";
import { substituteVariables } from "./variables";

/**
 * `program` (a friendly spec, or a document as an object or a JSON string) changed exactly where it
 * differs in meaning from `live` (the document the server holds), and nowhere else: where a part
 * of the program means the same as the live one, it is kept as the program wrote it (its
 * placeholders, its ids or none, its text in one piece, its order, its string or object form);
 * where it does not, the live part takes its place, in the program's language (a spec's
 * properties for a spec, the document's fields for a document). "Means the same" is decided by
 * `canonicalize`, so the server's own rewriting is never a difference.
 *
 * This is what refresh stores as the inputs after finding drift: the engine's diff of those
 * against the program then names exactly what was changed outside Pulumi, in the user's terms.
 *
 * @example
 * reconcile({ tables: ["${c}.s.orders"], instructions: "Revenue" }, liveDoc, { variables: { c: "dev" } })
 * // { tables: ["${c}.s.orders"], instructions: "Edited in the UI" }
 */
export function reconcile(
  program: unknown,
  live: unknown,
  options: { variables?: Readonly<Record<string, string>> } = {},
): unknown {
  const liveDoc = parse(live);
  const programValue = parse(program);
  if (!isObject(liveDoc) || !isObject(programValue)) return program;
  const asDocument = looksLikeDocument(programValue);
  let theirs: JsonObject = asDocument
    ? programValue["version"] === 1
      ? toV1(liveDoc)
      : structuredClone(liveDoc)
    : (specFromDocument(liveDoc) as JsonObject);
  if (options.variables !== undefined) theirs = escapePlaceholders(theirs) as JsonObject;

  const meaning = memo((value: unknown) => {
    try {
      return stableStringify(canonicalize(value, { variables: options.variables }));
    } catch {
      return undefined;
    }
  });
  const target = meaning(theirs);
  if (target !== undefined && meaning(programValue) === target) return program;

  const merger = new Merger(options.variables, asDocument);
  let merged = merger.node(programValue, theirs, meaning, "") as JsonObject;
  // Never hide drift: if the merge could not say what the live space says, say it all.
  if (target === undefined || meaning(merged) !== target) merged = theirs;
  return typeof program === "string" ? restring(merged, program) : merged;
}

type Context = (value: unknown) => string | undefined;

class Merger {
  constructor(
    private readonly variables: Readonly<Record<string, string>> | undefined,
    private readonly document: boolean,
  ) {}

  /** The program's node `p`, changed where the live node `l` differs; `ctx` rates the whole. */
  node(p: unknown, l: unknown, ctx: Context, shape: string): unknown {
    if (this.same(p, l) || ctx(l) === ctx(p)) return p;
    const [pp, ll] = promote(p, l);
    if (isObject(pp) && isObject(ll)) return this.object(pp, ll, ctx, shape);
    const key = this.keyFor(shape);
    if (Array.isArray(pp) && Array.isArray(ll) && key !== undefined)
      return this.list(pp, ll, ctx, shape, key);
    return l;
  }

  private object(p: JsonObject, l: JsonObject, ctx: Context, shape: string): JsonObject {
    const cur: JsonObject = { ...p };
    for (const k of [...new Set([...Object.keys(p), ...Object.keys(l)])]) {
      const sub: Context = (v) => ctx(withKey(cur, k, v));
      if (!(k in l)) {
        if (sub(undefined) !== ctx(cur)) delete cur[k];
      } else if (!(k in cur)) {
        if (sub(l[k]) !== ctx(cur)) cur[k] = l[k];
      } else {
        cur[k] = this.node(cur[k], l[k], sub, shape === "" ? k : `${shape}.${k}`);
      }
    }
    return cur;
  }

  /**
   * Items are matched by what a person knows them by (a table's identifier, a question's text);
   * an item changed in a way that changes that key (an edited question) takes the place of the
   * one it replaced, so the engine shows one changed item rather than a removal and an addition.
   */
  private list(p: unknown[], l: unknown[], ctx: Context, shape: string, key: KeyFn): unknown[] {
    const pKeys = occurrences(p.map((v, i) => key(this.substituted(v), i)));
    const lKeys = occurrences(l.map((v, i) => key(this.substituted(v), i)));
    const lIndex = new Map(lKeys.map((k, j) => [k, j]));
    const matched = new Set<number>();
    const partner = pKeys.map((k) => {
      const j = lIndex.get(k);
      if (j !== undefined) matched.add(j);
      return j;
    });
    const unmatchedL = l.map((_, j) => j).filter((j) => !matched.has(j));
    for (let i = 0; i < partner.length && unmatchedL.length > 0; i++)
      if (partner[i] === undefined) partner[i] = unmatchedL.shift();

    const cur = [...p];
    partner.forEach((j, i) => {
      if (j === undefined) return;
      const sub: Context = (v) => ctx(cur.map((x, n) => (n === i ? v : x)));
      cur[i] = this.node(cur[i], l[j], sub, `${shape}[]`);
    });
    const kept = cur.filter((_, i) => {
      if (partner[i] !== undefined) return true;
      return ctx(cur.filter((__, n) => n !== i)) === ctx(cur);
    });
    for (const j of unmatchedL) if (ctx([...kept, l[j]]) !== ctx(kept)) kept.push(l[j]);
    return kept;
  }

  /** Equal as they stand, placeholders substituted and ids aside: no need to ask `canonicalize`. */
  private same(p: unknown, l: unknown): boolean {
    return (
      stableStringify(withoutIds(this.substituted(p))) ===
      stableStringify(withoutIds(this.substituted(l)))
    );
  }

  private substituted(value: unknown): unknown {
    if (this.variables === undefined) return value;
    const { value: out, problems } = substituteVariables(value, this.variables);
    return problems.length > 0 ? value : out;
  }

  private keyFor(shape: string): KeyFn | undefined {
    return (this.document ? DOCUMENT_KEYS : SPEC_KEYS).get(shape);
  }
}

type KeyFn = (item: unknown, index: number) => string;

const field =
  (...names: string[]): KeyFn =>
  (item) => {
    if (typeof item === "string") return item;
    if (!isObject(item)) return stableStringify(item);
    for (const n of names) {
      const v = item[n];
      if (typeof v === "string" && v !== "") return v;
      if (Array.isArray(v)) return textOf(v);
    }
    return stableStringify(item);
  };

/** How items of a spec's list are matched: by the spec's names of the collection's key fields. */
function specKey(c: Collection): KeyFn {
  const key = c.naturalKey;
  if (typeof key === "function") return (item) => (isObject(item) ? key(item) : "");
  if (key === "index") return (_item, i) => String(i);
  return field(...key.map((w) => specNameOf(c.fields, w) ?? w));
}

const SPEC_KEYS = new Map<string, KeyFn>(
  COLLECTIONS.filter((c) => c.single === undefined).map((c) => [c.spec, specKey(c)]),
);

const DOCUMENT_KEYS = new Map<string, KeyFn>(
  COLLECTIONS.flatMap((c): [string, KeyFn][] => [
    [
      c.path.join("."),
      c.label === undefined && Array.isArray(c.naturalKey)
        ? field(...(c.naturalKey as readonly string[]))
        : (item, i) => (isObject(item) ? naturalKeyOf(c, item, i) : String(item)),
    ],
    // Parameters stay compared as a whole list, as they always were here.
    ...keyedSublists(c.fields)
      .filter(([sub]) => sub !== "parameters")
      .map(([sub, key]): [string, KeyFn] => [`${c.path.join(".")}[].${sub}`, field(key)]),
  ]),
);

/** A table or question written as a plain string, next to the object form of the same item. */
function promote(p: unknown, l: unknown): [unknown, unknown] {
  const as = (s: string, like: JsonObject) =>
    "identifier" in like ? { identifier: s } : "question" in like ? { question: s } : s;
  if (typeof p === "string" && isObject(l)) return [as(p, l), l];
  if (isObject(p) && typeof l === "string") return [p, as(l, p)];
  return [p, l];
}

function withKey(obj: JsonObject, key: string, value: unknown): JsonObject {
  const out = { ...obj };
  if (value === undefined) delete out[key];
  else out[key] = value;
  return out;
}

function occurrences(keys: string[]): string[] {
  const seen = new Map<string, number>();
  return keys.map((k) => {
    const n = (seen.get(k) ?? 0) + 1;
    seen.set(k, n);
    return n === 1 ? k : `${k}#${n}`;
  });
}

function withoutIds(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutIds);
  if (!isObject(value)) return value;
  const out: JsonObject = {};
  for (const [k, v] of Object.entries(value)) if (k !== "id") out[k] = withoutIds(v);
  return out;
}

/**
 * Live text is literal: a `${x}` in it must not be taken for one of the program's placeholders.
 * Only a `${...}` on one line is one (variables.ts); one spanning lines is text already.
 */
function escapePlaceholders(value: unknown): unknown {
  if (typeof value === "string") return value.replace(/\$(?=\{[^}\n]*\})/g, "$$$$");
  if (Array.isArray(value)) return value.map(escapePlaceholders);
  if (!isObject(value)) return value;
  const out: JsonObject = {};
  for (const [k, v] of Object.entries(value)) out[k] = escapePlaceholders(v);
  return out;
}

/** The live v2 document in a v1 program's words (the server migrated it; the program did not). */
function toV1(doc: JsonObject): JsonObject {
  const out = structuredClone(doc);
  out["version"] = 1;
  const back = Object.fromEntries(Object.entries(V1_TO_V2_COLUMN_FLAGS).map(([a, b]) => [b, a]));
  for (const { column } of columnsOf(out)) renameFlags(column, back);
  return out;
}

function parse(value: unknown): unknown {
  if (typeof value !== "string") return value;
  try {
    return JSON.parse(value) as unknown;
  } catch {
    return undefined;
  }
}

/** The merged document as a string laid out like the program's (indent, final newline). */
function restring(value: unknown, like: string): string {
  const indent = /\n([ \t]+)"/.exec(like)?.[1] ?? (like.trim().includes("\n") ? 2 : undefined);
  return JSON.stringify(value, null, indent) + (like.endsWith("\n") ? "\n" : "");
}

function memo(fn: Context): Context {
  const cache = new Map<string, string | undefined>();
  return (value) => {
    const key = stableStringify(value);
    if (!cache.has(key)) cache.set(key, fn(value));
    return cache.get(key);
  };
}
