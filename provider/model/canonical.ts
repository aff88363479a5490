import { convert, type ToSerializedSpaceOptions } from "./serialize";
import { SpaceValidationError } from "./problems";
import { RELATIONSHIP_LINE, relationshipLine } from "./joins";
import {
  forEachText,
  ID_COLLECTIONS,
  isObject,
  type Json,
  type JsonObject,
  listAt,
  TABLE_COLLECTIONS,
  tablesOf,
} from "./structure";
import { joinLines } from "./text";

/**
 * The canonical form of a space: what the server treats as the same document compares equal.
 * Version-independent (v1 upgraded), ids dropped (the server assigns its own), text joined (the
 * server re-splits it per line), defaults dropped (proto3 JSON omits `false` and empty lists, as
 * in the bare column_configs of the nyc_taxi fixture), key order and the order of the lists the
 * server sorts made irrelevant. Fields this package does not know are kept.
 *
 * Lists the server keeps in the user's order (synonyms, parameters) keep their order: reordering
 * them is an edit.
 */
export type CanonicalSpace = { [key: string]: Json };
// The canonical form is itself a valid document (text as one piece per field), so
// canonicalize(canonicalize(x)) equals canonicalize(x).

/**
 * @example
 * canonicalize(exportedV1) // deep-equals canonicalize(theSameSpaceReadBackAsV2)
 */
export function canonicalize(
  input: unknown,
  options: Pick<ToSerializedSpaceOptions, "variables"> = {},
): CanonicalSpace {
  const converted = convert(input, options);
  if (converted.document === undefined) {
    throw new SpaceValidationError(
      "cannot canonicalize the Genie space document",
      converted.problems,
    );
  }
  return canonicalOf(converted.document);
}

function joinText(obj: JsonObject, field: string): void {
  const v = obj[field];
  if (!Array.isArray(v) || !v.every((s) => typeof s === "string")) return;
  const text = joinLines(v);
  if (text === "") delete obj[field];
  else obj[field] = [text];
}

/** Canonical form of a document that already went through `convert` (v2, valid shape). */
export function canonicalOf(document: JsonObject): CanonicalSpace {
  const doc = structuredClone(document);
  forEachText(doc, joinText);
  for (const c of ID_COLLECTIONS) {
    const list = listAt(doc, c.path);
    for (const item of list) delete item["id"];
    if (c.label === "join_spec") list.forEach(normalizeRelationship);
  }

  const pruned = prune(doc) ?? {};
  // Sort after pruning, by the items' canonical JSON: the order then depends on content only.
  for (const c of [...TABLE_COLLECTIONS, ...ID_COLLECTIONS]) sortSet(getList(pruned, c.path));
  for (const { table } of tablesOf(pruned)) sortSet(getList(table, ["column_configs"]));
  return pruned as CanonicalSpace;
}

/**
 * The relationship line comes with and without a newline before it (`["a = b", "--rt=...--"]` in
 * the real export of fixture server_export.v2, `["a = b\n", "--rt=...--"]` in public
 * schema references; docs/api-behaviour.md, "Join relationships"):
 * both mean the same join.
 */
function normalizeRelationship(join: JsonObject): void {
  const sql = join["sql"];
  if (!Array.isArray(sql) || typeof sql[0] !== "string") return;
  const m = RELATIONSHIP_LINE.exec(sql[0]);
  if (m === null) return;
  join["sql"] = [`${sql[0].slice(0, m.index)}\n${relationshipLine(m[1] ?? "")}`];
}

function getList(doc: unknown, path: readonly string[]): unknown[] | undefined {
  let cur: unknown = doc;
  for (const seg of path) cur = isObject(cur) ? cur[seg] : undefined;
  return Array.isArray(cur) ? cur : undefined;
}

function sortSet(list: unknown[] | undefined): void {
  if (list === undefined) return;
  const keyed = list.map((item) => [stableStringify(item), item] as const);
  keyed.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  keyed.forEach(([, item], i) => (list[i] = item));
}

/** Drops defaults and sorts keys; returns undefined for a value that is all defaults. */
function prune(value: unknown): Json | undefined {
  if (value === null || value === undefined || value === false || value === "") return undefined;
  if (Array.isArray(value)) {
    // Inside lists, keep every element as it is (`["a", ""]` is two synonyms); prune objects only.
    const items = value.map((v): Json => (isObject(v) ? (prune(v) ?? {}) : (v as Json)));
    return items.length === 0 ? undefined : items;
  }
  if (isObject(value)) {
    const out: { [key: string]: Json } = {};
    for (const key of Object.keys(value).sort()) {
      const v = prune(value[key]);
      if (v !== undefined) out[key] = v;
    }
    return Object.keys(out).length === 0 ? undefined : out;
  }
  if (typeof value === "number" || typeof value === "boolean" || typeof value === "string")
    return value;
  return undefined;
}

/** JSON with object keys sorted: equal values give equal strings. */
export function stableStringify(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableStringify).join(",")}]`;
  if (isObject(value)) {
    return `{${Object.keys(value)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${stableStringify(value[k])}`)
      .join(",")}}`;
  }
  return JSON.stringify(value) ?? "null";
}
