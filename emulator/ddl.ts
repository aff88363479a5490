import { Cursor, DdlError, syntaxError, tokenize } from "./ddl-tokens";

export { DdlError } from "./ddl-tokens";

/**
 * A parser for the DDL the Databricks provider runs on a warehouse for `databricks.SqlTable`
 * (terraform-provider-databricks, catalog/resource_sql_table.go: `buildTableCreateStatement`,
 * `diff`, `deleteTable`), plus CREATE/DROP SCHEMA and CATALOG. Pure: statements in, a description
 * out; `statements.ts` applies it to the workspace.
 */
export interface ColumnDef {
  name: string;
  /** As written (`DECIMAL(10,2)`); normalized when stored. */
  type: string;
  nullable: boolean;
  comment?: string;
  identity?: "always" | "default";
}

export interface CreateTable {
  kind: "create-table";
  name: string[];
  view: boolean;
  orReplace: boolean;
  ifNotExists: boolean;
  columns: ColumnDef[];
  using?: string;
  partitions: string[];
  clusterKeys?: string[];
  comment?: string;
  properties: Record<string, string>;
  options: Record<string, string>;
  location?: string;
  viewDefinition?: string;
}

export type AlterAction =
  | { op: "add-columns"; columns: ColumnDef[]; first: boolean; after?: string }
  | { op: "drop-columns"; names: string[]; ifExists: boolean }
  | { op: "rename-column"; from: string; to: string }
  | { op: "column-comment"; column: string; comment: string }
  | { op: "column-nullability"; column: string; nullable: boolean }
  | { op: "set-properties"; properties: Record<string, string> }
  | { op: "unset-properties"; keys: string[]; ifExists: boolean }
  | { op: "cluster-by"; keys: string[] }
  | { op: "set-location"; location: string }
  | { op: "view-as"; definition: string };

export type Statement =
  | CreateTable
  | { kind: "alter-table"; name: string[]; view: boolean; action: AlterAction }
  | { kind: "drop-table"; name: string[]; view: boolean; ifExists: boolean }
  | { kind: "comment-on-table"; name: string[]; comment: string }
  | { kind: "comment-on-column"; name: string[]; column: string; comment: string }
  | { kind: "create-schema"; name: string[]; ifNotExists: boolean; comment?: string }
  | { kind: "drop-schema"; name: string[]; ifExists: boolean; cascade: boolean }
  | { kind: "create-catalog"; name: string[]; ifNotExists: boolean; comment?: string }
  | { kind: "drop-catalog"; name: string[]; ifExists: boolean; cascade: boolean };

/** Parses one statement (a trailing `;` is fine); throws DdlError for what Databricks SQL refuses. */
export function parseDdl(sql: string): Statement {
  const c = new Cursor(sql, tokenize(sql));
  const statement = parseStatement(c);
  c.acceptPunct(";");
  if (!c.done) throw syntaxError(c.peek()?.value ?? "");
  return statement;
}

