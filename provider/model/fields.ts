import {
  DEFAULT_VALUE_FORM,
  JOIN_ADAPTER,
  JOIN_SIDE_FORM,
  RELATIONSHIP_FORM,
  SQL_ANSWER_FORM,
} from "./field-forms";
import {
  type Collection,
  type CollectionDescription,
  type CollectionTree,
  type Field,
  fields,
  flag,
  id,
  str,
  strings,
  text,
  tree,
} from "./field-kinds";
import { isObject, type JsonObject, textOf } from "./json";

export type {
  Adapter,
  Collection,
  CollectionDescription,
  CollectionTree,
  Field,
  FieldDescription,
  Fields,
  Kind,
  SpecForm,
} from "./field-kinds";

/**
 * Every field of the `serialized_space` document, described once: where it lives on the wire, what
 * the friendly spec calls it, and what kind of value it is. The zod schemas (document and spec),
 * the conversions in both directions, the walks over text and columns, the sorting, the ids and
 * the translation of document paths into spec paths are all driven from this table
 * (docs/api-behaviour.md, "The document"). Adding a field is one entry here, plus its tests.
 */

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
