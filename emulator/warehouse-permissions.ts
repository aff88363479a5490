import { type PrincipalKind, principalKey, readAclEntries } from "./acl-entries";
import type { Core } from "./core";
import { badRequest } from "./errors";
import type { WarehouseAcl } from "./platform";
import { type Ctx, fields, type Reply, route, type Route } from "./routes";
import { getWarehouse, requireLevel } from "./warehouses";

/**
 * A warehouse's ACL, as `databricks.Permissions` with `sqlEndpointId` drives it
 * (terraform-provider-databricks permissions/resource_permissions.go and
 * permission_definitions.go; databricks-sdk-go service/iam): request object type
 * `sql/warehouses`, answered with object type `warehouses`. The provider reads the caller
 * (SCIM Me), PUTs the whole list with the caller added as CAN_MANAGE and an IS_OWNER entry, and
 * reads it back; on delete it PUTs the list back to the caller and the owner.
 */
const LEVELS = ["CAN_USE", "CAN_MANAGE", "CAN_MONITOR", "CAN_VIEW", "IS_OWNER"];
function principalExists(core: Core, kind: PrincipalKind, name: string): boolean {
  const s = core.seed;
  const sp = s.servicePrincipals.some((x) => x.applicationId === name);
  if (kind === "group_name") return s.groups.includes(name);
  if (kind === "service_principal_name") return sp;
  // The provider names the caller with user_name even when it is a service principal.
  return s.users.some((u) => u.name === name) || sp;
}

function readAcl(core: Core, body: Record<string, unknown>): WarehouseAcl {
  const out: WarehouseAcl = {};
  for (const { kind, name, level } of readAclEntries(body, LEVELS, "warehouses")) {
    if (!principalExists(core, kind, name))
      throw badRequest(`Principal: ${kind}(${name}) does not exist`);
    const key = principalKey(kind, name);
    out[key] = [...new Set([...(out[key] ?? []), level])];
  }
  return out;
}

const owners = (acl: WarehouseAcl) =>
  Object.entries(acl).filter(([, levels]) => levels.includes("IS_OWNER"));

function answer(ctx: Ctx, id: string): Reply {
  const acl = ctx.core.platform.state.warehouseAcls[id] ?? {};
  const direct = Object.entries(acl).map(([key, levels]) => {
    const kind = key.slice(0, key.indexOf(":"));
    const name = key.slice(key.indexOf(":") + 1);
    return {
      [kind]: name,
      ...(kind === "group_name" ? {} : { display_name: name }),
      all_permissions: levels.map((permission_level) => ({ permission_level, inherited: false })),
    };
  });
  // Workspace admins manage every warehouse, by inheritance (an assumption of its exact shape).
  const admins = {
    group_name: "admins",
    all_permissions: [
      {
        permission_level: "CAN_MANAGE",
        inherited: true,
        inherited_from_object: ["/sql/warehouses/"],
      },
    ],
  };
  return {
    body: {
      object_id: `/sql/warehouses/${id}`,
      object_type: "warehouses",
      access_control_list: [...direct, admins],
    },
  };
}

/** PUT replaces the direct grants (keeping the owner when none is named); PATCH adds to them. */
function set(replace: boolean) {
  return (ctx: Ctx): Reply => {
    const p = ctx.core.platform;
    p.write();
    const w = getWarehouse(p, ctx.params[0] as string);
    requireLevel(p, ctx.identity, w.id, ["CAN_MANAGE", "IS_OWNER"], "change the permissions of");
    const sent = readAcl(ctx.core, fields(ctx));
    const before = p.state.warehouseAcls[w.id] ?? {};
    const next: WarehouseAcl = replace ? sent : { ...before };
    if (!replace)
      for (const [k, levels] of Object.entries(sent))
        next[k] = [...new Set([...(next[k] ?? []), ...levels])];
    const named = owners(sent);
    if (named.length > 1) throw badRequest("A warehouse must have exactly one owner.");
    if (named.length === 1)
      for (const [k, levels] of owners(next))
        if (k !== named[0]?.[0]) next[k] = levels.filter((l) => l !== "IS_OWNER");
    if (named.length === 0 && replace)
      for (const [k] of owners(before)) next[k] = [...new Set([...(next[k] ?? []), "IS_OWNER"])];
    for (const k of Object.keys(next)) if (next[k]?.length === 0) delete next[k];
    p.state.warehouseAcls[w.id] = next;
    p.record("update", "warehouse-acl", w.id);
    return answer(ctx, w.id);
  };
}

const PATHS = ["/api/2\\.0/permissions/sql/warehouses", "/api/2\\.0/permissions/warehouses"];

export const warehousePermissionRoutes: Route[] = PATHS.flatMap((base) => [
  route("GET", new RegExp(`^${base}/([^/]+)$`), (ctx) => {
    const p = ctx.core.platform;
    const w = getWarehouse(p, ctx.params[0] as string);
    requireLevel(p, ctx.identity, w.id, LEVELS, "read the permissions of");
    return answer(ctx, w.id);
  }),
  route("PUT", new RegExp(`^${base}/([^/]+)$`), set(true)),
  route("PATCH", new RegExp(`^${base}/([^/]+)$`), set(false)),
  route("GET", new RegExp(`^${base}/([^/]+)/permissionLevels$`), (ctx) => {
    getWarehouse(ctx.core.platform, ctx.params[0] as string);
    return {
      body: { permission_levels: LEVELS.map((permission_level) => ({ permission_level })) },
    };
  }),
]);
