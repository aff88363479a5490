import { type GenieSpaceInfo, NotFoundError } from "../client";
import { declarationOf } from "../model/spec-or-document";
import { api } from "./context";
import { canonicalHash, declaredDocument, type SpaceInputs, type SpaceState } from "./inputs";
import { state } from "./genie-space-provider";

/**
 * `pulumi import` of a GenieSpace (and the `import` resource option): the engine reads the space
 * by its id with no state of ours. The answer is the inputs that describe the live space, as a
 * program would declare it (the friendly spec where it says everything, else the document:
 * model/spec-or-document.ts), and the state a write of exactly those inputs would have left, so
 * the next preview of a program declaring them shows no change.
 */
export async function importSpace(
  id: string,
): Promise<{ id?: string; props?: SpaceState; inputs?: SpaceInputs }> {
  let live: GenieSpaceInfo;
  try {
    live = await api().genie.get(id, { includeSerializedSpace: true });
  } catch (e) {
    // Nothing to import: the engine says the resource does not exist.
    if (e instanceof NotFoundError) return {};
    throw e;
  }
  const inputs = liveInputs(live);
  const declared = declaredDocument(inputs, live.serialized_space);
  if (declared.document === undefined)
    throw new Error(
      `genie space ${id} cannot be imported: its document is not one this version can read (${declared.problems
        .map((p) => `${p.path}: ${p.message}`)
        .join("; ")})`,
    );
  return { id, props: state(inputs, live, canonicalHash(declared.document)), inputs };
}

/** The inputs of a program that declares the live space as it is. */
export function liveInputs(live: GenieSpaceInfo): SpaceInputs {
  const inputs: SpaceInputs = { title: live.title ?? "", warehouseId: live.warehouse_id ?? "" };
  if (live.description !== undefined && live.description !== "")
    inputs.description = live.description;
  // The server answers the folder without `/Workspace` (docs/api-behaviour.md, "Folders"); either
  // form names the same folder, and the program may keep the one it likes.
  if (live.parent_path !== undefined && live.parent_path !== "")
    inputs.parentPath = live.parent_path;
  return { ...inputs, ...declarationOf(live.serialized_space ?? '{"version":2}') };
}
