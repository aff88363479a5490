import { PERMISSION_LEVELS } from "../provider/client/permissions";
import { splitIdentifier } from "../provider/model/identifiers";

/**
 * Pure planning for GenieAnalyticsSpace: what to grant, to whom, on what. No Pulumi here, so it is
 * tested directly and readable on its own.
 */
/** Who uses a space: users, groups and service principals (by application id). */
export interface Consumers {
  users?: string[];
  groups?: string[];
  servicePrincipals?: string[];
}

export interface PlannedGrant {
  /** Stable suffix of the child resource's name. */
  key: string;
  principal: string;
  securable: { catalog: string } | { schema: string } | { table: string };
  privileges: string[];
}

export function principals(c: Consumers): string[] {
  return [...(c.groups ?? []), ...(c.users ?? []), ...(c.servicePrincipals ?? [])];
}

/** Consumer principals as ACL entries of GenieSpacePermissions (and, renamed, of the warehouse's ACL). */
export function aclEntries<L extends string>(c: Consumers, level: L) {
  return [
    ...(c.groups ?? []).map((groupName) => ({ groupName, level })),
    ...(c.users ?? []).map((userName) => ({ userName, level })),
    ...(c.servicePrincipals ?? []).map((servicePrincipalName) => ({ servicePrincipalName, level })),
  ];
}

const slug = (s: string) =>
  s
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-|-$/g, "");

/**
 * USE_CATALOG on each catalog and USE_SCHEMA on each schema the tables live in, once each, and
 * SELECT on each table, for every consumer. `schemas` are `catalog.schema` names of tables given
 * as resources (whose names are only known once they exist).
 */
export function planGrants(
  consumers: Consumers,
  tables: string[],
  schemas: string[],
): PlannedGrant[] {
  const who = principals(consumers);
  const catalogSet = new Set<string>();
  const schemaSet = new Set<string>();
  for (const t of tables) {
    const [catalog, schema] = splitIdentifier(t) ?? [];
    if (catalog !== undefined && schema !== undefined) {
      catalogSet.add(catalog);
      schemaSet.add(`${catalog}.${schema}`);
    }
  }
  for (const s of schemas) {
    const [catalog] = splitIdentifier(s) ?? [];
    if (catalog !== undefined) catalogSet.add(catalog);
    schemaSet.add(s);
  }
  const out: PlannedGrant[] = [];
  for (const p of who) {
    for (const c of [...catalogSet].sort())
      out.push({
        key: `catalog-${slug(c)}-${slug(p)}`,
        principal: p,
        securable: { catalog: c },
        privileges: ["USE_CATALOG"],
      });
    for (const s of [...schemaSet].sort())
      out.push({
        key: `schema-${slug(s)}-${slug(p)}`,
        principal: p,
        securable: { schema: s },
        privileges: ["USE_SCHEMA"],
      });
    for (const t of [...new Set(tables)].sort())
      out.push({
        key: `table-${slug(t)}-${slug(p)}`,
        principal: p,
        securable: { table: t },
        privileges: ["SELECT"],
      });
  }
  return out;
}

/**
 * The consumers' CAN_USE on the warehouse, as `databricks.Permissions` takes it. The workspace
 * `admins` group is left out: it manages every warehouse already, and the Databricks provider
 * refuses to set it ("it is not possible to modify admin permissions for warehouses resources",
 * terraform-provider-databricks permissions/permission_definitions.go, `validate`).
 */
export function warehouseAcl(c: Consumers) {
  const groups = (c.groups ?? []).filter((g) => g !== "admins");
  return aclEntries({ ...c, groups }, "CAN_USE").map(({ level, ...who }) => ({
    ...who,
    permissionLevel: level,
  }));
}

/**
 * The name of a warehouse the component creates when none is given. Warehouse names are unique in a
 * workspace (a second create answers 400 "SQL warehouse with name `x` already exists"), so the
 * stack is part of it: the same program deployed as dev and prod on one workspace must not collide.
 */
export function defaultWarehouseName(component: string, stack: string): string {
  return `${component}-genie-${stack}`;
}

/** The catalog, schema and name of a table the component creates (`databricks.SqlTable`'s). */
export interface TableName {
  catalogName: string;
  schemaName: string;
  name: string;
}

export const fullName = (t: TableName): string => `${t.catalogName}.${t.schemaName}.${t.name}`;

/** The name suffix of the `databricks.SqlTable` the component declares for a table it creates. */
export const tableKey = (full: string): string => `table-${slug(full)}`;

/**
 * Said about a `databricks.SqlTable` given to the component without `warehouseId`: the provider
 * then runs its DDL on a cluster it creates (`terraform-sql-table`, catalog/resource_sql_table.go
 * `initCluster`), not on the space's warehouse.
 */
export function clusterWarning(component: string, table: string): string {
  return (
    `GenieAnalyticsSpace ${component}: databricks.SqlTable ${table} has no warehouseId, so the ` +
    "Databricks provider creates a cluster (terraform-sql-table) to run its DDL; give it " +
    "warehouseId, or declare it in tables as { create: {...} } to run it on the space's warehouse"
  );
}

