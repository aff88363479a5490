import { randomUUID } from "node:crypto";
import type { Identity } from "./core";
import {
  type AlterAction,
  type ColumnDef,
  type CreateTable,
  DdlError,
  type Statement,
} from "./ddl";
import type { Platform, StoredColumn, StoredTable } from "./platform";
import { normalizeType } from "./uc-columns";
import { holds } from "./uc-grants";
import { forget, schemasIn, tablesIn } from "./uc-model";

/**
 * Runs a parsed DDL statement against the emulated Unity Catalog, failing the way Databricks SQL
 * does (error class and SQLSTATE; the condition names are Databricks SQL's own, their wording
 * here is close to but not always exactly the server's).
 */
export interface Defaults {
  catalog?: string;
  schema?: string;
}

const quoted = (parts: string[]) => parts.map((p) => `\`${p}\``).join(".");
const notFoundTable = (parts: string[]) =>
  new DdlError(
    "TABLE_OR_VIEW_NOT_FOUND",
    "42P01",
    `The table or view ${quoted(parts)} cannot be found.`,
  );
const notFoundSchema = (parts: string[]) =>
  new DdlError("SCHEMA_NOT_FOUND", "42704", `The schema ${quoted(parts)} cannot be found.`);
const noPermission = (identity: Identity, privilege: string, what: string) =>
  new DdlError(
    "PERMISSION_DENIED",
    "42501",
    `User ${identity.name} does not have ${privilege} on ${what}.`,
  );

/** catalog.schema.table, filling missing leading parts from the request's catalog and schema. */
function resolve(name: string[], size: 2 | 3, d: Defaults): string[] {
  const defaults = size === 3 ? [d.catalog, d.schema] : [d.catalog];
  const missing = size - name.length;
  const filled = [...defaults.slice(0, missing), ...name].map((x) => (x ?? "").toLowerCase());
  if (filled.length !== size || filled.some((x) => x === ""))
    throw new DdlError(
      "INVALID_IDENTIFIER",
      "42602",
      `The name ${quoted(name)} needs a catalog and a schema.`,
    );
  return filled;
}

function column(def: ColumnDef): StoredColumn {
  const t = normalizeType(def.type === "" ? "string" : def.type);
  if (t === undefined)
    throw new DdlError(
      "UNSUPPORTED_DATATYPE",
      "0A000",
      `Unsupported data type "${def.type.toUpperCase()}".`,
    );
  return {
    name: def.name,
    type_text: t.type_text,
    type_name: t.type_name,
    nullable: def.nullable,
    ...(def.comment === undefined ? {} : { comment: def.comment }),
    ...(def.identity === undefined ? {} : { identity: def.identity }),
  };
}

function findColumn(t: StoredTable, name: string): StoredColumn {
  const c = t.columns.find((x) => x.name.toLowerCase() === name.toLowerCase());
  if (c === undefined)
    throw new DdlError("COLUMN_NOT_FOUND", "42703", `The column \`${name}\` cannot be found.`);
  return c;
}

