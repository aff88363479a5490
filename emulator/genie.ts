import { isValidId } from "../provider/model/ids";
import type { SerializedSpaceV2 } from "../provider/model/document";
import { serializeSpace, toSerializedSpace, versionProblem } from "../provider/model/serialize";
import { ID_COLLECTIONS, listAt } from "../provider/model/structure";
import { validateSpace } from "../provider/model/validate";
import { principalKey } from "./acl-entries";
import type { Core, Identity } from "./core";
import { unknownField } from "./document-fields";
import { checkReferences } from "./references";
import { ApiError, badRequest, denied, notFound } from "./errors";
import { type Ctx, fields, type Reply, route, type Route } from "./routes";
import type { StoredSpace } from "./store";

const NOT_ENABLED = new ApiError(501, "NOT_IMPLEMENTED", "This API is not yet supported.");

/**
 * Reads, checks and stores a `serialized_space` the way the server does (docs/api-behaviour.md): the
 * server's own rules and error texts, v1 migrated to v2, missing ids given time-based ones, text
 * re-split per line. Returns the stored document and whether a migration happened.
 */
function acceptDocument(
  core: Core,
  identity: Identity,
  raw: unknown,
): { document: SerializedSpaceV2; migrated: boolean } {
  if (typeof raw !== "string") throw badRequest("Field 'serialized_space' is required");
  let doc: unknown;
  try {
    doc = JSON.parse(raw);
  } catch (e) {
    throw badRequest(`Invalid JSON in field 'serialized_space': ${(e as Error).message}`);
  }
  // The server parses the document into a protocol buffer first: a field it does not know is
  // refused before any other rule is looked at (docs/api-behaviour.md, "Unknown fields").
  const unknown = unknownField(doc, core.config.extraKnownFields);
  if (unknown !== undefined) throw badRequest(unknown);
  const version = versionProblem(doc);
  if (version !== undefined) throw badRequest(version.message);
  const { errors } = validateSpace(doc);
  // A missing sql_functions id fails deep in the server (docs/api-behaviour.md, "Errors": "INTERNAL_ERROR:
  // Failed to retrieve schema"); other missing ids the emulator fills in, as the UI's own writes do.
  if (
    errors.some((e) => e.rule === "id-required" && e.path.startsWith("instructions.sql_functions"))
  ) {
    throw new ApiError(500, "INTERNAL_ERROR", "Failed to retrieve schema");
  }
  const first = errors.find((e) => e.rule !== "id-required");
  if (first !== undefined) throw badRequest(serverText(doc, first));
  checkReferences(core, identity, doc);

  for (const c of ID_COLLECTIONS)
    for (const item of listAt(doc, c.path)) if (!isValidId(item["id"])) item["id"] = core.timeId();
  const migrated = (doc as { version: number }).version === 1;
  return { document: toSerializedSpace(doc as object).document, migrated };
}

/**
 * The server's words where they are known: a list given as something else is "Expected an array
 * for question but found '...'" (docs/api-behaviour.md, "Errors"; the field's own name, the value
 * as written). Found by the Go SDK's conformance program, which sent `null` for an empty list and
 * was answered in the validator's words. Other messages are the shared validator's.
 */
function serverText(doc: unknown, e: { path: string; rule: string; message: string }): string {
  if (e.rule !== "schema-invalid_type" || !/expected array/.test(e.message)) return e.message;
  let value: unknown = doc;
  for (const part of e.path.split(/\.|\[(\d+)\]/).filter((p) => p !== undefined && p !== ""))
    value = (value as Record<string, unknown> | undefined)?.[part];
  const field =
    e.path
      .replace(/\[\d+\]/g, "")
      .split(".")
      .at(-1) ?? e.path;
  return `Expected an array for ${field} but found '${typeof value === "string" ? value : JSON.stringify(value)}'`;
}

function view(core: Core, s: StoredSpace, withDocument: boolean): Record<string, unknown> {
  const stale = s.stale !== undefined && core.clock.now() < s.stale.until ? s.stale : undefined;
  const out: Record<string, unknown> = {
    space_id: s.space_id,
    title: stale?.title ?? s.title,
    description: stale?.description ?? s.description,
    warehouse_id: stale?.warehouse_id ?? s.warehouse_id,
    parent_path: s.parent_path,
    create_time: new Date(s.create_time).toISOString(),
    update_time: new Date(s.update_time).toISOString(),
  };
  if (withDocument) {
    out["serialized_space"] = serializeSpace(s.document);
    out["etag"] = s.etag;
  }
  return out;
}

