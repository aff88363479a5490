import { joinLines } from "./text";

/**
 * The shape knowledge every function of the model shares: which lists carry ids, how the server
 * sorts them (observed error texts in API-FACTS.md), how a person recognises an item (its natural
 * key, used for stable ids, id reuse and readable diff paths), and which of its fields are text.
 */

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
export type JsonObject = { [key: string]: unknown };

export function isObject(value: unknown): value is JsonObject {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Text as a person reads it: pieces joined; anything else as its JSON. */
export function textOf(value: unknown): string {
  if (Array.isArray(value) && value.every((v) => typeof v === "string")) return joinLines(value);
  if (typeof value === "string") return value;
  return value === undefined ? "" : JSON.stringify(value);
}

export interface IdCollection {
  /** Where the list lives in the document. */
  path: readonly string[];
  /** The server's singular name for an item, as in `Invalid id for sample_question.id`. */
  label: string;
  /** How the server sorts the list. */
  sortBy: "id" | "id,identifier";
  /** Fields holding text (arrays of line pieces) directly on the item. */
  text: readonly string[];
  /** How a person recognises the item. */
  naturalKey(item: JsonObject, index: number): string;
}

const snippetKey = (item: JsonObject): string =>
  typeof item["display_name"] === "string" && item["display_name"] !== ""
    ? item["display_name"]
    : typeof item["alias"] === "string" && item["alias"] !== ""
      ? item["alias"]
      : textOf(item["sql"]);

const sourceName = (source: unknown): string =>
  isObject(source) && typeof source["identifier"] === "string" ? source["identifier"] : "?";

export const ID_COLLECTIONS: readonly IdCollection[] = [
  {
    path: ["config", "sample_questions"],
    label: "sample_question",
    sortBy: "id",
    text: ["question"],
    naturalKey: (item) => textOf(item["question"]),
  },
  {
    path: ["instructions", "text_instructions"],
    label: "text_instruction",
    sortBy: "id",
    text: ["content"],
    // The server allows one; keying by position keeps its id when its text is edited.
    naturalKey: (_item, index) => String(index),
  },
  {
    path: ["instructions", "example_question_sqls"],
    label: "example_question_sql",
    sortBy: "id",
    text: ["question", "sql", "usage_guidance"],
    naturalKey: (item) => textOf(item["question"]),
  },
  {
    path: ["instructions", "sql_functions"],
    label: "sql_function",
    sortBy: "id,identifier",
    text: [],
    naturalKey: (item) => String(item["identifier"] ?? ""),
  },
  {
    path: ["instructions", "join_specs"],
    label: "join_spec",
    sortBy: "id",
    text: ["sql", "comment", "instruction"],
    naturalKey: (item) => `${sourceName(item["left"])} JOIN ${sourceName(item["right"])}`,
  },
  ...(["filters", "expressions", "measures"] as const).map((kind): IdCollection => ({
    path: ["instructions", "sql_snippets", kind],
    label: `sql_snippet.${kind}`,
    sortBy: "id",
    text: ["sql", "instruction", "comment"],
    naturalKey: snippetKey,
  })),
  {
    path: ["benchmarks", "questions"],
    label: "benchmark_question",
    sortBy: "id",
    text: ["question"],
    naturalKey: (item) => textOf(item["question"]),
  },
];

/** Lists without ids, sorted by a field of their own. */
export const TABLE_COLLECTIONS: readonly (readonly string[])[] = [
  ["data_sources", "tables"],
  ["data_sources", "metric_views"],
];

export function getAt(doc: unknown, path: readonly string[]): unknown {
  let cur = doc;
  for (const seg of path) {
    if (!isObject(cur)) return undefined;
    cur = cur[seg];
  }
  return cur;
}

/** The list at `path` when it is an array of objects (anything else is the schema's business). */
export function listAt(doc: unknown, path: readonly string[]): JsonObject[] {
  const value = getAt(doc, path);
  return Array.isArray(value) ? value.filter(isObject) : [];
}

/** Compares as the server does: by UTF-16 code units, like Java's String.compareTo. */
export function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export function serverSortKey(collection: IdCollection, item: JsonObject): string[] {
  const id = String(item["id"] ?? "");
  return collection.sortBy === "id" ? [id] : [id, String(item["identifier"] ?? "")];
}

export function compareKeys(a: readonly string[], b: readonly string[]): number {
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const c = compareStrings(a[i] ?? "", b[i] ?? "");
    if (c !== 0) return c;
  }
  return 0;
}
