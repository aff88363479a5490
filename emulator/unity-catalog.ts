import { randomUUID } from "node:crypto";
import { ApiError, badRequest, denied } from "./errors";
import type { StoredCatalog } from "./platform";
import { cannotRead, holds } from "./uc-grants";
import { type Ctx, fields, type Reply, route, type Route } from "./routes";
import {
  catalogInfo,
  forget,
  getCatalog,
  getSchema,
  getTable,
  key,
  requireOwner,
  schemaInfo,
  schemasIn,
  tableInfo,
  tablesIn,
} from "./uc-model";

/**
 * Unity Catalog catalogs, schemas and tables over REST, as the Databricks SDK calls them
 * (databricks-sdk-go service/catalog/impl.go) for `databricks.Catalog`, `databricks.Schema` and the
 * read side of `databricks.SqlTable` (terraform-provider-databricks catalog/resource_catalog.go,
 * resource_schema.go, resource_sql_table.go). Tables are created by DDL through `statements.ts`.
 */
const UC = "/api/2.1/unity-catalog";
const NAME = /^[^\s./]+$/;

function str(body: Record<string, unknown>, field: string): string | undefined {
  const v = body[field];
  return typeof v === "string" && v !== "" ? v : undefined;
}

function validName(name: string | undefined, what: string): string {
  if (name === undefined || !NAME.test(name))
    throw badRequest(
      `Invalid input: ${what} name "${name ?? ""}" is not a valid name. Valid names cannot contain spaces, periods, forward slashes, or control characters.`,
    );
  return name.toLowerCase();
}

/** The fields a PATCH may change on a catalog or a schema. */
function patchCommon(ctx: Ctx, target: StoredCatalog): void {
  const body = fields(ctx);
  if (typeof body["comment"] === "string") target.comment = body["comment"];
  if (typeof body["owner"] === "string") target.owner = body["owner"];
  if (typeof body["properties"] === "object" && body["properties"] !== null)
    target.properties = body["properties"] as Record<string, string>;
  target.updated_at = ctx.core.clock.now();
  target.updated_by = ctx.identity.name;
}

function createCatalog(ctx: Ctx): Reply {
  const p = ctx.core.platform;
  p.write();
  const body = fields(ctx);
  const name = validName(str(body, "name"), "catalog");
  if (!ctx.identity.admin)
    throw denied(`User ${ctx.identity.name} does not have CREATE CATALOG on Metastore.`);
  if (p.state.catalogs[name] !== undefined)
    throw new ApiError(409, "CATALOG_ALREADY_EXISTS", `Catalog '${name}' already exists`);
  const catalog: StoredCatalog = { name, ...p.audit(ctx.identity.name) };
  for (const f of ["comment", "storage_root"] as const) {
    const v = str(body, f);
    if (v !== undefined) catalog[f] = v;
  }
  if (typeof body["properties"] === "object" && body["properties"] !== null)
    catalog.properties = body["properties"] as Record<string, string>;
  p.state.catalogs[name] = catalog;
  // A new catalog comes with these two schemas (the provider deletes `default` right after).
  for (const schema of ["default", "information_schema"])
    p.state.schemas[`${name}.${schema}`] = {
      name: schema,
      catalog_name: name,
      schema_id: randomUUID(),
      ...p.audit(ctx.identity.name),
    };
  p.record("create", "catalog", name);
  return { body: catalogInfo(p, catalog) };
}

function deleteCatalog(ctx: Ctx): Reply {
  const p = ctx.core.platform;
  p.write();
  const c = getCatalog(p, ctx.params[0] as string);
  requireOwner(p, ctx.identity, c.name, "Catalog");
  const schemas = schemasIn(p, c.name).filter(([k]) => k !== `${c.name}.information_schema`);
  const tables = schemas.flatMap(([k]) => tablesIn(p, k));
  if (schemas.length > 0 && ctx.query.get("force") !== "true")
    throw badRequest(
      `Catalog '${c.name}' is not empty. The catalog has ${schemas.length} schemas(s) (and ${tables.length} tables(s)).`,
    );
  for (const [k] of tables) forget(p, "table", k);
  for (const [k] of schemasIn(p, c.name)) forget(p, "schema", k);
  forget(p, "catalog", c.name);
  return { body: {} };
}

function createSchema(ctx: Ctx): Reply {
  const p = ctx.core.platform;
  p.write();
  const body = fields(ctx);
  const name = validName(str(body, "name"), "schema");
  const catalog = getCatalog(p, validName(str(body, "catalog_name"), "catalog"));
  if (!holds(p, ctx.identity, "catalog", catalog.name, "CREATE_SCHEMA"))
    throw denied(
      `User ${ctx.identity.name} does not have CREATE SCHEMA on Catalog '${catalog.name}'.`,
    );
  const full = `${catalog.name}.${name}`;
  if (p.state.schemas[full] !== undefined)
    throw new ApiError(409, "SCHEMA_ALREADY_EXISTS", `Schema '${full}' already exists`);
  const schema = {
    name,
    catalog_name: catalog.name,
    schema_id: randomUUID(),
    ...p.audit(ctx.identity.name),
    ...(str(body, "comment") === undefined ? {} : { comment: str(body, "comment") }),
  };
  p.state.schemas[full] = schema;
  p.record("create", "schema", full);
  return { body: schemaInfo(p, schema) };
}

