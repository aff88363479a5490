import { type Collection, COLLECTIONS, DOCUMENT_ORDER, type Field } from "./fields";
import { fieldsBesides, specNameCached as specName } from "./field-names";
import { isObject, type JsonObject } from "./json";
import { formatPath } from "./problems";
import { toLines } from "./text";

/** Where each wire item came from in a friendly spec, so problems can point at the spec. */
export type Origins = WeakMap<object, string>;

/**
 * The document a friendly spec (already checked against its schema) says, field by field as the
 * field table describes; each item remembers its spec path in `origins`.
 */
export function specToDocument(spec: JsonObject, origins: Origins): JsonObject {
  const lists = new Map<Collection, JsonObject[]>();
  for (const c of COLLECTIONS) lists.set(c, items(c, specAt(spec, c.spec), origins));
  const doc: JsonObject = { version: 2 };
  for (const c of DOCUMENT_ORDER) {
    const list = lists.get(c) ?? [];
    if (list.length === 0) continue;
    let parent = doc;
    for (const seg of c.path.slice(0, -1)) {
      if (!isObject(parent[seg])) parent[seg] = {};
      parent = parent[seg] as JsonObject;
    }
    parent[c.path[c.path.length - 1] ?? ""] = list;
  }
  return doc;
}

function specAt(spec: JsonObject, path: string): unknown {
  let cur: unknown = spec;
  for (const seg of path.split(".")) cur = isObject(cur) ? cur[seg] : undefined;
  return cur;
}

function items(c: Collection, value: unknown, origins: Origins): JsonObject[] {
  if (c.single !== undefined) {
    const text = typeof value === "string" ? toLines(value) : [];
    return text.length > 0 ? [track(origins, { [c.single]: text }, c.spec)] : [];
  }
  return (Array.isArray(value) ? value : []).map((item, i) => {
    const path = `${c.spec}[${i}]`;
    if (typeof item === "string" && c.shorthand !== undefined) {
      const field = c.fields.find((f) => f.wire === c.shorthand);
      return track(
        origins,
        { [c.shorthand]: field ? wireOf(field, item, path, origins) : item },
        path,
      );
    }
    const spec = isObject(item) ? item : {};
    const wire = fieldsToWire(c.fields, spec, path, origins);
    c.adapt?.toDocument(spec, wire);
    return track(origins, compact(wire), path);
  });
}

function fieldsToWire(
  fields: readonly Field[],
  spec: JsonObject,
  path: string,
  origins: Origins,
): JsonObject {
  const out: JsonObject = {};
  for (const f of fields) {
    if (f.wire === undefined) continue;
    out[f.wire] = wireOf(f, spec[specName(f) ?? ""], path, origins);
  }
  return out;
}

/**
 * `compact(fieldsToWire(...))` in one object, after `first: firstValue` when given: a keyed
 * list's items (a table's columns) are the most numerous objects of a spec (issue #13).
 */
function setFieldsToWire(
  fields: readonly Field[],
  spec: JsonObject,
  path: string,
  origins: Origins,
  first?: string,
  firstValue?: string,
): JsonObject {
  const out: JsonObject = {};
  if (first !== undefined) out[first] = firstValue;
  for (const f of fields) {
    if (f.wire === undefined) continue;
    const v = wireOf(f, spec[specName(f) ?? ""], path, origins);
    if (v === undefined || (Array.isArray(v) && v.length === 0)) continue;
    out[f.wire] = v;
  }
  return out;
}

function wireOf(f: Field, value: unknown, path: string, origins: Origins): unknown {
  if (value === undefined) return undefined;
  if (f.form !== undefined) return f.form.toDocument(value);
  switch (f.kind) {
    case "text":
      return toLines(value as string);
    case "object":
      return isObject(value) ? setFieldsToWire(f.fields ?? [], value, path, origins) : value;
    case "list": {
      const key = f.keyedBy;
      if (key === undefined)
        return (Array.isArray(value) ? value : []).map((v) =>
          setFieldsToWire(f.fields ?? [], isObject(v) ? v : {}, path, origins),
        );
      const fields = fieldsBesides(f, key);
      return Object.entries(isObject(value) ? value : {}).map(([name, v]) =>
        track(
          origins,
          setFieldsToWire(fields, isObject(v) ? v : {}, path, origins, key, name),
          `${path}.${formatPath([specName(f) ?? "", name])}`,
        ),
      );
    }
    default:
      return value;
  }
}

/** Leaves out what is not set, as the server does: no `undefined`, no empty list. */
function compact(obj: JsonObject): JsonObject {
  const out: JsonObject = {};
  for (const [k, v] of Object.entries(obj)) {
    if (v === undefined) continue;
    if (Array.isArray(v) && v.length === 0) continue;
    out[k] = v;
  }
  return out;
}

function track<T extends object>(origins: Origins, item: T, path: string): T {
  origins.set(item, path);
  return item;
}
