import { splitLines } from "../provider/model/text";
import { sortLists } from "../provider/model/serialize";
import type { JsonObject } from "../provider/model/structure";
import type { Core, EmulatorConfig } from "./core";
import { badRequest, notFound } from "./errors";
import type { FaultRule } from "./faults";
import { checkAddedTable } from "./references";
import { type Ctx, fields, type Reply, route, type Route } from "./routes";

/** What a person can change in the Genie UI; each edit bumps the etag, as a real edit does. */
export interface UiEdit {
  title?: string;
  description?: string;
  /** New text of the space's instructions. */
  instructions?: string;
  addTable?: string;
  removeTable?: string;
  columnDescription?: { table: string; column: string; description: string };
  /** Another SQL warehouse, as picked in the space's settings. */
  warehouseId?: string;
  /** A move to another existing folder (with or without `/Workspace`). */
  parentPath?: string;
}

/**
 * Applies a UI edit whole or not at all: every part is checked before anything changes (a refused
 * warehouse must not leave the title changed), and the request's transaction puts the space back
 * if anything still fails. Any warehouse of the workspace will do, the seed's or one made since.
 */
export function applyEdit(core: Core, spaceId: string, edit: UiEdit): void {
  const s = core.store.state.spaces[spaceId];
  if (s === undefined || s.trashed_at !== undefined)
    throw notFound(`Genie space ${spaceId} does not exist.`);
  if (
    edit.warehouseId !== undefined &&
    core.platform.state.warehouses[edit.warehouseId] === undefined
  )
    throw badRequest(`Warehouse ${edit.warehouseId} does not exist or is not accessible.`);
  const folder = edit.parentPath === undefined ? undefined : core.normalizePath(edit.parentPath);
  if (folder !== undefined && !core.folderExists(folder)) throw core.missingFolder(folder);
  const column = edit.columnDescription;
  const tables = new Set((s.document.data_sources?.tables ?? []).map((t) => t.identifier));
  if (edit.addTable !== undefined) {
    checkAddedTable(core, edit.addTable);
    tables.add(edit.addTable);
  }
  if (edit.removeTable !== undefined) tables.delete(edit.removeTable);
  if (column !== undefined && !tables.has(column.table))
    throw badRequest(`Table ${column.table} is not in space ${spaceId}.`);

  core.store.writeSpace(spaceId);
  const doc = s.document;
  if (edit.title !== undefined) s.title = edit.title;
  if (edit.description !== undefined) s.description = edit.description;
  if (edit.warehouseId !== undefined) s.warehouse_id = edit.warehouseId;
  if (folder !== undefined) s.parent_path = folder;
  if (edit.instructions !== undefined) {
    const instructions = (doc.instructions ??= {});
    const current = instructions.text_instructions?.[0];
    instructions.text_instructions = [
      { id: current?.id ?? core.timeId(), content: splitLines(edit.instructions) },
    ];
  }
  if (edit.addTable !== undefined) {
    const ds = (doc.data_sources ??= {});
    (ds.tables ??= []).push({ identifier: edit.addTable });
  }
  if (edit.removeTable !== undefined) {
    const ds = doc.data_sources ?? {};
    ds.tables = (ds.tables ?? []).filter((t) => t.identifier !== edit.removeTable);
  }
  if (column !== undefined) {
    const t = doc.data_sources?.tables?.find((x) => x.identifier === column.table);
    if (t === undefined) throw badRequest(`Table ${column.table} is not in space ${spaceId}.`);
    const columns = (t.column_configs ??= []);
    let c = columns.find((x) => x.column_name === column.column);
    if (c === undefined) columns.push((c = { column_name: column.column }));
    c.description = splitLines(column.description);
  }
  sortLists(doc as unknown as JsonObject);
  core.bump(s);
}

/** The controls tests and users drive over HTTP, outside /api and without a token. */
export const adminRoutes: Route[] = [
  route(
    "POST",
    /^\/__emulator\/faults$/,
    (ctx: Ctx): Reply => {
      const rules = fields(ctx)["rules"];
      if (!Array.isArray(rules)) throw badRequest("Field 'rules' must be a list of fault rules");
      for (const r of rules as FaultRule[]) ctx.core.faults.add(r);
      return { body: {} };
    },
    false,
  ),
  route(
    "DELETE",
    /^\/__emulator\/faults$/,
    (ctx) => (ctx.core.faults.clear(), { body: {} }),
    false,
  ),
  route(
    "POST",
    /^\/__emulator\/rate-limit$/,
    (ctx) => {
      const n = fields(ctx)["perSecond"];
      ctx.core.limiter.perSecond = typeof n === "number" && n > 0 ? n : undefined;
      return { body: {} };
    },
    false,
  ),
  route(
    "POST",
    /^\/__emulator\/config$/,
    (ctx) => {
      Object.assign(ctx.core.config, fields(ctx) as Partial<EmulatorConfig>);
      return { body: ctx.core.config };
    },
    false,
  ),
  route(
    "POST",
    /^\/__emulator\/spaces\/([^/]+)\/edit$/,
    (ctx) => {
      applyEdit(ctx.core, ctx.params[0] as string, fields(ctx) as UiEdit);
      return { body: {} };
    },
    false,
  ),
  route(
    "GET",
    /^\/__emulator\/requests$/,
    (ctx) => ({ body: { requests: ctx.core.requests } }),
    false,
  ),
];
