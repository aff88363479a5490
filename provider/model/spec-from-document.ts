import { joined, stringList } from "./field-forms";
import { type Collection, COLLECTIONS, type Field, specName, specNameOf } from "./fields";
import { isObject, type JsonObject, listAt } from "./json";
import { specFields } from "./schema";
import type { GenieSpaceSpec } from "./spec";

/**
 * The friendly spec that says what a v2 document says: the reverse of the spec-to-document step
 * of `toSerializedSpace`, so a space read back from the server can be shown in the terms a person
 * wrote it in. Ids are left out (the model derives or reuses them), defaults are left out, text is
 * one string, and a join's relationship line becomes `relationship` again. What the spec cannot
 * say (fields this package does not know, an answer that is not SQL) is dropped: compare
 * `canonicalize` of both sides to know whether anything was.
 *
 * @example
 * specFromDocument({ version: 2, data_sources: { tables: [{ identifier: "dev.sales.orders" }] } })
 * // { tables: ["dev.sales.orders"] }
 */
export function specFromDocument(document: unknown): GenieSpaceSpec {
  const doc = isObject(document) ? document : {};
  const spec: JsonObject = {};
  for (const c of COLLECTIONS) {
    const value = collectionToSpec(c, listAt(doc, c.path));
    if (value === undefined) continue;
    const path = c.spec.split(".");
    let parent = spec;
    for (const seg of path.slice(0, -1)) {
      if (!isObject(parent[seg])) parent[seg] = {};
      parent = parent[seg] as JsonObject;
    }
    parent[path[path.length - 1] ?? ""] = value;
  }
  return spec as GenieSpaceSpec;
}

function collectionToSpec(c: Collection, items: JsonObject[]): unknown {
  if (c.single !== undefined) return joined(items[0]?.[c.single]);
  const out = items.map((item) => {
    const spec = fieldsToSpec(c.fields, item);
    c.adapt?.toSpec(item, spec);
    const clean = defined(spec);
    const keys = Object.keys(clean);
    const short = c.shorthand === undefined ? undefined : specNameOf(c.fields, c.shorthand);
    return short !== undefined && keys.length === 1 && keys[0] === short ? clean[short] : clean;
  });
  return out.length > 0 ? out : undefined;
}

function fieldsToSpec(fields: readonly Field[], wire: JsonObject): JsonObject {
  const out: JsonObject = {};
  for (const f of specFields(fields)) {
    const name = specName(f);
    if (name === undefined || f.kind === "id") continue;
    out[name] = f.wire === undefined ? undefined : specOf(f, wire[f.wire]);
  }
  return out;
}

function specOf(f: Field, value: unknown): unknown {
  if (f.form !== undefined) return f.form.toSpec(value);
  switch (f.kind) {
    case "text":
      return f.optional === true ? joined(value) : (joined(value) ?? "");
    case "string":
      return f.optional === true
        ? typeof value === "string"
          ? value
          : undefined
        : String((value as string | undefined) ?? "");
    case "strings":
      return stringList(value);
    case "flag":
      return value === true ? true : undefined;
    case "object":
      return isObject(value) ? defined(fieldsToSpec(f.fields ?? [], value)) : undefined;
    case "list": {
      const items = Array.isArray(value) ? value.filter(isObject) : [];
      const key = f.keyedBy;
      if (key === undefined)
        return items.map((item) => defined(fieldsToSpec(f.fields ?? [], item)));
      const record: JsonObject = {};
      const rest = (f.fields ?? []).filter((g) => g.wire !== key);
      for (const item of items)
        record[String((item[key] as string | undefined) ?? "")] = defined(fieldsToSpec(rest, item));
      return Object.keys(record).length > 0 ? record : undefined;
    }
    default:
      return undefined;
  }
}

/** Copies the fields whose values are set, so the spec carries no `undefined` and no defaults. */
function defined(fields: JsonObject): JsonObject {
  const out: JsonObject = {};
  for (const [k, v] of Object.entries(fields))
    if (v !== undefined && v !== false && !(Array.isArray(v) && v.length === 0)) out[k] = v;
  return out;
}