export function applyDdl(p: Platform, identity: Identity, s: Statement, d: Defaults): void {
  switch (s.kind) {
    case "create-table":
      return createTable(p, identity, s, d);
    case "drop-table": {
      const name = resolve(s.name, 3, d);
      if (p.state.tables[name.join(".")] === undefined) {
        if (s.ifExists) return;
        throw notFoundTable(name);
      }
      if (!holds(p, identity, "table", name.join("."), "MANAGE"))
        throw noPermission(identity, "MANAGE", quoted(name));
      return forget(p, "table", name.join("."));
    }
    case "alter-table":
      return alter(p, identity, table(p, resolve(s.name, 3, d)), s.action);
    case "comment-on-table":
      return alter(p, identity, table(p, resolve(s.name, 3, d)), {
        op: "set-comment",
        comment: s.comment,
      });
    case "comment-on-column":
      return alter(p, identity, table(p, resolve(s.name, 3, d)), {
        op: "column-comment",
        column: s.column,
        comment: s.comment,
      });
    case "create-schema": {
      const [catalog, schema] = resolve(s.name, 2, d) as [string, string];
      if (p.state.catalogs[catalog] === undefined)
        throw new DdlError(
          "NO_SUCH_CATALOG_EXCEPTION",
          "42704",
          `Catalog '${catalog}' was not found.`,
        );
      if (p.state.schemas[`${catalog}.${schema}`] !== undefined) {
        if (s.ifNotExists) return;
        throw new DdlError(
          "SCHEMA_ALREADY_EXISTS",
          "42P06",
          `Cannot create schema ${quoted([catalog, schema])} because it already exists.`,
        );
      }
      if (!holds(p, identity, "catalog", catalog, "CREATE_SCHEMA"))
        throw noPermission(identity, "CREATE SCHEMA", `Catalog '${catalog}'`);
      p.state.schemas[`${catalog}.${schema}`] = {
        name: schema,
        catalog_name: catalog,
        schema_id: randomUUID(),
        ...p.audit(identity.name),
        ...(s.comment === undefined ? {} : { comment: s.comment }),
      };
      return p.record("create", "schema", `${catalog}.${schema}`);
    }
    case "drop-schema": {
      const name = resolve(s.name, 2, d).join(".");
      if (p.state.schemas[name] === undefined) {
        if (s.ifExists) return;
        throw notFoundSchema(name.split("."));
      }
      const tables = tablesIn(p, name);
      if (tables.length > 0 && !s.cascade)
        throw new DdlError(
          "SCHEMA_NOT_EMPTY",
          "2BP01",
          `Cannot drop a schema ${quoted(name.split("."))} because it contains objects.`,
        );
      for (const [k] of tables) forget(p, "table", k);
      return forget(p, "schema", name);
    }
    case "create-catalog": {
      if (s.name.length !== 1)
        throw new DdlError(
          "INVALID_IDENTIFIER",
          "42602",
          `The catalog name ${quoted(s.name)} has too many parts.`,
        );
      const catalog = (s.name[0] as string).toLowerCase();
      if (p.state.catalogs[catalog] !== undefined) {
        if (s.ifNotExists) return;
        throw new DdlError(
          "CATALOG_ALREADY_EXISTS",
          "42P04",
          `Cannot create catalog \`${catalog}\` because it already exists.`,
        );
      }
      if (!identity.admin) throw noPermission(identity, "CREATE CATALOG", "Metastore");
      p.state.catalogs[catalog] = { name: catalog, ...p.audit(identity.name) };
      return p.record("create", "catalog", catalog);
    }
    case "drop-catalog": {
      const catalog = (s.name[0] ?? "").toLowerCase();
      if (p.state.catalogs[catalog] === undefined) {
        if (s.ifExists) return;
        throw new DdlError(
          "NO_SUCH_CATALOG_EXCEPTION",
          "42704",
          `Catalog '${catalog}' was not found.`,
        );
      }
      const schemas = schemasIn(p, catalog).filter(([k]) => !k.endsWith(".information_schema"));
      if (schemas.length > 0 && !s.cascade)
        throw new DdlError(
          "CATALOG_NOT_EMPTY",
          "2BP01",
          `Cannot drop a catalog \`${catalog}\` because it contains objects.`,
        );
      for (const [k] of schemas) for (const [t] of tablesIn(p, k)) forget(p, "table", t);
      for (const [k] of schemasIn(p, catalog)) forget(p, "schema", k);
      return forget(p, "catalog", catalog);
    }
  }
}

function table(p: Platform, name: string[]): StoredTable {
  const t = p.state.tables[name.join(".")];
  if (t === undefined) throw notFoundTable(name);
  return t;
}