function deleteSchema(ctx: Ctx): Reply {
  const p = ctx.core.platform;
  p.write();
  const s = getSchema(p, ctx.params[0] as string);
  const full = `${s.catalog_name}.${s.name}`;
  requireOwner(p, ctx.identity, full, "Schema");
  const tables = tablesIn(p, full);
  if (tables.length > 0 && ctx.query.get("force") !== "true")
    throw badRequest(`Schema '${full}' is not empty. The schema has ${tables.length} tables(s).`);
  for (const [k] of tables) forget(p, "table", k);
  forget(p, "schema", full);
  return { body: {} };
}

function listSchemas(ctx: Ctx): Reply {
  const p = ctx.core.platform;
  const catalog = ctx.query.get("catalog_name");
  if (catalog === null || catalog === "") throw badRequest("Field 'catalog_name' is required");
  getCatalog(p, catalog);
  return { body: { schemas: schemasIn(p, catalog).map(([, s]) => schemaInfo(p, s)) } };
}

function listTables(ctx: Ctx): Reply {
  const p = ctx.core.platform;
  const catalog = ctx.query.get("catalog_name") ?? "";
  const schema = ctx.query.get("schema_name") ?? "";
  getSchema(p, `${catalog}.${schema}`);
  return { body: { tables: tablesIn(p, `${catalog}.${schema}`).map(([, t]) => tableInfo(p, t)) } };
}

function updateTable(ctx: Ctx): Reply {
  const p = ctx.core.platform;
  p.write();
  const t = getTable(p, ctx.params[0] as string);
  requireOwner(p, ctx.identity, ctx.params[0] as string, "Table");
  const owner = str(fields(ctx), "owner");
  if (owner !== undefined) t.owner = owner;
  t.updated_at = ctx.core.clock.now();
  t.updated_by = ctx.identity.name;
  p.record("update", "table", key(ctx.params[0] as string));
  return { body: {} };
}

function deleteTable(ctx: Ctx): Reply {
  const p = ctx.core.platform;
  p.write();
  const full = ctx.params[0] as string;
  getTable(p, full);
  requireOwner(p, ctx.identity, full, "Table");
  forget(p, "table", full);
  return { body: {} };
}

const one = (segment: string) => new RegExp(`^${UC.replace(/\./g, "\\.")}/${segment}/([^/]+)$`);
const all = (segment: string) => new RegExp(`^${UC.replace(/\./g, "\\.")}/${segment}$`);

export const unityCatalogRoutes: Route[] = [
  route("GET", all("catalogs"), (ctx) => ({
    body: {
      catalogs: Object.values(ctx.core.platform.state.catalogs).map((c) =>
        catalogInfo(ctx.core.platform, c),
      ),
    },
  })),
  route("POST", all("catalogs"), createCatalog),
  route("GET", one("catalogs"), (ctx) => ({
    body: catalogInfo(ctx.core.platform, getCatalog(ctx.core.platform, ctx.params[0] as string)),
  })),
  route("PATCH", one("catalogs"), (ctx) => {
    const p = ctx.core.platform;
    p.write();
    const c = getCatalog(p, ctx.params[0] as string);
    requireOwner(p, ctx.identity, c.name, "Catalog");
    patchCommon(ctx, c);
    p.record("update", "catalog", c.name);
    return { body: catalogInfo(p, c) };
  }),
  route("DELETE", one("catalogs"), deleteCatalog),
  route("GET", all("schemas"), listSchemas),
  route("POST", all("schemas"), createSchema),
  route("GET", one("schemas"), (ctx) => ({
    body: schemaInfo(ctx.core.platform, getSchema(ctx.core.platform, ctx.params[0] as string)),
  })),
  route("PATCH", one("schemas"), (ctx) => {
    const p = ctx.core.platform;
    p.write();
    const s = getSchema(p, ctx.params[0] as string);
    requireOwner(p, ctx.identity, ctx.params[0] as string, "Schema");
    patchCommon(ctx, s);
    p.record("update", "schema", `${s.catalog_name}.${s.name}`);
    return { body: schemaInfo(p, s) };
  }),
  route("DELETE", one("schemas"), deleteSchema),
  route("GET", all("tables"), listTables),
  route("GET", one("tables"), (ctx) => {
    const p = ctx.core.platform;
    const t = getTable(p, ctx.params[0] as string);
    const why = cannotRead(p, ctx.identity, ctx.params[0] as string);
    if (why !== undefined) throw denied(why);
    return { body: tableInfo(p, t) };
  }),
  route("GET", new RegExp(`^${UC.replace(/\./g, "\\.")}/tables/([^/]+)/exists$`), (ctx) => ({
    body: {
      table_exists: ctx.core.platform.state.tables[key(ctx.params[0] as string)] !== undefined,
    },
  })),
  route("PATCH", one("tables"), updateTable),
  route("DELETE", one("tables"), deleteTable),
  route("GET", all("current-metastore-assignment"), (ctx) => ({
    body: {
      workspace_id: Number(ctx.core.platform.workspaceId),
      metastore_id: ctx.core.platform.metastoreId,
      default_catalog_name: "main",
    },
  })),
];
