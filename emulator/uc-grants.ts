import type { Core, Identity } from "./core";
import { ApiError, badRequest, denied } from "./errors";
import type { Platform } from "./platform";
import { type Ctx, fields, type Reply, route, type Route } from "./routes";
import { getCatalog, getSchema, getTable, key } from "./uc-model";

/**
 * Unity Catalog grants: `GET` and `PATCH /api/2.1/unity-catalog/permissions/{type}/{full_name}` and
 * `GET /api/2.1/unity-catalog/effective-permissions/{type}/{full_name}`, as the Databricks SDK sends
 * them for `databricks.Grant` and `databricks.Grants` (terraform-provider-databricks
 * catalog/resource_grant.go, resource_grants.go, catalog/permissions/permissions.go): the provider
 * reads the grants, PATCHes `{changes: [{principal, add, remove}]}`, then reads until they show.
 */
type Securable = "catalog" | "schema" | "table";

/** What can be granted on what (Unity Catalog's privilege lists, abridged to these three types). */
const APPLICABLE: Record<Securable, string[]> = {
  catalog: [
    "ALL_PRIVILEGES",
    "APPLY_TAG",
    "BROWSE",
    "CREATE_FUNCTION",
    "CREATE_MATERIALIZED_VIEW",
    "CREATE_MODEL",
    "CREATE_SCHEMA",
    "CREATE_TABLE",
    "CREATE_VOLUME",
    "EXECUTE",
    "MANAGE",
    "MODIFY",
    "READ_VOLUME",
    "REFRESH",
    "SELECT",
    "USE_CATALOG",
    "USE_SCHEMA",
    "WRITE_VOLUME",
  ],
  schema: [
    "ALL_PRIVILEGES",
    "APPLY_TAG",
    "CREATE_FUNCTION",
    "CREATE_MATERIALIZED_VIEW",
    "CREATE_MODEL",
    "CREATE_TABLE",
    "CREATE_VOLUME",
    "EXECUTE",
    "MANAGE",
    "MODIFY",
    "READ_VOLUME",
    "REFRESH",
    "SELECT",
    "USE_SCHEMA",
    "WRITE_VOLUME",
  ],
  table: ["ALL_PRIVILEGES", "APPLY_TAG", "MANAGE", "MODIFY", "SELECT"],
};

/** Unity Catalog takes `USE CATALOG` and answers `USE_CATALOG`. */
const normalize = (privilege: string) => privilege.trim().replace(/\s+/g, "_").toUpperCase();

function securable(ctx: Ctx): { type: Securable; name: string } {
  const type = (ctx.params[0] as string).toLowerCase();
  const name = key(ctx.params[1] as string);
  const p = ctx.core.platform;
  if (type === "catalog") getCatalog(p, name);
  else if (type === "schema") getSchema(p, name);
  else if (type === "table") getTable(p, name);
  else
    throw badRequest(
      `Securable type ${type} is not supported by the emulator (catalog, schema, table).`,
    );
  return { type, name };
}

/** The securable and the ones above it, nearest first: table, schema, catalog. */
function lineage(type: Securable, name: string): { type: Securable; name: string }[] {
  const parts = name.split(".");
  const out: { type: Securable; name: string }[] = [];
  if (type === "table") out.push({ type, name });
  if (type !== "catalog") out.push({ type: "schema", name: parts.slice(0, 2).join(".") });
  out.push({ type: "catalog", name: parts[0] as string });
  return out;
}

function principalExists(core: Core, principal: string): boolean {
  const s = core.seed;
  return (
    s.users.some((u) => u.name === principal) ||
    s.groups.includes(principal) ||
    s.servicePrincipals.some((sp) => sp.applicationId === principal)
  );
}

const grantsOf = (p: Platform, type: Securable, name: string) =>
  (p.state.grants[`${type}:${name}`] ??= {});

function assignments(p: Platform, type: Securable, name: string, principal: string | null) {
  return Object.entries(p.state.grants[`${type}:${name}`] ?? {})
    .filter(([who, privs]) => privs.length > 0 && (principal === null || who === principal))
    .map(([who, privs]) => ({ principal: who, privileges: [...privs].sort() }));
}

/**
 * True when `identity` holds `privilege` on the securable: as a workspace admin (taken for a
 * metastore admin), as the owner of it or of a parent, or through a grant on it or a parent
 * (to the identity or one of its groups), ALL_PRIVILEGES included.
 */
export function holds(
  p: Platform,
  identity: Identity,
  type: Securable,
  name: string,
  privilege: string,
): boolean {
  if (identity.admin) return true;
  const who = [identity.name, ...identity.groups, "account users"];
  for (const s of lineage(type, name)) {
    const obj =
      s.type === "catalog"
        ? p.state.catalogs[s.name]
        : s.type === "schema"
          ? p.state.schemas[s.name]
          : p.state.tables[s.name];
    if (obj !== undefined && who.includes(obj.owner)) return true;
    const g = p.state.grants[`${s.type}:${s.name}`] ?? {};
    if (who.some((w) => (g[w] ?? []).some((x) => x === privilege || x === "ALL_PRIVILEGES")))
      return true;
  }
  return false;
}

