import {
  DEFAULT_VALUE_FORM,
  JOIN_ADAPTER,
  JOIN_SIDE_FORM,
  RELATIONSHIP_FORM,
  SQL_ANSWER_FORM,
} from "./field-forms";
import { isObject, type JsonObject, textOf } from "./json";

/**
 * Every field of the `serialized_space` document, described once: where it lives on the wire, what
 * the friendly spec calls it, and what kind of value it is. The zod schemas (document and spec),
 * the conversions in both directions, the walks over text and columns, the sorting, the ids and
 * the translation of document paths into spec paths are all driven from this table
 * (docs/api-behaviour.md, "The document"). Adding a field is one entry here, plus its tests.
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
function fields<const T extends Record<string, FieldDescription>>(named: T): Fields<T> {
  return Object.entries(named).map(([spec, f]) => ({ ...f, spec }));
}

// Overloads rather than a defaulted type parameter: inside `fields({...})` the compiler would infer
// `optional: boolean` from the context, and the published types would lose which fields are optional.
function text<W extends string>(wire: W): { wire: W; kind: "text"; optional: true };
function text<W extends string>(
  wire: W,
  optional: false,
): { wire: W; kind: "text"; optional: false };
function text(wire: string, optional = true): Field {
  return { wire, kind: "text", optional };
}
function str<W extends string>(wire: W): { wire: W; kind: "string"; optional: true };
function str<W extends string>(
  wire: W,
  optional: false,
): { wire: W; kind: "string"; optional: false };
function str(wire: string, optional = true): Field {
  return { wire, kind: "string", optional };
}
const strings = <W extends string>(wire: W) => ({ wire, kind: "strings", optional: true }) as const;
const flag = <W extends string, V extends string | undefined = undefined>(wire: W, v1?: V) =>
  ({ wire, kind: "flag", optional: true, v1 }) as { wire: W; kind: "flag"; optional: true; v1: V };
const id = { wire: "id", kind: "id", optional: true } as const;

const COLUMN = {
  wire: "column_configs",
  kind: "list",
  optional: true,
  keyedBy: "column_name",
  sortBy: ["column_name"],
  fields: fields({
    column_name: str("column_name", false),
    description: text("description"),
    synonyms: strings("synonyms"),
    /** Hide the column from Genie. */
    exclude: flag("exclude"),
    /** v2 `enable_format_assistance` (v1 `get_example_values`). */
    enableFormatAssistance: flag("enable_format_assistance", "get_example_values"),
    /** v2 `enable_entity_matching` (v1 `build_value_dictionary`). */
    enableEntityMatching: flag("enable_entity_matching", "build_value_dictionary"),
  }),
} as const;

const TABLE = fields({
  identifier: str("identifier", false),
  description: text("description"),
  /** Column settings keyed by column name. */
  columns: COLUMN,
});

const SNIPPET = fields({
  id,
  sql: text("sql", false),
  displayName: str("display_name"),
  alias: str("alias"),
  synonyms: strings("synonyms"),
  instruction: text("instruction"),
  comment: text("comment"),
});

const PARAMETER = {
  wire: "parameters",
  kind: "list",
  optional: true,
  itemKey: "name",
  fields: fields({
    name: str("name", false),
    /** e.g. `STRING`, `INTEGER`, `DATE`. */
    typeHint: str("type_hint", false),
    description: text("description"),
    defaultValue: {
      wire: "default_value",
      kind: "object",
      optional: true,
      fields: fields({ values: strings("values") }),
      form: DEFAULT_VALUE_FORM,
    },
  }),
} as const;

// A join side is an identifier, or an object when its alias is not the default one.
const joinSource = <W extends string>(wire: W) =>
  ({
    wire,
    kind: "object",
    fields: fields({ identifier: str("identifier", false), alias: str("alias", false) }),
    form: JOIN_SIDE_FORM,
  }) as const;

const snippets = <K extends "filters" | "expressions" | "measures">(kind: K) =>
  ({
    path: ["instructions", "sql_snippets", kind],
    label: `sql_snippet.${kind}`,
    sortBy: ["id"],
    fields: SNIPPET,
    naturalKey: ["display_name", "alias", "sql"],
  }) as const;

