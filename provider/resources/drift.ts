import type { GenieSpaceInfo } from "../client";
import { normalizeFolder } from "../client/folders";
import { diffSpaces, formatDifferences } from "../model/diff";
import { reconcile } from "../model/reconcile";
import type { DriftChange, DriftField, SpaceInputs, SpaceState } from "./inputs";

/**
 * Drift of a GenieSpace as data: what refresh found changed outside Pulumi, the lines people read
 * in the `drift` output, the inputs refresh hands back to the engine, and what update sends to
 * put the declared state back. Pure functions, no I/O.
 */

/** What changed in the live space since our last write (or since the drift was first seen). */
export function findDrift(state: SpaceState, live: GenieSpaceInfo): DriftChange[] {
  const out: DriftChange[] = [];
  const { applied } = state;
  const scalar = (field: DriftField, before: string, after: string | undefined) => {
    if (after !== undefined && after !== before) out.push({ field, before, after });
  };
  scalar("title", applied.title, live.title);
  scalar("description", applied.description, live.description);
  scalar("warehouseId", applied.warehouseId, live.warehouse_id);
  // The server drops `/Workspace` and trailing slashes: compare folders by meaning. A program that
  // names no folder does not manage it (update never moves such a space), so a move is no drift.
  const managesFolder = state.declared === undefined || state.declared.parentPath !== undefined;
  if (
    managesFolder &&
    live.parent_path !== undefined &&
    normalizeFolder(live.parent_path) !== normalizeFolder(applied.parentPath)
  )
    out.push({ field: "parentPath", before: applied.parentPath, after: live.parent_path });
  const baseline = state.driftBaseline ?? state.serializedSpace;
  if (baseline !== "" && live.serialized_space !== undefined) {
    for (const d of safeDiff(baseline, live.serialized_space)) {
      // The state is a protobuf Struct: a key may not hold `undefined`.
      const change: DriftChange = { field: "serializedSpace", path: d.path };
      if (d.before !== undefined) change.before = d.before;
      if (d.after !== undefined) change.after = d.after;
      out.push(change);
    }
  }
  return out;
}

/** A document the model cannot read is all changed: putting it back is the safe side. */
function safeDiff(a: string, b: string) {
  try {
    return diffSpaces(a, b);
  } catch {
    return [{ path: "", before: undefined, after: undefined }];
  }
}

/** The `drift` output: one line per change, e.g. `~ title: "Sales" => "Renamed in the UI"`. */
export function driftSummary(changes: readonly DriftChange[]): string[] {
  return changes.map((c) => {
    const kind = c.before === undefined ? "added" : c.after === undefined ? "removed" : "changed";
    const path = c.field === "serializedSpace" ? `serializedSpace.${c.path ?? ""}` : c.field;
    if (c.field !== "serializedSpace")
      return `~ ${path}: ${JSON.stringify(c.before)} => ${JSON.stringify(c.after)}`;
    return formatDifferences([{ path, kind, before: c.before, after: c.after }]);
  });
}

/**
 * The inputs refresh stores: the program's own inputs (as of the last write), changed only where
 * the space drifted, each in the user's terms, so the engine's diff of them against the program
 * (what `pulumi preview --diff` shows) names exactly what the next `up` puts back:
 * `space.instructions` for a spec, `serializedSpace.<path>` for a raw document, the argument
 * itself for title, description, warehouse and folder. `undefined` keeps the engine's inputs.
 */
export function refreshedInputs(
  state: SpaceState,
  live: GenieSpaceInfo,
  changes: readonly DriftChange[],
): Record<string, unknown> | undefined {
  const declared = state.declared ?? legacyDeclared(state, changes);
  if (declared === undefined) return undefined;
  const out: Record<string, unknown> = structuredClone(declared) as unknown as Record<
    string,
    unknown
  >;
  const fields = new Set(changes.map((c) => c.field));
  if (fields.has("title") && live.title !== undefined) out["title"] = live.title;
  if (fields.has("description") && live.description !== undefined)
    out["description"] = live.description;
  if (fields.has("warehouseId") && live.warehouse_id !== undefined)
    out["warehouseId"] = live.warehouse_id;
  if (fields.has("parentPath") && live.parent_path !== undefined)
    out["parentPath"] = folderLike(live.parent_path, declared.parentPath);
  if (fields.has("serializedSpace") && live.serialized_space !== undefined) {
    const options = { variables: declared.variables };
    if (declared.space !== undefined)
      out["space"] = reconcile(declared.space, live.serialized_space, options);
    else if (declared.serializedSpace !== undefined)
      out["serializedSpace"] = reconcile(declared.serializedSpace, live.serialized_space, options);
  }
  return out;
}

/** The live folder written the way the program writes its own (with `/Workspace` or without). */
function folderLike(livePath: string, declared: string | undefined): string {
  const prefixed = (p: string) => p === "/Workspace" || p.startsWith("/Workspace/");
  if (declared !== undefined && prefixed(declared) && !prefixed(livePath))
    return livePath === "/" ? "/Workspace" : `/Workspace${livePath}`;
  return livePath;
}

/**
 * A state of 0.1.0 kept no copy of the program's inputs. Converged, the engine's own are right
 * (none are returned); drifted, the best guess is what was applied, in the server's words (a
 * folder without `/Workspace`, the document as stored), until the next `up` records the program's.
 */
function legacyDeclared(
  state: SpaceState,
  changes: readonly DriftChange[],
): SpaceInputs | undefined {
  if (changes.length === 0) return undefined;
  const out: SpaceInputs = { title: state.applied.title, warehouseId: state.applied.warehouseId };
  if (state.applied.description !== "") out.description = state.applied.description;
  if (state.applied.parentPath !== "") out.parentPath = state.applied.parentPath;
  if (state.space !== undefined) out.space = state.space;
  else out.serializedSpace = state.driftBaseline ?? state.serializedSpace;
  if (state.variables !== undefined) out.variables = state.variables;
  if (state.adoptSpaceId !== undefined) out.adoptSpaceId = state.adoptSpaceId;
  return out;
}

// What update sends lives apart, so a preview of an update (genie-space-preview.ts) loads neither
// the model's diff nor its reconcile (nor zod, which they load).
export { fieldsToSend, type Sendable } from "./fields-to-send";
