import { identifierKey } from "./identifiers";
import { formatPath, joinPath, type PathSegment, type Problem } from "./problems";
import { looksLikeDocument } from "./serialize";

/**
 * What a space needs from its workspace: the Unity Catalog tables, metric views and functions its
 * document names, and the columns its column settings name, each with the path where the user
 * wrote it (in the spec's terms for a spec, `tables[1].columns.amount`; in the document's for a
 * document, `data_sources.tables[0].column_configs[2]`), in the order the user wrote them, not the
 * server's. Pure: the lookups are the caller's (the client's `lookUpCatalog`), and
 * {@link referenceProblems} turns their answers into problems with a fix.
 */
export interface Reference {
  kind: "table" | "metricView" | "function";
  /** The three-part name as written (placeholders substituted). */
  name: string;
  path: string;
  /** Columns named by the table's column settings. */
  columns: { name: string; path: string }[];
}

export interface ReferenceOptions {
  /** Values still unknown (Pulumi's preview placeholder): an entry holding one is skipped. */
  isUnknown?: (value: unknown) => boolean;
}

const LISTS = {
  spec: [
    { kind: "table", at: ["tables"] },
    { kind: "metricView", at: ["metricViews"] },
    { kind: "function", at: ["sqlFunctions"] },
  ],
  document: [
    { kind: "table", at: ["data_sources", "tables"] },
    { kind: "metricView", at: ["data_sources", "metric_views"] },
    { kind: "function", at: ["instructions", "sql_functions"] },
  ],
} as const;

/**
 * The references of a spec or a document (an object, variables already substituted). Entries that
 * are not well formed are left out: the document's own validation reports them.
 *
 * @example
 * spaceReferences({ tables: ["dev.sales.orders", { identifier: "dev.sales.customers", columns: { id: {} } }] })
 * // [{ kind: "table", name: "dev.sales.orders", path: "tables[0]", columns: [] },
 * //  { kind: "table", name: "dev.sales.customers", path: "tables[1]", columns: [{ name: "id", path: "tables[1].columns.id" }] }]
 */
export function spaceReferences(value: unknown, options: ReferenceOptions = {}): Reference[] {
  if (!isRecord(value)) return [];
  const unknown = options.isUnknown ?? (() => false);
  const asDocument = looksLikeDocument(value);
  const out: Reference[] = [];
  for (const list of asDocument ? LISTS.document : LISTS.spec) {
    let items: unknown = value;
    for (const k of list.at) items = isRecord(items) ? items[k] : undefined;
    if (!Array.isArray(items)) continue;
    items.forEach((item: unknown, i) => {
      const at: PathSegment[] = [...list.at, i];
      const name = typeof item === "string" && !asDocument ? item : identifierOf(item);
      if (name === undefined || unknown(item) || containsUnknown(item, unknown)) return;
      const columns = list.kind === "function" ? [] : columnsOf(item, at, asDocument);
      out.push({ kind: list.kind, name, path: formatPath(at), columns });
    });
  }
  return out;
}

function identifierOf(item: unknown): string | undefined {
  const v = isRecord(item) ? item["identifier"] : undefined;
  return typeof v === "string" && v.trim() !== "" ? v : undefined;
}

function columnsOf(item: unknown, at: PathSegment[], asDocument: boolean): Reference["columns"] {
  if (!isRecord(item)) return [];
  if (asDocument) {
    const list = item["column_configs"];
    if (!Array.isArray(list)) return [];
    return list.flatMap((c: unknown, j) => {
      const name = isRecord(c) ? c["column_name"] : undefined;
      return typeof name === "string" && name !== ""
        ? [{ name, path: formatPath([...at, "column_configs", j]) }]
        : [];
    });
  }
  const map = item["columns"];
  if (!isRecord(map)) return [];
  return Object.keys(map).map((name) => ({ name, path: formatPath([...at, "columns", name]) }));
}

/** What a lookup of one name found (see the client's `lookUpCatalog`). */
export type Found =
  | { state: "found"; columns?: readonly string[] }
  | { state: "missing" }
  | { state: "unreadable"; message: string }
  | { state: "failed"; message: string };

const WHAT = { table: "table", metricView: "metric view", function: "SQL function" } as const;

/**
 * Every problem the lookups show, each at its path under `base` (the argument that holds the
 * space, e.g. `space`), with a fix. `found` is keyed by {@link lookupKey}. A table that cannot be
 * read is not looked into for columns; a lookup that failed (after the client's retries) is
 * reported as such: the check could not be made, which is not the same as a missing table.
 */
