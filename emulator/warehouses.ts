import type { Core, Identity } from "./core";
import { ApiError, badRequest, denied, notFound } from "./errors";
import type { Platform, StoredWarehouse, WarehouseState } from "./platform";
import { type Ctx, fields, type Reply, route, type Route } from "./routes";

/**
 * SQL warehouses as the Databricks SDK drives them for `databricks.SqlEndpoint`
 * (terraform-provider-databricks sql/resource_sql_endpoint.go; databricks-sdk-go service/sql):
 * create, then poll GET until `state` is RUNNING (STOPPED or DELETED end the wait with an error);
 * read is GET plus the data-source list; update is POST .../edit; delete is DELETE.
 */
const CLUSTER_SIZES = [
  "2X-Small",
  "X-Small",
  "Small",
  "Medium",
  "Large",
  "X-Large",
  "2X-Large",
  "3X-Large",
  "4X-Large",
  "5X-Large",
];

/** Fields create and edit take and GET gives back as sent. */
const SETTABLE = [
  "name",
  "cluster_size",
  "min_num_clusters",
  "max_num_clusters",
  "auto_stop_mins",
  "tags",
  "spot_instance_policy",
  "enable_photon",
  "enable_serverless_compute",
  "warehouse_type",
  "channel",
  "instance_profile_arn",
];

/** Where a warehouse is now: STARTING and STOPPING end `warehouseStateChangeMs` after they began. */
export function stateOf(core: Core, w: StoredWarehouse): WarehouseState {
  const settled = core.clock.now() >= w.since + core.config.warehouseStateChangeMs;
  if (w.state === "STARTING" && settled) return "RUNNING";
  if (w.state === "STOPPING" && settled) return "STOPPED";
  return w.state;
}

/** When a warehouse will be RUNNING if nothing stops it (undefined while stopped or stopping). */
export function runningAt(core: Core, w: StoredWarehouse): number | undefined {
  const state = stateOf(core, w);
  if (state === "RUNNING") return core.clock.now();
  if (state === "STARTING") return w.since + core.config.warehouseStateChangeMs;
  return undefined;
}

export function getWarehouse(p: Platform, id: string): StoredWarehouse {
  const w = p.state.warehouses[id];
  if (w === undefined) throw notFound(`Warehouse ${id} does not exist.`);
  return w;
}

/** Starts a stopped warehouse (a statement sent to one does this too). */
export function start(core: Core, w: StoredWarehouse): void {
  const state = stateOf(core, w);
  if (state === "RUNNING" || state === "STARTING") return;
  w.state = "STARTING";
  w.since = core.clock.now();
  core.platform.record("start", "warehouse", w.id);
}

/** The levels a principal holds on a warehouse, through its name, its groups or `users`. */
export function levelsOn(p: Platform, identity: Identity, id: string): string[] {
  const acl = p.state.warehouseAcls[id] ?? {};
  const kind = identity.kind === "user" ? "user_name" : "service_principal_name";
  return [
    ...(acl[`${kind}:${identity.name}`] ?? []),
    // The provider names the caller with user_name even for a service principal.
    ...(kind === "service_principal_name" ? (acl[`user_name:${identity.name}`] ?? []) : []),
    ...[...identity.groups, "users"].flatMap((g) => acl[`group_name:${g}`] ?? []),
  ];
}

export function requireLevel(
  p: Platform,
  identity: Identity,
  id: string,
  levels: string[],
  action: string,
): void {
  if (identity.admin) return;
  if (!levelsOn(p, identity, id).some((l) => levels.includes(l)))
    throw denied(`User ${identity.name} does not have permission to ${action} warehouse ${id}.`);
}

function answer(core: Core, w: StoredWarehouse): Record<string, unknown> {
  const state = stateOf(core, w);
  const running = state === "RUNNING";
  const host = "emulator.cloud.databricks.com";
  return {
    id: w.id,
    // Defaults the service fills in when they are not sent (an assumption for the ones the SDK's
    // own tests do not show: see emulator/README.md).
    min_num_clusters: 1,
    max_num_clusters: 1,
    auto_stop_mins: 120,
    spot_instance_policy: "COST_OPTIMIZED",
    enable_photon: true,
    warehouse_type: "CLASSIC",
    channel: { name: "CHANNEL_NAME_CURRENT" },
    tags: {},
    ...w.spec,
    creator_name: w.creator_name,
    state,
    num_clusters: running ? 1 : 0,
    num_active_sessions: 0,
    jdbc_url: `jdbc:spark://${host}:443/default;transportMode=http;ssl=1;AuthMech=3;httpPath=/sql/1.0/warehouses/${w.id};`,
    odbc_params: {
      hostname: host,
      path: `/sql/1.0/warehouses/${w.id}`,
      port: 443,
      protocol: "https",
    },
    ...(running ? { health: { status: "HEALTHY" } } : {}),
  };
}