/** What a collection is, before the tree gives it its spec name (its key). */
export type CollectionDescription = Omit<Collection, "spec">;
/** Collections keyed by their spec names; a group (`snippets`) nests them one level down. */
export type CollectionTree = {
  [name: string]: CollectionDescription | { [name: string]: CollectionDescription };
};

function tree<const T extends CollectionTree>(named: T): T {
  return named;
}

/**
 * The lists of the document keyed by where a spec keeps them, in the order a spec lists them. The
 * document's own order is that of {@link SECTIONS}; within a section, this order. A key's doc
 * comment is what an editor shows for that property of the published `GenieSpaceSpec`.
 */
export const COLLECTION_TREE = tree({
  /** Tables, as three-part identifiers or with descriptions and column settings. */
  tables: {
    path: ["data_sources", "tables"],
    sortBy: ["identifier"],
    fields: TABLE,
    shorthand: "identifier",
    naturalKey: ["identifier"],
  },
  /** Unity Catalog metric views, as for tables. */
  metricViews: {
    path: ["data_sources", "metric_views"],
    sortBy: ["identifier"],
    fields: TABLE,
    shorthand: "identifier",
    naturalKey: ["identifier"],
  },
  /** The space's general instructions (the server allows one text instruction). */
  instructions: {
    path: ["instructions", "text_instructions"],
    label: "text_instruction",
    sortBy: ["id"],
    fields: fields({ id, content: text("content") }),
    single: "content",
    // The server allows one; keying by position keeps its id when its text is edited.
    naturalKey: "index",
  },
  /** Questions shown to users as suggestions. */
  sampleQuestions: {
    path: ["config", "sample_questions"],
    label: "sample_question",
    sortBy: ["id"],
    fields: fields({
      /** Keep a server-assigned id; leave out to get a stable derived one. */
      id,
      question: text("question", false),
    }),
    shorthand: "question",
    naturalKey: ["question"],
  },
  /** Example questions with the SQL that answers them. */
  exampleSqls: {
    path: ["instructions", "example_question_sqls"],
    label: "example_question_sql",
    sortBy: ["id"],
    fields: fields({
      id,
      question: text("question", false),
      sql: text("sql", false),
      parameters: PARAMETER,
      usageGuidance: text("usage_guidance"),
    }),
    naturalKey: ["question"],
  },
  /** Unity Catalog functions Genie may call, as three-part identifiers. */
  sqlFunctions: {
    path: ["instructions", "sql_functions"],
    label: "sql_function",
    sortBy: ["id", "identifier"],
    // `description` is a plain string on the wire (docs/api-behaviour.md, "The document").
    fields: fields({
      id,
      identifier: str("identifier", false),
      /** What the function does, for Genie (one plain string). */
      description: str("description"),
    }),
    shorthand: "identifier",
    naturalKey: ["identifier"],
  },
  /** How tables join, with the relationship the UI shows. */
  joins: {
    path: ["instructions", "join_specs"],
    label: "join_spec",
    sortBy: ["id"],
    fields: fields({
      id,
      left: joinSource("left"),
      right: joinSource("right"),
      /** How the tables join, as the UI offers it: `INNER JOIN`, `LEFT JOIN`, ... */
      joinType: str("join_type"),
      /** The join condition, e.g. `orders.customer_id = customers.id`. */
      sql: text("sql", false),
      /** Written as the `--rt=FROM_RELATIONSHIP_TYPE_...--` line the UI writes. */
      relationship: { kind: "string", optional: true, form: RELATIONSHIP_FORM },
      comment: text("comment"),
      instruction: text("instruction"),
    }),
    naturalKey: (item: JsonObject) =>
      `${sourceName(item["left"])} JOIN ${sourceName(item["right"])}`,
    adapt: JOIN_ADAPTER,
  },
  /** Reusable SQL the space's answers may use. */
  snippets: {
    filters: snippets("filters"),
    expressions: snippets("expressions"),
    measures: snippets("measures"),
  },
  /** Questions with their ground-truth SQL, used to evaluate the space. */
  benchmarks: {
    path: ["benchmarks", "questions"],
    label: "benchmark_question",
    sortBy: ["id"],
    fields: fields({
      id,
      question: text("question", false),
      /** The ground-truth SQL: the server takes exactly one SQL answer per question. */
      sql: {
        wire: "answer",
        kind: "list",
        fields: fields({ format: str("format", false), content: text("content", false) }),
        form: SQL_ANSWER_FORM,
      },
    }),
    naturalKey: ["question"],
  },
});