export function referenceProblems(
  refs: readonly Reference[],
  found: ReadonlyMap<string, Found>,
  base = "",
): Problem[] {
  const out: Problem[] = [];
  const problem = (path: string, rule: string, message: string, fix: string) =>
    out.push({ path: joinPath(base, path), rule, message, fix, severity: "error" });
  for (const ref of refs) {
    const f = found.get(lookupKey(ref.kind, ref.name));
    if (f === undefined) continue;
    const what = WHAT[ref.kind];
    if (f.state === "missing")
      problem(
        ref.path,
        `${ref.kind === "function" ? "function" : "table"}-missing`,
        `${what} '${ref.name}' does not exist in this workspace's Unity Catalog`,
        ref.kind === "function"
          ? "create the function first (CREATE FUNCTION), correct its name, or remove it from sqlFunctions"
          : `correct the name (catalog.schema.${ref.kind === "table" ? "table" : "view"}), create the ${what} first, or remove it from the space`,
      );
    else if (f.state === "unreadable")
      problem(
        ref.path,
        "not-readable",
        `the deployer cannot read ${what} '${ref.name}': ${f.message}`,
        ref.kind === "function"
          ? "grant the deployer USE CATALOG and USE SCHEMA on its catalog and schema, and EXECUTE on the function"
          : `grant the deployer USE CATALOG and USE SCHEMA on its catalog and schema, and SELECT on the ${what}`,
      );
    else if (f.state === "failed")
      problem(
        ref.path,
        "lookup-failed",
        `could not look up ${what} '${ref.name}': ${f.message}`,
        "run it again; if the workspace keeps failing, check its status",
      );
    else if (f.columns !== undefined) {
      const have = new Set(f.columns.map((c) => c.toLowerCase()));
      for (const c of ref.columns)
        if (!have.has(c.name.toLowerCase()))
          problem(
            c.path,
            "column-missing",
            `column '${c.name}' is not a column of ${what} '${ref.name}' (its columns: ${f.columns.join(", ") || "none"})`,
            "correct the column's name, or remove its settings",
          );
    }
  }
  return out;
}

/** The problem of a warehouse that a lookup did not find (or could not check), at `path`. */
export function warehouseProblem(id: string, found: Found, path: string): Problem | undefined {
  const fix =
    "pick a warehouse of this workspace: `databricks warehouses list` shows their ids (or pass a databricks.SqlEndpoint's id)";
  const p = (rule: string, message: string, fixed = fix): Problem => ({
    path,
    rule,
    message,
    fix: fixed,
    severity: "error",
  });
  if (found.state === "missing")
    return p("warehouse-missing", `SQL warehouse ${id} does not exist in this workspace`);
  if (found.state === "unreadable")
    return p(
      "warehouse-not-usable",
      `the deployer cannot use SQL warehouse ${id}: ${found.message}`,
      "grant the deployer CAN USE on the warehouse, or pick another one",
    );
  if (found.state === "failed")
    return p(
      "lookup-failed",
      `could not look up SQL warehouse ${id}: ${found.message}`,
      "run it again; if the workspace keeps failing, check its status",
    );
  return undefined;
}

/** How lookups are keyed: tables and metric views share Unity Catalog's table namespace. */
export function lookupKey(kind: Reference["kind"], name: string): string {
  return `${kind === "function" ? "function" : "table"}:${identifierKey(name)}`;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

function containsUnknown(v: unknown, unknown: (v: unknown) => boolean): boolean {
  if (unknown(v)) return true;
  if (Array.isArray(v)) return v.some((x) => containsUnknown(x, unknown));
  if (isRecord(v)) return Object.values(v).some((x) => containsUnknown(x, unknown));
  return false;
}

/**
 * The lookups' answers keyed as {@link referenceProblems} reads them, from maps keyed by the name
 * as asked, lower-cased (the client's `lookUpCatalog`).
 */
export function foundByReference(
  refs: readonly Reference[],
  found: { tables: ReadonlyMap<string, Found>; functions: ReadonlyMap<string, Found> },
): Map<string, Found> {
  const out = new Map<string, Found>();
  for (const r of refs) {
    const f = (r.kind === "function" ? found.functions : found.tables).get(r.name.toLowerCase());
    if (f !== undefined) out.set(lookupKey(r.kind, r.name), f);
  }
  return out;
}
