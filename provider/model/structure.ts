import { type Collection, COLLECTIONS, type Field, TABLE_COLLECTIONS } from "./fields";
import { isObject, type JsonObject, listAt } from "./json";
import type { PathSegment } from "./problems";

/**
 * Walks over the document driven by the field table (fields.ts): the text fields at any depth,
 * the columns of every table and metric view, and the server's sort order.
 */
export { type Json, type JsonObject, getAt, isObject, listAt, textOf } from "./json";
export { type Collection, ID_COLLECTIONS, TABLE_COLLECTIONS } from "./fields";

/** Every object of the document that holds text fields, with the names of those fields. */
export function forEachText(doc: unknown, visit: (obj: JsonObject, field: string) => void): void {
  const walk = (obj: JsonObject, fields: readonly Field[]) => {
    for (const f of fields) {
      if (f.wire === undefined) continue;
      if (f.kind === "text") visit(obj, f.wire);
      else if (f.kind === "list") for (const x of listAt(obj, [f.wire])) walk(x, f.fields ?? []);
      else if (f.kind === "object" && isObject(obj[f.wire]))
        walk(obj[f.wire] as JsonObject, f.fields ?? []);
    }
  };
  for (const c of COLLECTIONS) for (const item of listAt(doc, c.path)) walk(item, c.fields);
}

/** The wire names of every text field (`description`, `sql`, `usage_guidance`, ...). */
export const TEXT_FIELD_NAMES: ReadonlySet<string> = new Set(
  (function names(fields: readonly Field[]): string[] {
    return fields.flatMap((f) => [
      ...(f.kind === "text" && f.wire !== undefined ? [f.wire] : []),
      ...names(f.fields ?? []),
    ]);
  })(COLLECTIONS.flatMap((c) => c.fields)),
);

export interface ColumnAt {
  column: JsonObject;
  table: JsonObject;
  /** The column's path in the document, e.g. `data_sources.tables[0].column_configs[2]`. */
  path: PathSegment[];
}

export interface TableAt {
  table: JsonObject;
  collection: Collection;
  /** The table's path in the document, e.g. `data_sources.metric_views[1]`. */
  path: PathSegment[];
}

/** Every table and metric view. */
export function tablesOf(doc: unknown): TableAt[] {
  return TABLE_COLLECTIONS.flatMap((collection) =>
    listAt(doc, collection.path).map((table, i) => ({
      table,
      collection,
      path: [...collection.path, i],
    })),
  );
}

/** Every column config of every table and metric view. */
export function columnsOf(doc: unknown): ColumnAt[] {
  return tablesOf(doc).flatMap(({ table, path }) =>
    listAt(table, ["column_configs"]).map((column, j) => ({
      column,
      table,
      path: [...path, "column_configs", j],
    })),
  );
}

/** Compares as the server does: by UTF-16 code units, like Java's String.compareTo. */
export function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** The server's sort key of an item: its `sortBy` fields, as strings. */
export function serverSortKey(
  collection: { sortBy: readonly string[] },
  item: JsonObject,
): string[] {
  return collection.sortBy.map((f) => String(item[f] ?? ""));
}

export function compareKeys(a: readonly string[], b: readonly string[]): number {
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const c = compareStrings(a[i] ?? "", b[i] ?? "");
    if (c !== 0) return c;
  }
  return 0;
}