function parseStatement(c: Cursor): Statement {
  if (c.accept("CREATE")) {
    const orReplace = c.accept("OR", "REPLACE");
    if (c.accept("TABLE")) return createTable(c, orReplace, false);
    if (c.accept("VIEW")) return createTable(c, orReplace, true);
    const kind = c.accept("SCHEMA") || c.accept("DATABASE") ? "create-schema" : undefined;
    if (kind === undefined) c.expect("CATALOG");
    const ifNotExists = c.accept("IF", "NOT", "EXISTS");
    const name = c.qualifiedName();
    const comment = c.accept("COMMENT") ? c.string() : undefined;
    return { kind: kind ?? "create-catalog", name, ifNotExists, ...(comment ? { comment } : {}) };
  }
  if (c.accept("DROP")) {
    const view = c.accept("VIEW");
    if (view || c.accept("TABLE")) {
      const ifExists = c.accept("IF", "EXISTS");
      return { kind: "drop-table", name: c.qualifiedName(), view, ifExists };
    }
    const kind = c.accept("SCHEMA") || c.accept("DATABASE") ? "drop-schema" : undefined;
    if (kind === undefined) c.expect("CATALOG");
    const ifExists = c.accept("IF", "EXISTS");
    const name = c.qualifiedName();
    const cascade = c.accept("CASCADE");
    if (!cascade) c.accept("RESTRICT");
    return { kind: kind ?? "drop-catalog", name, ifExists, cascade };
  }
  if (c.accept("ALTER")) {
    const view = c.accept("VIEW");
    if (!view) c.expect("TABLE");
    const name = c.qualifiedName();
    return { kind: "alter-table", name, view, action: alterAction(c, view) };
  }
  if (c.accept("COMMENT", "ON")) {
    if (c.accept("COLUMN")) {
      const parts = c.qualifiedName();
      c.expect("IS");
      const column = parts.pop() as string;
      return { kind: "comment-on-column", name: parts, column, comment: c.string() };
    }
    if (!c.accept("TABLE")) c.expect("VIEW");
    const name = c.qualifiedName();
    c.expect("IS");
    return { kind: "comment-on-table", name, comment: c.string() };
  }
  throw new DdlError(
    "UNSUPPORTED_STATEMENT",
    "0A000",
    `The emulator runs only DDL (CREATE/ALTER/DROP TABLE or VIEW, COMMENT ON, CREATE/DROP SCHEMA or CATALOG); it cannot run '${c.sql.trim().slice(0, 60)}'.`,
  );
}

function createTable(c: Cursor, orReplace: boolean, view: boolean): CreateTable {
  const out: CreateTable = {
    kind: "create-table",
    name: [],
    view,
    orReplace,
    ifNotExists: c.accept("IF", "NOT", "EXISTS"),
    columns: [],
    partitions: [],
    properties: {},
    options: {},
  };
  out.name = c.qualifiedName();
  if (c.acceptPunct("(")) out.columns = columnList(c, view);
  for (;;) {
    if (c.accept("USING")) out.using = c.identifier().toUpperCase();
    else if (c.accept("PARTITIONED", "BY")) out.partitions = nameList(c);
    else if (c.accept("CLUSTER", "BY")) out.clusterKeys = clusterKeys(c);
    else if (c.accept("COMMENT")) out.comment = c.string();
    else if (c.accept("TBLPROPERTIES")) out.properties = keyValues(c);
    else if (c.accept("OPTIONS")) out.options = keyValues(c);
    else if (c.accept("LOCATION")) {
      out.location = c.string();
      if (c.accept("WITH")) skipParenthesized(c);
    } else if (view && c.accept("AS")) out.viewDefinition = c.rest();
    else break;
  }
  return out;
}

function alterAction(c: Cursor, view: boolean): AlterAction {
  if (view && c.accept("AS")) return { op: "view-as", definition: c.rest() };
  if (c.accept("ADD")) {
    if (!c.accept("COLUMNS")) c.expect("COLUMN");
    const columns = c.acceptPunct("(") ? columnList(c, false) : [columnDef(c, false)];
    const first = c.accept("FIRST");
    const after = !first && c.accept("AFTER") ? c.identifier() : undefined;
    return { op: "add-columns", columns, first, ...(after === undefined ? {} : { after }) };
  }
  if (c.accept("DROP")) {
    if (!c.accept("COLUMNS")) c.expect("COLUMN");
    const ifExists = c.accept("IF", "EXISTS");
    const names = c.acceptPunct("(") ? restOfNameList(c) : [c.identifier()];
    return { op: "drop-columns", names, ifExists };
  }
  if (c.accept("RENAME", "COLUMN")) {
    const from = c.identifier();
    c.expect("TO");
    return { op: "rename-column", from, to: c.identifier() };
  }
  if (c.accept("ALTER") || c.accept("CHANGE")) {
    c.accept("COLUMN");
    const column = c.identifier();
    if (c.accept("COMMENT")) return { op: "column-comment", column, comment: c.string() };
    if (c.accept("SET", "NOT", "NULL"))
      return { op: "column-nullability", column, nullable: false };
    c.expect("DROP", "NOT", "NULL");
    return { op: "column-nullability", column, nullable: true };
  }
  if (c.accept("SET", "TBLPROPERTIES")) return { op: "set-properties", properties: keyValues(c) };
  if (c.accept("UNSET", "TBLPROPERTIES")) {
    const ifExists = c.accept("IF", "EXISTS");
    c.expectPunct("(");
    const keys: string[] = [];
    do keys.push(propertyKey(c));
    while (c.acceptPunct(","));
    c.expectPunct(")");
    return { op: "unset-properties", keys, ifExists };
  }
  if (c.accept("CLUSTER", "BY")) return { op: "cluster-by", keys: clusterKeys(c) };
  if (c.accept("SET", "LOCATION")) {
    const location = c.string();
    if (c.accept("WITH")) skipParenthesized(c);
    return { op: "set-location", location };
  }
  throw syntaxError(c.peek()?.value ?? "end of input");
}

