import type { Identity } from "./core";
import { ApiError, denied } from "./errors";
import type { Platform, StoredCatalog, StoredSchema, StoredTable } from "./platform";
import { columnInfo } from "./uc-columns";

/**
 * Unity Catalog objects as the REST API shows them, shared by the REST routes
 * (`unity-catalog.ts`), the grants (`uc-grants.ts`) and the DDL run by statements
 * (`statements.ts`). Names are case-insensitive and kept in lower case, as Unity Catalog does.
 */
export const catalogMissing = (name: string) =>
  new ApiError(404, "CATALOG_DOES_NOT_EXIST", `Catalog '${name}' does not exist.`);
export const schemaMissing = (name: string) =>
  new ApiError(404, "SCHEMA_DOES_NOT_EXIST", `Schema '${name}' does not exist.`);
export const tableMissing = (name: string) =>
  new ApiError(404, "TABLE_DOES_NOT_EXIST", `Table '${name}' does not exist.`);

export const key = (name: string) => name.toLowerCase();

export function getCatalog(p: Platform, name: string): StoredCatalog {
  const c = p.state.catalogs[key(name)];
  if (c === undefined) throw catalogMissing(name);
  return c;
}

export function getSchema(p: Platform, fullName: string): StoredSchema {
  const s = p.state.schemas[key(fullName)];
  if (s === undefined) {
    const [catalog] = fullName.split(".");
    getCatalog(p, catalog ?? "");
    throw schemaMissing(fullName);
  }
  return s;
}

export function getTable(p: Platform, fullName: string): StoredTable {
  const t = p.state.tables[key(fullName)];
  if (t === undefined) throw tableMissing(fullName);
  return t;
}

export const schemaKey = (s: StoredSchema) => `${s.catalog_name}.${s.name}`;
export const tableKey = (t: StoredTable) => `${t.catalog_name}.${t.schema_name}.${t.name}`;

export function catalogInfo(p: Platform, c: StoredCatalog): Record<string, unknown> {
  return {
    ...c,
    full_name: c.name,
    catalog_type: "MANAGED_CATALOG",
    isolation_mode: "OPEN",
    securable_type: "CATALOG",
    metastore_id: p.metastoreId,
    browse_only: false,
  };
}

export function schemaInfo(p: Platform, s: StoredSchema): Record<string, unknown> {
  return {
    ...s,
    full_name: schemaKey(s),
    catalog_type: "MANAGED_CATALOG",
    metastore_id: p.metastoreId,
    browse_only: false,
  };
}

export function tableInfo(p: Platform, t: StoredTable): Record<string, unknown> {
  // cluster_keys stays internal: the tables API shows clustering only through properties.
  const { columns, properties, data_source_format, ...rest } = t;
  delete (rest as Partial<StoredTable>).cluster_keys;
  return {
    ...rest,
    full_name: tableKey(t),
    ...(t.table_type === "VIEW" ? {} : { data_source_format: data_source_format ?? "DELTA" }),
    ...(t.table_type === "MANAGED" && t.storage_location === undefined
      ? { storage_location: `s3://emulator-metastore/${p.metastoreId}/tables/${t.table_id}` }
      : {}),
    columns: columns.map((c, i) => columnInfo(c, i)),
    ...(Object.keys(properties).length > 0 ? { properties } : {}),
    metastore_id: p.metastoreId,
    securable_type: "TABLE",
    browse_only: false,
  };
}

/** The tables of a schema, and the schemas of a catalog. */
export const tablesIn = (p: Platform, schemaFull: string) =>
  Object.entries(p.state.tables).filter(([k]) => k.startsWith(`${key(schemaFull)}.`));
export const schemasIn = (p: Platform, catalog: string) =>
  Object.entries(p.state.schemas).filter(([k]) => k.startsWith(`${key(catalog)}.`));

/** Removes a securable and the grants made on it. */
export function forget(p: Platform, type: "catalog" | "schema" | "table", fullName: string): void {
  const k = key(fullName);
  if (type === "catalog") delete p.state.catalogs[k];
  if (type === "schema") delete p.state.schemas[k];
  if (type === "table") delete p.state.tables[k];
  delete p.state.grants[`${type}:${k}`];
  p.record("delete", type, k);
}

/**
 * Who may change an object or its grants: its owner, the owner of a catalog or schema above it,
 * or a workspace admin (taken for a metastore admin here: an assumption, see emulator/README.md).
 */
export function requireOwner(
  p: Platform,
  identity: Identity,
  fullName: string,
  what: string,
): void {
  if (identity.admin) return;
  const parts = key(fullName).split(".");
  const owners = [
    p.state.catalogs[parts[0] ?? ""]?.owner,
    parts.length > 1 ? p.state.schemas[parts.slice(0, 2).join(".")]?.owner : undefined,
    parts.length > 2 ? p.state.tables[parts.join(".")]?.owner : undefined,
  ];
  const names = [identity.name, ...identity.groups];
  if (!owners.some((o) => o !== undefined && names.includes(o)))
    throw denied(`User ${identity.name} does not have MANAGE on ${what} '${fullName}'.`);
}
