import type { JsonObject } from "./json";

/**
 * The vocabulary of the field table (fields.ts): what a field and a collection are, and the
 * builders the table is written with. The builders keep each field's literal type, from which
 * field-types.ts derives the published spec and document types.
 */

/**
 * - `text`: wire pieces (`["line 1\n", "line 2"]`), one string in a spec;
 * - `string`, `strings`, `flag`: the same on both sides;
 * - `id`: a server id, first on the wire, last in a spec, never written back into a spec;
 * - `object` and `list`: nested fields (a list may be keyed by one of its fields in the spec).
 */
export type Kind = "text" | "string" | "strings" | "flag" | "id" | "object" | "list";

export interface Field {
  /** The name on the wire; `undefined` for a spec-only field (written through `adapt`). */
  wire?: string;
  /** The friendly spec's name; defaults to the wire name in camelCase. `null`: not in a spec. */
  spec?: string | null;
  kind: Kind;
  optional?: boolean;
  /** Nested fields of an `object` or of each item of a `list`. */
  fields?: readonly Field[];
  /** A list the spec writes as a record keyed by this wire field (`columns: { name: {...} }`). */
  keyedBy?: string;
  /** The field that names an item of a nested list (diffs match items by it). */
  itemKey?: string;
  /** How the server sorts a list (field names, compared in order). */
  sortBy?: readonly string[];
  /** The version 1 name of a column flag (version 2 renamed them). */
  v1?: string;
  /** A spec form that is not the wire form: its schema and both conversions. */
  form?: SpecForm;
}

export interface SpecForm {
  /**
   * What the spec accepts: one string, a string or a list of strings, a join side (an identifier,
   * or `{ identifier, alias? }`), or one of the listed values. (Named rather than a zod schema, so
   * the published typings do not depend on zod.)
   */
  accepts: "string" | "string-or-list" | "join-side" | readonly string[];
  toDocument(value: unknown): unknown;
  /** `undefined` leaves the field out of the spec. */
  toSpec(value: unknown): unknown;
}

/** A list the document keeps at a fixed path: its items are what ids, sorting and diffs are about. */
export interface Collection {
  path: readonly string[];
  /** Where a spec keeps it (`snippets.filters`). */
  spec: string;
  /** The server's singular name for an item (`Invalid id for sample_question.id`); set when items carry ids. */
  label?: string;
  sortBy: readonly string[];
  fields: readonly Field[];
  /** A spec may write an item as a plain string: the value of this field. */
  shorthand?: string;
  /** A spec writes the whole list as the one item's value of this field (`instructions: "..."`). */
  single?: string;
  /** The fields a person recognises an item by, first non-empty wins; `index` keys by position. */
  naturalKey: readonly string[] | "index" | ((item: JsonObject) => string);
  /** For items whose spec form is not field by field (joins): applied after the fields. */
  adapt?: Adapter;
}

export interface Adapter {
  toDocument(spec: JsonObject, wire: JsonObject): void;
  toSpec(wire: JsonObject, spec: JsonObject): void;
}

/** What a described field is, before the table gives it its spec name (its key). */
export type FieldDescription = Omit<Field, "spec">;

/**
 * The type of the named fields a list was built from: kept on the list at the type level only, so
 * that the published spec and document types (field-types.ts) can be derived from this table.
 */
export declare const SHAPE: unique symbol;
export type Fields<T = unknown> = readonly Field[] & { readonly [SHAPE]?: T };

/**
 * Fields keyed by their spec name, in the order the document writes them. A key's doc comment is
 * what an editor shows for that property of the published spec.
 */
export function fields<const T extends Record<string, FieldDescription>>(named: T): Fields<T> {
  return Object.entries(named).map(([spec, f]) => ({ ...f, spec }));
}

// Overloads rather than a defaulted type parameter: inside `fields({...})` the compiler would infer
// `optional: boolean` from the context, and the published types would lose which fields are optional.
export function text<W extends string>(wire: W): { wire: W; kind: "text"; optional: true };
export function text<W extends string>(
  wire: W,
  optional: false,
): { wire: W; kind: "text"; optional: false };
export function text(wire: string, optional = true): Field {
  return { wire, kind: "text", optional };
}
export function str<W extends string>(wire: W): { wire: W; kind: "string"; optional: true };
export function str<W extends string>(
  wire: W,
  optional: false,
): { wire: W; kind: "string"; optional: false };
export function str(wire: string, optional = true): Field {
  return { wire, kind: "string", optional };
}
export const strings = <W extends string>(wire: W) =>
  ({ wire, kind: "strings", optional: true }) as const;
export const flag = <W extends string, V extends string | undefined = undefined>(wire: W, v1?: V) =>
  ({ wire, kind: "flag", optional: true, v1 }) as { wire: W; kind: "flag"; optional: true; v1: V };
export const id = { wire: "id", kind: "id", optional: true } as const;

/** What a collection is, before the tree gives it its spec name (its key). */
export type CollectionDescription = Omit<Collection, "spec">;
/** Collections keyed by their spec names; a group (`snippets`) nests them one level down. */
export type CollectionTree = {
  [name: string]: CollectionDescription | { [name: string]: CollectionDescription };
};

export function tree<const T extends CollectionTree>(named: T): T {
  return named;
}