export interface ArgsProblem {
  path: string;
  message: string;
}

/**
 * Each consumer once, by name: grants are keyed by the principal's name (a `databricks.Grant`
 * names its principal without its kind), so a name listed twice, even as a user and a group,
 * would declare the same child resource twice.
 */
function consumerProblems(c: Consumers): ArgsProblem[] {
  const out: ArgsProblem[] = [];
  const seen = new Map<string, string>();
  for (const kind of ["groups", "users", "servicePrincipals"] as const) {
    (c[kind] ?? []).forEach((name: unknown, i) => {
      const path = `consumers.${kind}[${i}]`;
      if (typeof name !== "string" || name.trim() === "") {
        out.push({ path, message: `expected a principal's name, got ${JSON.stringify(name)}` });
        return;
      }
      const first = seen.get(name);
      if (first !== undefined)
        out.push({
          path,
          message: `'${name}' is also listed at ${first}; list each consumer once`,
        });
      else seen.set(name, path);
    });
  }
  return out;
}

const NAME_PART = /^[^\s./`]+$/;

/** Problems of one `{ create: {...} }` table entry. */
function newTableProblems(create: Record<string, unknown>, path: string): ArgsProblem[] {
  const out: ArgsProblem[] = [];
  for (const part of ["catalogName", "schemaName", "name"]) {
    const v = create[part];
    if (typeof v !== "string" || !NAME_PART.test(v))
      out.push({
        path: `${path}.create.${part}`,
        message: `give a plain name (no dots, spaces or backticks), got ${JSON.stringify(v)}`,
      });
  }
  // A columns list that is an Output is only known later; an empty plain list is a mistake now.
  const columns = create["columns"];
  if (columns === undefined || (Array.isArray(columns) && columns.length === 0))
    out.push({ path: `${path}.create.columns`, message: "a new table needs at least one column" });
  return out;
}

const isCreate = (t: unknown): t is { create: Record<string, unknown> } =>
  typeof t === "object" && t !== null && "create" in t;

/**
 * Checks what can be checked before anything is created; every problem at once. `tables` holds
 * the entries as given (names with variables substituted); an entry that is neither a name nor a
 * `{ create }` is a table resource.
 */
export function validateAnalyticsSpaceArgs(args: {
  consumers?: Consumers;
  tables?: unknown[];
  /** How many tables were given as resources (counted from `tables` when left out). */
  tableResources?: number;
  schemas?: string[];
  consumerLevel?: string;
  warehouse?: unknown;
}): ArgsProblem[] {
  const out: ArgsProblem[] = [];
  const tables = args.tables ?? [];
  const who = principals(args.consumers ?? {});
  if (who.length === 0)
    out.push({
      path: "consumers",
      message: "name at least one user, group or service principal who will use the space",
    });
  out.push(...consumerProblems(args.consumers ?? {}));
  const resources =
    args.tableResources ?? tables.filter((t) => typeof t !== "string" && !isCreate(t)).length;
  if (tables.length === 0 && resources === 0)
    out.push({ path: "tables", message: "a space needs at least one table" });
  const seen = new Set<string>();
  tables.forEach((t, i) => {
    let name: string | undefined;
    if (typeof t === "string") {
      if (splitIdentifier(t)?.length !== 3)
        out.push({
          path: `tables[${i}]`,
          message: `'${t}' is not a three-part name catalog.schema.table`,
        });
      else name = t;
    } else if (isCreate(t)) {
      const problems = newTableProblems(t.create, `tables[${i}]`);
      out.push(...problems);
      if (problems.length === 0) name = fullName(t.create as unknown as TableName);
    }
    if (name === undefined) return;
    if (seen.has(name.toLowerCase()))
      out.push({ path: `tables[${i}]`, message: `'${name}' is listed twice` });
    seen.add(name.toLowerCase());
  });
  if (resources > 0 && (args.schemas ?? []).length === 0) {
    out.push({
      path: "schemas",
      message:
        'tables given as resources need schemas: ["catalog.schema", ...] so USE_CATALOG and USE_SCHEMA are granted once per schema',
    });
  }
  (args.schemas ?? []).forEach((s, i) => {
    if (splitIdentifier(s)?.length !== 2)
      out.push({ path: `schemas[${i}]`, message: `'${s}' is not a two-part name catalog.schema` });
  });
  if (
    args.consumerLevel !== undefined &&
    !(PERMISSION_LEVELS as readonly string[]).includes(args.consumerLevel)
  ) {
    out.push({ path: "consumerLevel", message: `use ${PERMISSION_LEVELS.join(", ")}` });
  }
  const w = args.warehouse as { id?: unknown; create?: unknown } | undefined;
  if (w === undefined || (w.id === undefined) === (w.create === undefined))
    out.push({
      path: "warehouse",
      message: "give either { id } of an existing warehouse or { create: {...} } for a new one",
    });
  return out;
}
