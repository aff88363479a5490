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

const text = (wire: string, optional = true): Field => ({ wire, kind: "text", optional });
const str = (wire: string, optional = true): Field => ({ wire, kind: "string", optional });
const strings = (wire: string): Field => ({ wire, kind: "strings", optional: true });
const flag = (wire: string, v1?: string): Field => ({ wire, kind: "flag", optional: true, v1 });
const id: Field = { wire: "id", kind: "id", optional: true };

const COLUMN: Field = {
  wire: "column_configs",
  spec: "columns",
  kind: "list",
  optional: true,
  keyedBy: "column_name",
  sortBy: ["column_name"],
  fields: [
    str("column_name", false),
    text("description"),
    strings("synonyms"),
    flag("exclude"),
    flag("enable_format_assistance", "get_example_values"),
    flag("enable_entity_matching", "build_value_dictionary"),
  ],
};

const TABLE: readonly Field[] = [str("identifier", false), text("description"), COLUMN];

const SNIPPET: readonly Field[] = [
  id,
  text("sql", false),
  str("display_name"),
  str("alias"),
  strings("synonyms"),
  text("instruction"),
  text("comment"),
];

const PARAMETER: Field = {
  wire: "parameters",
  kind: "list",
  optional: true,
  itemKey: "name",
  fields: [
    str("name", false),
    str("type_hint", false),
    text("description"),
    {
      wire: "default_value",
      kind: "object",
      optional: true,
      fields: [strings("values")],
      form: DEFAULT_VALUE_FORM,
    },
  ],
};

// A join side is an identifier, or an object when its alias is not the default one.
const joinSource = (wire: string): Field => ({
  wire,
  kind: "object",
  fields: [str("identifier", false), str("alias", false)],
  form: JOIN_SIDE_FORM,
});

const BENCHMARK_ANSWER: Field = {
  wire: "answer",
  spec: "sql",
  kind: "list",
  fields: [str("format", false), text("content", false)],
  form: SQL_ANSWER_FORM,
};

const snippets = (kind: "filters" | "expressions" | "measures"): Collection => ({
  path: ["instructions", "sql_snippets", kind],
  spec: `snippets.${kind}`,
  label: `sql_snippet.${kind}`,
  sortBy: ["id"],
  fields: SNIPPET,
  naturalKey: ["display_name", "alias", "sql"],
});

/**
 * The lists of the document, in the order a spec lists them. The document's own order is that of
 * {@link SECTIONS}; within a section, this order.
 */
export const COLLECTIONS: readonly Collection[] = [
  {
    path: ["data_sources", "tables"],
    spec: "tables",
    sortBy: ["identifier"],
    fields: TABLE,
    shorthand: "identifier",
    naturalKey: ["identifier"],
  },
  {
    path: ["data_sources", "metric_views"],
    spec: "metricViews",
    sortBy: ["identifier"],
    fields: TABLE,
    shorthand: "identifier",
    naturalKey: ["identifier"],
  },
  {
    path: ["instructions", "text_instructions"],
    spec: "instructions",
    label: "text_instruction",
    sortBy: ["id"],
    fields: [id, text("content")],
    single: "content",
    // The server allows one; keying by position keeps its id when its text is edited.
    naturalKey: "index",
  },
  {
    path: ["config", "sample_questions"],
    spec: "sampleQuestions",
    label: "sample_question",
    sortBy: ["id"],
    fields: [id, text("question", false)],
    shorthand: "question",
    naturalKey: ["question"],
  },
  {
    path: ["instructions", "example_question_sqls"],
    spec: "exampleSqls",
    label: "example_question_sql",
    sortBy: ["id"],
    fields: [id, text("question", false), text("sql", false), PARAMETER, text("usage_guidance")],
    naturalKey: ["question"],
  },
  {
    path: ["instructions", "sql_functions"],
    spec: "sqlFunctions",
    label: "sql_function",
    sortBy: ["id", "identifier"],
    // `description` is a plain string on the wire (docs/api-behaviour.md, "The document").
    fields: [id, str("identifier", false), str("description")],
    shorthand: "identifier",
    naturalKey: ["identifier"],
  },
  {
    path: ["instructions", "join_specs"],
    spec: "joins",
    label: "join_spec",
    sortBy: ["id"],
    fields: [
      id,
      joinSource("left"),
      joinSource("right"),
      text("sql", false),
      {
        spec: "relationship",
        kind: "string",
        optional: true,
        form: RELATIONSHIP_FORM,
      },
      text("comment"),
      text("instruction"),
    ],
    naturalKey: (item) => `${sourceName(item["left"])} JOIN ${sourceName(item["right"])}`,
    adapt: JOIN_ADAPTER,
  },
  snippets("filters"),
  snippets("expressions"),
  snippets("measures"),
  {
    path: ["benchmarks", "questions"],
    spec: "benchmarks",
    label: "benchmark_question",
    sortBy: ["id"],
    fields: [id, text("question", false), BENCHMARK_ANSWER],
    naturalKey: ["question"],
  },
];

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
  (COLUMN.fields ?? []).flatMap((f) =>
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