function createTable(p: Platform, identity: Identity, s: CreateTable, d: Defaults): void {
  const name = resolve(s.name, 3, d);
  const [catalog, schema, tableName] = name as [string, string, string];
  if (p.state.schemas[`${catalog}.${schema}`] === undefined)
    throw notFoundSchema([catalog, schema]);
  const full = name.join(".");
  const existing = p.state.tables[full];
  if (existing !== undefined && !s.orReplace) {
    if (s.ifNotExists) return;
    throw new DdlError(
      "TABLE_OR_VIEW_ALREADY_EXISTS",
      "42P07",
      `Cannot create table or view ${quoted(name)} because it already exists. Choose a different name, drop the existing object, add the IF NOT EXISTS clause to tolerate pre-existing objects, or add the OR REPLACE clause to replace it.`,
    );
  }
  if (!holds(p, identity, "schema", `${catalog}.${schema}`, "CREATE_TABLE"))
    throw noPermission(identity, "CREATE TABLE", `Schema '${catalog}.${schema}'`);
  const columns = s.columns.map(column);
  for (const [i, part] of s.partitions.entries()) {
    const c = columns.find((x) => x.name.toLowerCase() === part.toLowerCase());
    if (c === undefined)
      throw new DdlError("COLUMN_NOT_FOUND", "42703", `The column \`${part}\` cannot be found.`);
    c.partition_index = i;
  }
  const properties = { ...s.properties };
  for (const [k, v] of Object.entries(s.options)) properties[`option.${k}`] = v;
  p.state.tables[full] = {
    catalog_name: catalog,
    schema_name: schema,
    name: tableName,
    table_type: s.view ? "VIEW" : s.location !== undefined ? "EXTERNAL" : "MANAGED",
    ...(s.view ? {} : { data_source_format: s.using ?? "DELTA" }),
    columns,
    properties,
    ...(s.comment === undefined ? {} : { comment: s.comment }),
    ...(s.location === undefined ? {} : { storage_location: s.location }),
    ...(s.viewDefinition === undefined ? {} : { view_definition: s.viewDefinition }),
    ...(s.clusterKeys === undefined ? {} : { cluster_keys: s.clusterKeys }),
    ...p.audit(identity.name),
    table_id: existing?.table_id ?? randomUUID(),
  };
  p.record(existing === undefined ? "create" : "update", "table", full);
}

function alter(
  p: Platform,
  identity: Identity,
  t: StoredTable,
  a: AlterAction | { op: "set-comment"; comment: string },
): void {
  const full = `${t.catalog_name}.${t.schema_name}.${t.name}`;
  if (!holds(p, identity, "table", full, "MODIFY") && !holds(p, identity, "table", full, "MANAGE"))
    throw noPermission(identity, "MODIFY", `Table '${full}'`);
  switch (a.op) {
    case "add-columns": {
      const added = a.columns.map(column);
      for (const c of added)
        if (t.columns.some((x) => x.name.toLowerCase() === c.name.toLowerCase()))
          throw new DdlError(
            "COLUMN_ALREADY_EXISTS",
            "42711",
            `The column \`${c.name}\` already exists.`,
          );
      const at = a.first
        ? 0
        : a.after === undefined
          ? t.columns.length
          : t.columns.indexOf(findColumn(t, a.after)) + 1;
      t.columns.splice(at, 0, ...added);
      break;
    }
    case "drop-columns":
      for (const n of a.names) if (!a.ifExists) findColumn(t, n);
      t.columns = t.columns.filter(
        (c) => !a.names.some((n) => n.toLowerCase() === c.name.toLowerCase()),
      );
      break;
    case "rename-column":
      findColumn(t, a.from).name = a.to;
      break;
    case "column-comment":
      findColumn(t, a.column).comment = a.comment;
      break;
    case "column-nullability":
      findColumn(t, a.column).nullable = a.nullable;
      break;
    case "set-properties":
      Object.assign(t.properties, a.properties);
      break;
    case "unset-properties":
      for (const k of a.keys) {
        if (!(k in t.properties) && !a.ifExists)
          throw new DdlError(
            "UNSET_NONEXISTENT_PROPERTIES",
            "42K0J",
            `Attempted to unset non-existent properties [${k}].`,
          );
        delete t.properties[k];
      }
      break;
    case "cluster-by":
      t.cluster_keys = a.keys;
      break;
    case "set-location":
      t.storage_location = a.location;
      break;
    case "view-as":
      t.view_definition = a.definition;
      break;
    case "set-comment":
      t.comment = a.comment;
      break;
  }
  t.updated_at = p.audit(identity.name).updated_at;
  t.updated_by = identity.name;
  p.record("update", "table", full);
}
