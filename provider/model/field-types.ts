import type { SHAPE } from "./field-kinds";
import type { COLLECTION_TREE } from "./fields";

/**
 * The published spec and document types, derived from the field table (fields.ts) so that a field
 * added there appears in them with nothing else to edit. Types only: nothing here runs.
 *
 * Each table key's doc comment survives into the spec types (the mapped types below keep the
 * table's keys), so an editor shows it on the property a person writes.
 */

/** A shape's properties spelled out, so an editor shows `{ identifier: string; ... }`. */
type Simplify<T> = { [K in keyof T]: T[K] } & {};

/** The fields a list was built from (`fields({...})` in fields.ts), keyed by spec name. */
type Shape<L> = L extends { readonly [SHAPE]?: infer T } ? T : never;

type Optional<F> = F extends { optional: true } ? true : false;

/** A join side in a spec: an identifier, or an object when its alias is not the default one. */
type JoinSideSpec = { identifier: string; alias?: string };

/** What a spec form accepts (field-forms.ts), as a type. */
type Accepted<A> = A extends "string"
  ? string
  : A extends "string-or-list"
    ? string | string[]
    : A extends "join-side"
      ? string | JoinSideSpec
      : A extends readonly (infer U)[]
        ? U
        : never;

/** A field's value in a spec. */
type SpecValue<F> = F extends { form: { accepts: infer A } }
  ? Accepted<A>
  : F extends { kind: "text" | "string" | "id" }
    ? string
    : F extends { kind: "strings" }
      ? string[]
      : F extends { kind: "flag" }
        ? boolean
        : F extends { kind: "list"; keyedBy: infer K; fields: infer L }
          ? Record<string, SpecOf<Shape<L>, K>>
          : F extends { kind: "list"; fields: infer L }
            ? SpecOf<Shape<L>>[]
            : F extends { kind: "object"; fields: infer L }
              ? SpecOf<Shape<L>>
              : never;

/** An object of a spec, from its fields; `Key` is the wire name a keyed list writes as the key. */
export type SpecOf<T, Key = never> = Simplify<
  {
    [
      P in keyof T as T[P] extends { wire: Key } ? never : Optional<T[P]> extends true ? never : P
    ]: SpecValue<T[P]>;
  } & {
    [
      P in keyof T as T[P] extends { wire: Key } ? never : Optional<T[P]> extends true ? P : never
    ]?: SpecValue<T[P]>;
  }
>;

/** An item of a collection, as a spec writes it in full. */
export type ItemSpec<C> = C extends { fields: infer L } ? SpecOf<Shape<L>> : never;

/** A collection in a spec: a list, a list that also takes plain strings, or one item's text. */
type CollectionSpec<C> = C extends { single: string }
  ? string
  : C extends { shorthand: string }
    ? (string | ItemSpec<C>)[]
    : ItemSpec<C>[];

export type Tree = typeof COLLECTION_TREE;

/** The friendly spec, from the collection tree: every collection optional. */
export type SpecTreeOf<T> = Simplify<{
  -readonly [K in keyof T]?: T[K] extends { path: unknown }
    ? CollectionSpec<T[K]>
    : SpecTreeOf<T[K]>;
}>;

/** The item spec of the collection a spec keeps under `K`. */
export type ItemSpecAt<K extends keyof Tree> = ItemSpec<Tree[K]>;

// ---- The document ----------------------------------------------------------------------------

/** Every document object also carries the fields this package does not know yet. */
type Open = { [key: string]: unknown };

/** The name a field has on the wire in a document of version `V` (v1 names some column flags). */
type WireName<F, V> = V extends 1
  ? F extends { v1: infer N extends string }
    ? N
    : F extends { wire: infer W extends string }
      ? W
      : never
  : F extends { wire: infer W extends string }
    ? W
    : never;

/** A field's value on the wire. */
type WireValue<F, V> = F extends { kind: "text" | "strings" }
  ? string[]
  : F extends { kind: "string" | "id" }
    ? string
    : F extends { kind: "flag" }
      ? boolean
      : F extends { kind: "list"; fields: infer L }
        ? WireOf<Shape<L>, V>[]
        : F extends { kind: "object"; fields: infer L }
          ? WireOf<Shape<L>, V>
          : never;

/** An object of a document, from its fields (spec-only fields have no wire name and drop out). */
export type WireOf<T, V = 2> = Simplify<
  {
    -readonly [P in keyof T as Optional<T[P]> extends true ? never : WireName<T[P], V>]: WireValue<
      T[P],
      V
    >;
  } & {
    -readonly [P in keyof T as Optional<T[P]> extends true ? WireName<T[P], V> : never]?: WireValue<
      T[P],
      V
    >;
  } & Open
>;

/** The collections of the tree, as one union. */
type Leaves<T> = {
  [K in keyof T]: T[K] extends { path: unknown } ? T[K] : Leaves<T[K]>;
}[keyof T];

type Head<C> = C extends { path: readonly [infer H extends string, ...unknown[]] } ? H : never;
type Tail<C, H> = C extends { path: readonly [H, ...infer R] }
  ? Omit<C, "path"> & { path: R }
  : never;

/** The document's sections down to its lists, from the collections' wire paths. */
type DocTree<C, V> = {
  [H in Head<C>]?: [Extract<Tail<C, H>, { path: readonly [] }>] extends [never]
    ? Simplify<DocTree<Tail<C, H>, V> & Open>
    : ItemWireOf<Tail<C, H>, V>[];
};

export type ItemWireOf<C, V> = C extends { fields: infer L } ? WireOf<Shape<L>, V> : never;

/** A `serialized_space` document of version `V`. */
export type DocumentOf<V extends 1 | 2> = Simplify<
  { version: V } & DocTree<Leaves<Tree>, V> & Open
>;

/** An item of the collection a spec keeps under `K`, as the document writes it. */
export type ItemWireAt<K extends keyof Tree, V = 2> = ItemWireOf<Tree[K], V>;
/** The friendly spec, whole. */
export type SpecTree = SpecTreeOf<Tree>;
