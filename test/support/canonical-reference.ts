/**
 * A frozen copy of the canonical form as it was before issue #13 (provider/model/canonical.ts at
 * d30a5f2): the reference the one-pass canonical text is compared with
 * (test/model/canonical-equivalence.test.ts). Do not edit it to make a test pass: a difference
 * means the canonical form changed, which needs a CANONICAL_VERSION bump.
 */
import { createHash } from "node:crypto";
import { RELATIONSHIP_LINE, relationshipLine } from "../../provider/model/joins";
import {
  forEachText,
  ID_COLLECTIONS,
  isObject,
  type Json,
  type JsonObject,
  listAt,
  TABLE_COLLECTIONS,
  tablesOf,
} from "../../provider/model/structure";
import { joinLines } from "../../provider/model/text";

function joinText(obj: JsonObject, field: string): void {
  const v = obj[field];
  if (!Array.isArray(v) || !v.every((s) => typeof s === "string")) return;
  const text = joinLines(v);
  if (text === "") delete obj[field];
  else obj[field] = [text];
}

export function referenceCanonicalOf(document: JsonObject): { [key: string]: Json } {
  const doc = structuredClone(document);
  forEachText(doc, joinText);
  for (const c of ID_COLLECTIONS) {
    const list = listAt(doc, c.path);
    for (const item of list) delete item["id"];
    if (c.label === "join_spec") list.forEach(normalizeRelationship);
  }
  const pruned = prune(doc) ?? {};
  for (const c of [...TABLE_COLLECTIONS, ...ID_COLLECTIONS]) sortSet(getList(pruned, c.path));
  for (const { table } of tablesOf(pruned)) sortSet(getList(table, ["column_configs"]));
  return pruned as { [key: string]: Json };
}

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
  const keyed = list.map((item) => [referenceStableStringify(item), item] as const);
  keyed.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  keyed.forEach(([, item], i) => (list[i] = item));
}

function prune(value: unknown): Json | undefined {
  if (value === null || value === undefined || value === false || value === "") return undefined;
  if (Array.isArray(value)) {
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

export function referenceStableStringify(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(referenceStableStringify).join(",")}]`;
  if (isObject(value)) {
    return `{${Object.keys(value)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${referenceStableStringify(value[k])}`)
      .join(",")}}`;
  }
  return JSON.stringify(value) ?? "null";
}

/** canonicalHash of resources/inputs.ts as it was: sha256 of the sorted-key canonical form. */
export function referenceCanonicalHash(document: JsonObject | string): string {
  const doc = typeof document === "string" ? (JSON.parse(document) as JsonObject) : document;
  return createHash("sha256")
    .update(referenceStableStringify(referenceCanonicalOf(doc)))
    .digest("hex");
}
