import { principalKey, readAclEntries } from "./acl-entries";
import { type Core, LEVELS } from "./core";
import { badRequest, notFound } from "./errors";
import { type Ctx, fields, type Reply, route, type Route } from "./routes";

/** `{access_control_list: [...]}` -> principal key -> level, checking every entry. */
function readAcl(core: Core, body: Record<string, unknown>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const { kind, name, level } of readAclEntries(body, LEVELS, "genie")) {
    const exists =
      kind === "user_name"
        ? core.seed.users.some((u) => u.name === name)
        : kind === "group_name"
          ? core.seed.groups.includes(name)
          : core.seed.servicePrincipals.some((s) => s.applicationId === name);
    if (!exists)
      throw badRequest(
        `Principal: ${kind === "user_name" ? "UserName" : kind === "group_name" ? "GroupName" : "ServicePrincipalName"}(${name}) does not exist`,
      );
    out[principalKey(kind, name)] = level;
  }
  return out;
}

/** The space's id, or 404. A trashed space keeps answering here: the permissions endpoint still
 * answers for a trashed space (the Databricks CLI's acceptance test for out-of-band deletion). */
function space(ctx: Ctx): string {
  const id = ctx.params[0] as string;
  if (ctx.core.store.state.spaces[id] === undefined)
    throw notFound(`Genie space ${id} does not exist.`);
  return id;
}

function answer(core: Core, id: string): Reply {
  const direct = Object.entries(core.store.state.acls[id] ?? {}).map(([key, level]) => {
    const [kind, name] = [key.slice(0, key.indexOf(":")), key.slice(key.indexOf(":") + 1)];
    return { [kind]: name, all_permissions: [{ permission_level: level, inherited: false }] };
  });
  // Workspace admins manage every object, by inheritance from the workspace root.
  const admins = {
    group_name: "admins",
    all_permissions: [
      { permission_level: "CAN_MANAGE", inherited: true, inherited_from_object: ["/directories/"] },
    ],
  };
  return {
    body: {
      object_id: `/genie/${id}`,
      object_type: "genie",
      access_control_list: [...direct, admins],
    },
  };
}

function getAcl(ctx: Ctx): Reply {
  const id = space(ctx);
  ctx.core.require(ctx.identity, id, "CAN_READ", "read its permissions");
  return answer(ctx.core, id);
}

/** PUT replaces every direct grant; PATCH adds to them (docs/api-behaviour.md, "Permissions"). */
function setAcl(replace: boolean) {
  return (ctx: Ctx): Reply => {
    const id = space(ctx);
    ctx.core.require(ctx.identity, id, "CAN_MANAGE", "change its permissions");
    const entries = readAcl(ctx.core, fields(ctx));
    const acls = ctx.core.store.state.acls;
    ctx.core.store.writeSpace(id);
    acls[id] = replace ? entries : { ...(acls[id] ?? {}), ...entries };
    return answer(ctx.core, id);
  };
}

/**
 * `GET /api/2.0/permissions/genie/{id}/permissionLevels`, what the SDKs'
 * `permissions.get_permission_levels("genie", id)` calls (databricks-sdk-py 0.167.0). The
 * descriptions are the UI's names of the levels (docs/api-behaviour.md, "Permissions"); the
 * server's own wording is not known.
 */
function levels(ctx: Ctx): Reply {
  const id = space(ctx);
  ctx.core.require(ctx.identity, id, "CAN_READ", "read its permission levels");
  const names: Record<string, string> = {
    CAN_READ: "Can view",
    CAN_RUN: "Can run",
    CAN_EDIT: "Can edit",
    CAN_MANAGE: "Can manage",
  };
  return {
    body: {
      permission_levels: LEVELS.map((l) => ({ permission_level: l, description: names[l] })),
    },
  };
}

export const permissionRoutes: Route[] = [
  route("GET", /^\/api\/2\.0\/permissions\/genie\/([^/]+)\/permissionLevels$/, levels),
  route("GET", /^\/api\/2\.0\/permissions\/genie\/([^/]+)$/, getAcl),
  route("PUT", /^\/api\/2\.0\/permissions\/genie\/([^/]+)$/, setAcl(true)),
  route("PATCH", /^\/api\/2\.0\/permissions\/genie\/([^/]+)$/, setAcl(false)),
];