/** The space of the path, not trashed, or 404: what every API under a space needs. */
export const activeSpace = (ctx: Ctx): StoredSpace => find(ctx, false);

/** The space, or 404; a trashed space still answers GET for `trashLagMs` (docs/api-behaviour.md, "Trash"). */
function find(ctx: Ctx, forRead: boolean): StoredSpace {
  const id = ctx.params[0] as string;
  const s = ctx.core.store.state.spaces[id];
  if (s === undefined) throw notFound(`Genie space ${id} does not exist.`);
  if (s.trashed_at !== undefined) {
    const lagging = forRead && ctx.core.clock.now() < s.trashed_at + ctx.core.config.trashLagMs;
    if (!lagging) throw notFound(`Genie space ${id} has been trashed.`);
  }
  return s;
}

function checkWarehouse(core: Core, id: unknown): string {
  if (typeof id !== "string" || id === "") throw badRequest("Field 'warehouse_id' is required");
  if (core.platform.state.warehouses[id] === undefined)
    throw badRequest(`Warehouse ${id} does not exist or is not accessible.`);
  return id;
}

function checkFolder(core: Core, identity: Identity, raw: unknown): string {
  const parent =
    typeof raw === "string" && raw !== "" ? core.normalizePath(raw) : `/Users/${identity.name}`;
  if (!core.folderExists(parent)) throw core.missingFolder(parent);
  return parent;
}

function create(ctx: Ctx): Reply {
  const { core, identity } = ctx;
  const body = fields(ctx);
  if (!identity.canCreate)
    throw new ApiError(
      403,
      "PERMISSION_DENIED",
      `User ${identity.name} cannot create Genie spaces.`,
    );
  const warehouse = checkWarehouse(core, body["warehouse_id"]);
  const { document, migrated } = acceptDocument(core, identity, body["serialized_space"]);
  const parent = checkFolder(core, identity, body["parent_path"]);
  const now = core.clock.now();
  const id = core.timeId();
  const s: StoredSpace = {
    space_id: id,
    title: typeof body["title"] === "string" && body["title"] !== "" ? body["title"] : "New Space",
    description: typeof body["description"] === "string" ? body["description"] : "",
    warehouse_id: warehouse,
    parent_path: parent,
    document,
    revision: 1,
    etag: core.etag(id, 1),
    create_time: now,
    update_time: now,
    creator: identity.name,
  };
  const answer = view(core, s, true);
  // The v1 -> v2 migration happens after the write and bumps the etag: the etag in this answer is
  // already stale (Databricks CLI bundle engine, 2026).
  if (migrated) core.bump(s, 1);
  core.store.writeSpace(id);
  core.store.state.spaces[id] = s;
  const key = principalKey(
    identity.kind === "user" ? "user_name" : "service_principal_name",
    identity.name,
  );
  core.store.state.acls[id] = { [key]: "CAN_MANAGE" };
  return { body: answer };
}

function get(ctx: Ctx): Reply {
  const s = find(ctx, true);
  const withDocument = ctx.query.get("include_serialized_space") === "true";
  ctx.core.require(
    ctx.identity,
    s.space_id,
    withDocument ? "CAN_EDIT" : "CAN_READ",
    withDocument ? "export it" : "read it",
  );
  return { body: view(ctx.core, s, withDocument) };
}

function update(ctx: Ctx): Reply {
  const { core } = ctx;
  const s = find(ctx, false);
  core.require(ctx.identity, s.space_id, "CAN_EDIT", "update it");
  const body = fields(ctx);
  if (body["etag"] !== undefined && body["etag"] !== s.etag) {
    throw new ApiError(
      409,
      "RESOURCE_CONFLICT",
      `The etag ${String(body["etag"])} is stale: the space was changed since it was read.`,
    );
  }
  const before = { title: s.title, description: s.description, warehouse_id: s.warehouse_id };
  const next = { ...before };
  if (typeof body["title"] === "string") next.title = body["title"];
  if (typeof body["description"] === "string") next.description = body["description"];
  if (body["warehouse_id"] !== undefined)
    next.warehouse_id = checkWarehouse(core, body["warehouse_id"]);
  const parent =
    body["parent_path"] !== undefined
      ? checkFolder(core, ctx.identity, body["parent_path"])
      : s.parent_path;
  const accepted =
    body["serialized_space"] !== undefined
      ? acceptDocument(core, ctx.identity, body["serialized_space"])
      : undefined;

  core.store.writeSpace(s.space_id);
  const renamed = JSON.stringify(next) !== JSON.stringify(before);
  const rewritten =
    accepted !== undefined && JSON.stringify(accepted.document) !== JSON.stringify(s.document);
  Object.assign(s, next, { parent_path: parent });
  if (accepted !== undefined) s.document = accepted.document;
  // The etag follows the stored document only: a PATCH of title, description, warehouse or
  // folder alone keeps it (docs/api-behaviour.md, "Etags").
  if (rewritten) core.bump(s, 1);
  else s.update_time = core.clock.now();
  if (renamed && core.config.staleReadMs > 0) {
    s.stale = { ...before, until: core.clock.now() + core.config.staleReadMs };
  }
  const answer = view(core, { ...s, stale: undefined }, true);
  if (rewritten && accepted?.migrated === true) core.bump(s, 1);
  return { body: answer };
}