/** After `(`: column definitions up to the closing `)`. A view's columns may omit the type. */
function columnList(c: Cursor, view: boolean): ColumnDef[] {
  const out: ColumnDef[] = [];
  do out.push(columnDef(c, view));
  while (c.acceptPunct(","));
  c.expectPunct(")");
  return out;
}

function columnDef(c: Cursor, typeOptional: boolean): ColumnDef {
  const name = c.identifier();
  const next = c.peek();
  const hasType =
    next?.kind === "word" && !(typeOptional && /^(COMMENT|NOT)$/i.test(next.value as string));
  const col: ColumnDef = { name, type: hasType ? columnType(c) : "", nullable: true };
  for (;;) {
    if (c.accept("NOT", "NULL")) col.nullable = false;
    else if (c.accept("COMMENT")) col.comment = c.string();
    else if (c.accept("GENERATED")) {
      col.identity = c.accept("ALWAYS") ? "always" : (c.expect("BY", "DEFAULT"), "default");
      c.expect("AS", "IDENTITY");
      if (c.peek()?.value === "(") skipParenthesized(c);
    } else break;
  }
  return col;
}

/** A type as written: a word, then `(...)` or `<...>` with anything nested. */
function columnType(c: Cursor): string {
  const first = c.next();
  if (first.kind !== "word") throw syntaxError(first.value);
  const open = c.peek();
  if (open?.kind === "punct" && (open.value === "(" || open.value === "<")) {
    let depth = 0;
    do {
      const t = c.next();
      if (t.kind === "punct" && (t.value === "(" || t.value === "<")) depth++;
      if (t.kind === "punct" && (t.value === ")" || t.value === ">")) depth--;
    } while (depth > 0);
  }
  return c.textFrom(first);
}

function nameList(c: Cursor): string[] {
  c.expectPunct("(");
  return restOfNameList(c);
}

function restOfNameList(c: Cursor): string[] {
  const out: string[] = [];
  do out.push(c.identifier());
  while (c.acceptPunct(","));
  c.expectPunct(")");
  return out;
}

function clusterKeys(c: Cursor): string[] {
  if (c.accept("AUTO")) return ["AUTO"];
  if (c.accept("NONE")) return [];
  return nameList(c);
}

/** `('k'='v', ...)` */
function keyValues(c: Cursor): Record<string, string> {
  c.expectPunct("(");
  const out: Record<string, string> = {};
  if (c.acceptPunct(")")) return out;
  do {
    const key = propertyKey(c);
    c.acceptPunct("=");
    out[key] = c.string();
  } while (c.acceptPunct(","));
  c.expectPunct(")");
  return out;
}

/** `'delta.x'` or an unquoted dotted key (`delta.x`), as UNSET TBLPROPERTIES sends it. */
function propertyKey(c: Cursor): string {
  if (c.peek()?.kind === "string") return c.string();
  return c.qualifiedName().join(".");
}

function skipParenthesized(c: Cursor): void {
  c.expectPunct("(");
  let depth = 1;
  while (depth > 0) {
    const t = c.next();
    if (t.kind === "punct" && t.value === "(") depth++;
    if (t.kind === "punct" && t.value === ")") depth--;
  }
}
