import { createHash } from "node:crypto";
import { ApiError, badRequest, denied, notFound } from "./errors";
import { type Ctx, fields, type Reply, route, type Route } from "./routes";

/**
 * Workspace folders, as the Genie provider (`mkdirs`, `get-status`) and `databricks.Directory`
 * use them (terraform-provider-databricks workspace/resource_directory.go: create is mkdirs, read is
 * get-status and requires object_type DIRECTORY, delete is `POST /api/2.0/workspace/delete
 * {path, recursive}` where a missing path counts as deleted).
 */

/** A stable numeric object id per path (the provider keeps it as `object_id`). */
const objectId = (path: string) =>
  Number.parseInt(createHash("sha256").update(path).digest("hex").slice(0, 12), 16);

function mkdirs(ctx: Ctx): Reply {
  const raw = fields(ctx)["path"];
  if (typeof raw !== "string" || !raw.startsWith("/"))
    throw badRequest("Field 'path' must be an absolute path");
  const path = ctx.core.normalizePath(raw);
  ctx.core.store.writeFolders();
  const folders = ctx.core.store.state.folders;
  const parts = path.split("/").filter((p) => p !== "");
  for (let i = 1; i <= parts.length; i++) {
    const p = "/" + parts.slice(0, i).join("/");
    if (!folders.includes(p)) {
      folders.push(p);
      ctx.core.platform.record("create", "folder", p);
    }
  }
  return { body: {} };
}

/**
 * The path comes back as it was asked for: `/Workspace/Shared/x` as such, `/Shared/x` as such
 * (the Databricks CLI's recorded cloud runs show both; `//Workspace/...` comes back without the
 * prefix). `databricks.Directory` compares it with its declared path, so a rewrite would replace
 * the folder on every refresh.
 */
function getStatus(ctx: Ctx): Reply {
  const raw = ctx.query.get("path");
  if (raw === null || raw === "") throw badRequest("Field 'path' is required");
  const path = ctx.core.normalizePath(raw);
  if (!ctx.core.folderExists(path)) throw notFound(`Path (${raw}) doesn't exist.`);
  let echoed = raw.replace(/\/{2,}/g, "/");
  if (raw.startsWith("//Workspace/")) echoed = echoed.slice("/Workspace".length);
  if (echoed.length > 1) echoed = echoed.replace(/\/+$/, "");
  return { body: { object_type: "DIRECTORY", path: echoed, object_id: objectId(path) } };
}

function remove(ctx: Ctx): Reply {
  const body = fields(ctx);
  const raw = body["path"];
  if (typeof raw !== "string" || !raw.startsWith("/"))
    throw badRequest("Field 'path' must be an absolute path");
  const path = ctx.core.normalizePath(raw);
  const state = ctx.core.store.state;
  if (!state.folders.includes(path)) throw notFound(`Path (${raw}) doesn't exist.`);
  const homes = ctx.core.seed.users.map((u) => `/Users/${u.name}`);
  if (["/", "/Users", "/Shared", ...homes].includes(path))
    throw denied(`Path (${raw}) cannot be deleted.`);
  const inside = (p: string) => p === path || p.startsWith(`${path}/`);
  const folders = state.folders.filter((f) => inside(f) && f !== path);
  const spaces = Object.values(state.spaces).filter(
    (s) => s.trashed_at === undefined && inside(s.parent_path),
  );
  if ((folders.length > 0 || spaces.length > 0) && body["recursive"] !== true)
    throw new ApiError(400, "DIRECTORY_NOT_EMPTY", `Folder (${raw}) is not empty`);
  // Recursively deleting a folder moves the spaces in it to the trash, as deleting them would.
  ctx.core.store.writeFolders();
  for (const s of spaces) {
    ctx.core.store.writeSpace(s.space_id);
    s.trashed_at = ctx.core.clock.now();
  }
  state.folders = state.folders.filter((f) => !inside(f));
  for (const f of [...folders, path]) ctx.core.platform.record("delete", "folder", f);
  return { body: {} };
}

export const folderRoutes: Route[] = [
  route("POST", /^\/api\/2\.0\/workspace\/mkdirs$/, mkdirs),
  route("GET", /^\/api\/2\.0\/workspace\/get-status$/, getStatus),
  route("POST", /^\/api\/2\.0\/workspace\/delete$/, remove),
];