function trash(ctx: Ctx): Reply {
  const id = ctx.params[0] as string;
  const trashed = ctx.core.store.state.spaces[id];
  // DELETE of a space already in the trash answers 403, not 404 (Terraform's open pull request
  // #5770 handles it; docs/api-behaviour.md, "Trash"). The server's exact words are not known.
  if (trashed?.trashed_at !== undefined)
    throw denied(`Genie space ${id} is in the trash and cannot be trashed again.`);
  const s = find(ctx, false);
  ctx.core.require(ctx.identity, s.space_id, "CAN_MANAGE", "trash it");
  ctx.core.store.writeSpace(s.space_id);
  s.trashed_at = ctx.core.clock.now();
  return { body: {} };
}

/**
 * Pages over a stable order, (create time, id), with a token naming the last space given: a space
 * trashed (or created) between two pages moves no other across the page boundary, so none is
 * skipped or given twice. An offset would skip one for each trashed before it (`genie export
 * --all`, the provider's lost-create lookup). The SDKs' docs say "most recently updated first":
 * an order that moves while one pages; the emulator keeps its stable one (emulator/README.md).
 */
function list(ctx: Ctx): Reply {
  const { core, identity } = ctx;
  const size = Math.min(Math.max(Number(ctx.query.get("page_size") ?? "100") || 100, 1), 100);
  const after = pageCursor(ctx.query.get("page_token"));
  const visible = Object.values(core.store.state.spaces)
    .filter((s) => s.trashed_at === undefined && core.levelOf(identity, s.space_id) !== undefined)
    .filter((s) => after === undefined || compareCursor([s.create_time, s.space_id], after) > 0)
    .sort((a, b) => compareCursor([a.create_time, a.space_id], [b.create_time, b.space_id]));
  const page = visible.slice(0, size);
  const body: Record<string, unknown> = { spaces: page.map((s) => view(core, s, false)) };
  const last = page.at(-1);
  if (visible.length > size && last !== undefined)
    body["next_page_token"] = Buffer.from(
      JSON.stringify([last.create_time, last.space_id]),
    ).toString("base64url");
  return { body };
}

type Cursor = [number, string];

function compareCursor(a: Cursor, b: Cursor): number {
  return a[0] - b[0] || (a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0);
}

function pageCursor(token: string | null): Cursor | undefined {
  if (token === null || token === "") return undefined;
  try {
    const v: unknown = JSON.parse(Buffer.from(token, "base64url").toString("utf8"));
    if (Array.isArray(v) && typeof v[0] === "number" && typeof v[1] === "string")
      return [v[0], v[1]];
  } catch {
    // fall through: the same answer as any other token the emulator did not give
  }
  throw badRequest("Invalid page_token.");
}

/** Every Genie route answers 501 where Genie is not enabled (`notEnabled`). */
export const guard =
  (h: (ctx: Ctx) => Reply) =>
  (ctx: Ctx): Reply => {
    if (ctx.core.config.notEnabled) throw NOT_ENABLED;
    return h(ctx);
  };

export const genieRoutes: Route[] = [
  route("POST", /^\/api\/2\.0\/genie\/spaces$/, guard(create)),
  route("GET", /^\/api\/2\.0\/genie\/spaces$/, guard(list)),
  route("GET", /^\/api\/2\.0\/genie\/spaces\/([^/]+)$/, guard(get)),
  route("PATCH", /^\/api\/2\.0\/genie\/spaces\/([^/]+)$/, guard(update)),
  route("DELETE", /^\/api\/2\.0\/genie\/spaces\/([^/]+)$/, guard(trash)),
];