/**
 * Why `identity` may not read the table's metadata, or undefined when it may: the tables API asks
 * for USE CATALOG, USE SCHEMA and SELECT (or ownership) of a caller that is not an admin
 * (databricks-sdk-go service/catalog/api.go, `TablesAPI.Get`). The words are the emulator's own,
 * after those of its write refusals.
 */
export function cannotRead(p: Platform, identity: Identity, fullName: string): string | undefined {
  const [catalog = "", schema = ""] = key(fullName).split(".");
  const needs: [Securable, string, string, string][] = [
    ["catalog", catalog, "USE_CATALOG", "USE CATALOG on Catalog"],
    ["schema", `${catalog}.${schema}`, "USE_SCHEMA", "USE SCHEMA on Schema"],
    ["table", key(fullName), "SELECT", "SELECT on Table"],
  ];
  for (const [type, name, privilege, words] of needs)
    if (!holds(p, identity, type, name, privilege))
      return `User ${identity.name} does not have ${words} '${name}'.`;
  return undefined;
}

function update(ctx: Ctx): Reply {
  const p = ctx.core.platform;
  p.write();
  const { type, name } = securable(ctx);
  if (!holds(p, ctx.identity, type, name, "MANAGE"))
    throw denied(`User ${ctx.identity.name} does not have MANAGE on ${type} '${name}'.`);
  const changes = fields(ctx)["changes"];
  if (!Array.isArray(changes)) throw badRequest("Field 'changes' is required");
  const parsed = (changes as Record<string, unknown>[]).map((c) => {
    const principal = c?.["principal"];
    if (typeof principal !== "string" || principal === "")
      throw badRequest("Each change needs a principal");
    if (!principalExists(ctx.core, principal))
      throw new ApiError(
        404,
        "PRINCIPAL_DOES_NOT_EXIST",
        `Could not find principal with name ${principal}`,
      );
    const list = (f: string) =>
      (Array.isArray(c[f]) ? (c[f] as unknown[]) : []).map((x) => normalize(String(x)));
    const add = list("add");
    const remove = list("remove");
    for (const privilege of [...add, ...remove])
      if (!APPLICABLE[type].includes(privilege))
        throw badRequest(
          `Privilege ${privilege} is not applicable to this entity [${type}:${name}].`,
        );
    if (add.some((x) => remove.includes(x)))
      throw badRequest(`Duplicate privileges to add and delete for principal ${principal}.`);
    return { principal, add, remove };
  });
  const grants = grantsOf(p, type, name);
  for (const { principal, add, remove } of parsed) {
    const held = new Set(grants[principal] ?? []);
    const what = (x: string) => `${type}:${name} ${principal} ${x}`;
    for (const x of remove) if (held.delete(x)) p.record("revoke", "grant", what(x));
    for (const x of add.filter((x) => !held.has(x))) {
      held.add(x);
      p.record("grant", "grant", what(x));
    }
    if (held.size === 0) delete grants[principal];
    else grants[principal] = [...held].sort();
  }
  return { body: { privilege_assignments: assignments(p, type, name, null) } };
}

function get(ctx: Ctx): Reply {
  const { type, name } = securable(ctx);
  const list = assignments(ctx.core.platform, type, name, ctx.query.get("principal"));
  // Proto3 JSON leaves an empty list out (an assumption for this API: see emulator/README.md).
  return { body: list.length === 0 ? {} : { privilege_assignments: list } };
}

function effective(ctx: Ctx): Reply {
  const p = ctx.core.platform;
  const { type, name } = securable(ctx);
  const byPrincipal = new Map<string, Record<string, string>[]>();
  for (const [i, s] of lineage(type, name).entries()) {
    for (const a of assignments(p, s.type, s.name, ctx.query.get("principal"))) {
      const list = byPrincipal.get(a.principal) ?? [];
      for (const privilege of a.privileges)
        list.push(
          i === 0
            ? { privilege }
            : { privilege, inherited_from_type: s.type.toUpperCase(), inherited_from_name: s.name },
        );
      byPrincipal.set(a.principal, list);
    }
  }
  return {
    body: {
      privilege_assignments: [...byPrincipal].map(([principal, privileges]) => ({
        principal,
        privileges,
      })),
    },
  };
}

const path = (kind: string) => new RegExp(`^/api/2\\.1/unity-catalog/${kind}/([^/]+)/([^/]+)$`);

export const ucGrantRoutes: Route[] = [
  route("GET", path("permissions"), get),
  route("PATCH", path("permissions"), update),
  route("GET", path("effective-permissions"), effective),
];