/** The settable fields of a create or edit body, checked. */
function spec(
  body: Record<string, unknown>,
  base: Record<string, unknown>,
): Record<string, unknown> {
  const out = { ...base };
  for (const f of SETTABLE) if (body[f] !== undefined) out[f] = body[f];
  if (typeof out["name"] !== "string" || out["name"] === "")
    throw badRequest("Field 'name' is required");
  if (!CLUSTER_SIZES.includes(String(out["cluster_size"])))
    throw badRequest(
      `Invalid cluster size '${String(out["cluster_size"])}'; use one of ${CLUSTER_SIZES.join(", ")}`,
    );
  const type = out["warehouse_type"];
  if (type !== undefined && type !== "PRO" && type !== "CLASSIC" && type !== "TYPE_UNSPECIFIED")
    throw badRequest(`Invalid warehouse_type '${String(type)}'; use PRO or CLASSIC`);
  return out;
}

function nameTaken(p: Platform, name: unknown, except?: string): void {
  if (Object.values(p.state.warehouses).some((w) => w.spec["name"] === name && w.id !== except))
    throw new ApiError(
      400,
      "INVALID_PARAMETER_VALUE",
      `SQL warehouse with name \`${String(name)}\` already exists`,
    );
}

function create(ctx: Ctx): Reply {
  const p = ctx.core.platform;
  p.write();
  if (!ctx.identity.admin && !ctx.identity.canCreate)
    throw denied(`User ${ctx.identity.name} is not allowed to create SQL warehouses.`);
  const s = spec(fields(ctx), {});
  nameTaken(p, s["name"]);
  const id = p.newWarehouseId();
  const owner = `${ctx.identity.kind === "user" ? "user_name" : "service_principal_name"}:${ctx.identity.name}`;
  p.state.warehouses[id] = {
    id,
    spec: s,
    state: "STARTING",
    since: ctx.core.clock.now(),
    creator_name: ctx.identity.name,
  };
  p.state.warehouseAcls[id] = { [owner]: ["IS_OWNER"] };
  p.record("create", "warehouse", id);
  return { body: { id } };
}

function edit(ctx: Ctx): Reply {
  const p = ctx.core.platform;
  p.write();
  const w = getWarehouse(p, ctx.params[0] as string);
  requireLevel(p, ctx.identity, w.id, ["CAN_MANAGE", "IS_OWNER"], "edit");
  const s = spec(fields(ctx), w.spec);
  nameTaken(p, s["name"], w.id);
  w.spec = s;
  p.record("update", "warehouse", w.id);
  return { body: {} };
}

function setRunning(run: boolean) {
  return (ctx: Ctx): Reply => {
    const p = ctx.core.platform;
    p.write();
    const w = getWarehouse(p, ctx.params[0] as string);
    requireLevel(
      p,
      ctx.identity,
      w.id,
      ["CAN_MANAGE", "IS_OWNER", "CAN_MONITOR", "CAN_USE"],
      run ? "start" : "stop",
    );
    if (run) start(ctx.core, w);
    else if (["RUNNING", "STARTING"].includes(stateOf(ctx.core, w))) {
      w.state = "STOPPING";
      w.since = ctx.core.clock.now();
      p.record("stop", "warehouse", w.id);
    }
    return { body: {} };
  };
}

function remove(ctx: Ctx): Reply {
  const p = ctx.core.platform;
  p.write();
  const w = getWarehouse(p, ctx.params[0] as string);
  requireLevel(p, ctx.identity, w.id, ["CAN_MANAGE", "IS_OWNER"], "delete");
  delete p.state.warehouses[w.id];
  delete p.state.warehouseAcls[w.id];
  p.record("delete", "warehouse", w.id);
  return { body: {} };
}

const visible = (ctx: Ctx, w: StoredWarehouse) =>
  ctx.identity.admin || levelsOn(ctx.core.platform, ctx.identity, w.id).length > 0;

const W = "/api/2\\.0/sql/warehouses";

export const warehouseRoutes: Route[] = [
  route("GET", new RegExp(`^${W}$`), (ctx) => ({
    body: {
      warehouses: Object.values(ctx.core.platform.state.warehouses)
        .filter((w) => visible(ctx, w))
        .map((w) => answer(ctx.core, w)),
    },
  })),
  route("POST", new RegExp(`^${W}$`), create),
  route("GET", new RegExp(`^${W}/([^/]+)$`), (ctx) => {
    const w = getWarehouse(ctx.core.platform, ctx.params[0] as string);
    if (!visible(ctx, w)) throw denied(`User ${ctx.identity.name} cannot see warehouse ${w.id}.`);
    return { body: answer(ctx.core, w) };
  }),
  route("POST", new RegExp(`^${W}/([^/]+)/edit$`), edit),
  route("POST", new RegExp(`^${W}/([^/]+)/start$`), setRunning(true)),
  route("POST", new RegExp(`^${W}/([^/]+)/stop$`), setRunning(false)),
  route("DELETE", new RegExp(`^${W}/([^/]+)$`), remove),
  // The provider's read of a SqlEndpoint fills `data_source_id` from this list (a bare JSON array).
  route("GET", /^\/api\/2\.0\/preview\/sql\/data_sources$/, (ctx) => ({
    body: Object.values(ctx.core.platform.state.warehouses)
      .filter((w) => visible(ctx, w))
      .map((w) => ({
        id: `ds-${w.id}`,
        name: w.spec["name"],
        warehouse_id: w.id,
        type: "databricks_internal",
        syntax: "sql",
        paused: 0,
        view_only: false,
        supports_auto_limit: true,
      })),
  })),
];