/** The collections as a list, each with its spec name (`snippets.filters`), in the spec's order. */
export const COLLECTIONS: readonly Collection[] = Object.entries(COLLECTION_TREE).flatMap(
  ([name, node]) =>
    isCollection(node)
      ? [{ ...node, spec: name }]
      : Object.entries(node).map(([sub, c]) => ({ ...c, spec: `${name}.${sub}` })),
);

function isCollection(node: CollectionTree[string]): node is CollectionDescription {
  return Array.isArray(node["path"]);
}

/** The document's top-level sections, in the order the server writes them. */
export const SECTIONS = ["config", "data_sources", "instructions", "benchmarks"] as const;

/** The collections in the document's order (sections first, then the spec's order). */
export const DOCUMENT_ORDER: readonly Collection[] = [...COLLECTIONS].sort(
  (a, b) =>
    SECTIONS.indexOf(a.path[0] as (typeof SECTIONS)[number]) -
    SECTIONS.indexOf(b.path[0] as (typeof SECTIONS)[number]),
);

/** Collections whose items carry server ids, in the document's order. */
export const ID_COLLECTIONS = DOCUMENT_ORDER.filter((c) => c.label !== undefined);
/** Collections without ids (tables, metric views): sorted by a field of their own, with columns. */
export const TABLE_COLLECTIONS = DOCUMENT_ORDER.filter((c) => c.label === undefined);

/** The v1 -> v2 renames of column flags, from the table. */
export const V1_TO_V2_COLUMN_FLAGS: Readonly<Record<string, string>> = Object.fromEntries(
  COLUMN.fields.flatMap((f) =>
    f.v1 !== undefined && f.wire !== undefined ? [[f.v1, f.wire]] : [],
  ),
);

/** The spec's name of a field. */
export function specName(field: Field): string | undefined {
  if (field.spec !== undefined) return field.spec ?? undefined;
  return field.wire === undefined ? undefined : camelCase(field.wire);
}

/** `usage_guidance` -> `usageGuidance`: how the spec names what the wire names in snake_case. */
export function camelCase(name: string): string {
  return name.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());
}

/** The spec's name of the field `wire` among `fields`. */
export function specNameOf(fields: readonly Field[], wire: string): string | undefined {
  const f = fields.find((g) => g.wire === wire);
  return f === undefined ? undefined : specName(f);
}

/** The nested lists of an item whose items are named by a field: `[wire name, key field]`. */
export function keyedSublists(fields: readonly Field[]): [string, string][] {
  return fields.flatMap((f) => {
    const key = f.keyedBy ?? f.itemKey;
    return f.kind === "list" && f.wire !== undefined && key !== undefined ? [[f.wire, key]] : [];
  });
}

/** How a person recognises an item of `c` (stable ids, id reuse, readable diff paths). */
export function naturalKeyOf(c: Collection, item: JsonObject, index: number): string {
  const key = c.naturalKey;
  if (key === "index") return String(index);
  if (typeof key === "function") return key(item);
  for (const [n, name] of key.entries()) {
    const v = item[name];
    const field = c.fields.find((f) => f.wire === name);
    if (n === key.length - 1)
      return field?.kind === "text" ? textOf(v) : String((v as string | undefined) ?? "");
    if (typeof v === "string" && v !== "") return v;
  }
  return "";
}

function sourceName(source: unknown): string {
  return isObject(source) && typeof source["identifier"] === "string" ? source["identifier"] : "?";
}
