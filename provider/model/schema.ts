import { z } from "zod";
import {
  type Collection,
  COLLECTIONS,
  DOCUMENT_ORDER,
  type Field,
  type SpecForm,
  specName,
} from "./fields";

/**
 * zod schemas of the `serialized_space` document (versions 1 and 2) and of the friendly spec, both
 * built from the field table (fields.ts).
 *
 * Document objects are loose: fields this package does not know yet (the API keeps adding them)
 * are kept through parse, canonicalize and serialize instead of being dropped on the next `up`.
 * Spec objects are strict: a misspelt property in a spec is a mistake to report, not a field to keep.
 */

const text = z.array(z.string());

function wireValue(f: Field, version: 1 | 2): z.ZodType {
  switch (f.kind) {
    case "text":
    case "strings":
      return text;
    case "string":
    case "id":
      return z.string();
    case "flag":
      return z.boolean();
    case "object":
      return wireObject(f.fields ?? [], version);
    case "list":
      return z.array(wireObject(f.fields ?? [], version));
  }
}

function wireObject(fields: readonly Field[], version: 1 | 2): z.ZodType {
  const shape: Record<string, z.ZodType> = {};
  for (const f of fields) {
    if (f.wire === undefined) continue;
    const name = version === 1 && f.v1 !== undefined ? f.v1 : f.wire;
    // Ids are optional here: the server requires them, but toSerializedSpace assigns missing
    // ones, and validateSpace reports a missing id in a document that is to be sent as it is.
    const value = wireValue(f, version);
    shape[name] = f.optional === true || f.kind === "id" ? value.optional() : value;
  }
  return z.looseObject(shape);
}

/** Nests `[path, schema]` pairs into objects, in the order the paths come. */
function nest(
  entries: [readonly string[], z.ZodType][],
  object: (shape: Record<string, z.ZodType>) => z.ZodType,
): Record<string, z.ZodType> {
  const groups = new Map<string, [readonly string[], z.ZodType][]>();
  const shape: Record<string, z.ZodType> = {};
  for (const [path, schema] of entries) {
    const [head, ...rest] = path;
    if (head === undefined) continue;
    if (rest.length === 0) {
      shape[head] = schema.optional();
      continue;
    }
    if (!groups.has(head)) {
      groups.set(head, []);
      shape[head] = z.never(); // keeps the section's place in the key order
    }
    groups.get(head)?.push([rest, schema]);
  }
  for (const [head, group] of groups) shape[head] = object(nest(group, object)).optional();
  return shape;
}

function documentSchema<V extends 1 | 2>(version: V) {
  return z.looseObject({
    version: z.literal(version),
    ...nest(
      DOCUMENT_ORDER.map((c) => [c.path, z.array(wireObject(c.fields, version))]),
      z.looseObject,
    ),
  });
}

export const serializedSpaceV1Schema = documentSchema(1);
export const serializedSpaceV2Schema = documentSchema(2);
export const serializedSpaceSchema = z.discriminatedUnion("version", [
  serializedSpaceV1Schema,
  serializedSpaceV2Schema,
]);

function accepts(form: SpecForm): z.ZodType {
  const a = form.accepts;
  if (a === "string") return z.string();
  if (a === "string-or-list") return z.union([z.string(), z.array(z.string())]);
  if (a === "join-side")
    return z.union([
      z.string(),
      z.strictObject({ identifier: z.string(), alias: z.string().optional() }),
    ]);
  return z.enum(a as [string, ...string[]]);
}

function specValue(f: Field): z.ZodType {
  if (f.form !== undefined) return accepts(f.form);
  switch (f.kind) {
    case "text":
    case "string":
    case "id":
      return z.string();
    case "strings":
      return z.array(z.string());
    case "flag":
      return z.boolean();
    case "object":
      return specObject(f.fields ?? []);
    case "list": {
      if (f.keyedBy === undefined) return z.array(specObject(f.fields ?? []));
      return z.record(z.string(), specObject((f.fields ?? []).filter((g) => g.wire !== f.keyedBy)));
    }
  }
}

/** A spec's fields: the document's, in the same order, with the id last. */
export function specFields(fields: readonly Field[]): Field[] {
  return [...fields.filter((f) => f.kind !== "id"), ...fields.filter((f) => f.kind === "id")];
}

function specObject(fields: readonly Field[]): z.ZodType {
  const shape: Record<string, z.ZodType> = {};
  for (const f of specFields(fields)) {
    const name = specName(f);
    if (name === undefined) continue;
    const value = specValue(f);
    shape[name] = f.optional === true ? value.optional() : value;
  }
  return z.strictObject(shape);
}

function specItems(c: Collection): z.ZodType {
  if (c.single !== undefined) return z.string();
  const item = specObject(c.fields);
  return z.array(c.shorthand === undefined ? item : z.union([z.string(), item]));
}

export const genieSpaceSpecSchema = z.strictObject(
  nest(
    COLLECTIONS.map((c) => [c.spec.split("."), specItems(c)]),
    z.strictObject,
  ),
);
