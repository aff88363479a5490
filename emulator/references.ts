import { spaceReferences } from "../provider/model/references";
import type { Core, Identity } from "./core";
import { ApiError, denied } from "./errors";
import { cannotRead } from "./uc-grants";
import { key } from "./uc-model";

/**
 * What the server checks of a document against Unity Catalog when a space is created or updated
 * (docs/api-behaviour.md, "Tables and functions the document names"): a table or metric view that
 * does not exist, or that the caller cannot read, is refused with PERMISSION_DENIED (public reports
 * name the code, not the words: these are the emulator's own); a SQL function that does not exist,
 * or a column setting for a column the table lacks, fails with the server's 500
 * "Failed to retrieve schema from unity catalog.". Off with `config.requireTables: false`.
 */
export function checkReferences(core: Core, identity: Identity, doc: unknown): void {
  if (!core.config.requireTables) return;
  const p = core.platform;
  const refs = spaceReferences(doc);
  for (const r of refs) {
    if (r.kind === "function") continue;
    const table = p.state.tables[key(r.name)];
    if (table === undefined || cannotRead(p, identity, r.name) !== undefined)
      throw denied(
        `Table or view '${r.name}' does not exist or you do not have permission to read it.`,
      );
  }
  const schemaFailure = new ApiError(
    500,
    "INTERNAL_ERROR",
    "Failed to retrieve schema from unity catalog.",
  );
  for (const r of refs) {
    if (r.kind === "function") {
      const name = r.name.toLowerCase();
      if (!core.seed.functions.some((f) => f.full_name.toLowerCase() === name)) throw schemaFailure;
      continue;
    }
    const columns = new Set(
      (p.state.tables[key(r.name)]?.columns ?? []).map((c) => c.name.toLowerCase()),
    );
    if (r.columns.some((c) => !columns.has(c.name.toLowerCase()))) throw schemaFailure;
  }
}

/** The UI offers only tables that exist: an edit adding another is refused (the emulator's words). */
export function checkAddedTable(core: Core, name: string): void {
  if (core.config.requireTables && core.platform.state.tables[key(name)] === undefined)
    throw new ApiError(404, "TABLE_DOES_NOT_EXIST", `Table '${name}' does not exist.`);
}
