import type * as pulumi from "@pulumi/pulumi";
import { normalizeFolder } from "../client/folders";
import { diffSpaces } from "../model/diff";
import { CANONICAL_VERSION, containsUnknown, type SpaceInputs, type SpaceState } from "./inputs";
import { usableSpaceState } from "./space-state";
import { declaredVerdict } from "./verdicts";

/*
 * GenieSpace's diff, apart from its provider: a preview loads this module and never the HTTP
 * client (provider/runtime.ts loads the rest on the first call that writes or reads).
 */

/**
 * The engine's diff, as a pure function (no HTTP: a no-op preview makes no request): a space is
 * never replaced, every argument is updated in place. Throws on a state that cannot be used.
 */
export function diffGenieSpace(
  id: string,
  olds: unknown,
  news: SpaceInputs,
): pulumi.dynamic.DiffResult {
  return {
    changes: changed(usableSpaceState(olds, id), news).length > 0,
    replaces: [],
    deleteBeforeReplace: false,
  };
}

/** What `changed` says while some inputs are unknown (values other resources will produce). */
const UNKNOWN_CHANGE = "(values known after other resources are created)";

/** What differs between the state and the program; no HTTP (a no-op preview makes no request). */
export function changed(olds: SpaceState, news: SpaceInputs): string[] {
  if (containsUnknown(news)) return [UNKNOWN_CHANGE];
  const out: string[] = [];
  const { applied } = olds;
  if (news.title !== olds.title || news.title !== applied.title) out.push("title");
  if ((news.description ?? "") !== olds.description) out.push("description");
  if (news.warehouseId !== olds.warehouseId) out.push("warehouseId");
  const folder = normalizeFolder(news.parentPath);
  if (folder !== undefined && folder !== normalizeFolder(olds.parentPath)) out.push("parentPath");
  const declared = declaredVerdict(news, olds.serializedSpace);
  if (declared.document !== undefined && !sameDocument(olds, declared)) out.push("space");
  if (olds.driftRecord.length > 0) out.push("drift");
  return out;
}

function sameDocument(olds: SpaceState, declared: ReturnType<typeof declaredVerdict>): boolean {
  if (olds.canonicalVersion === CANONICAL_VERSION) return declared.hash() === olds.appliedHash;
  // State from a release with another canonical form: compare with what the server holds.
  try {
    return diffSpaces(declared.document, olds.driftBaseline ?? olds.serializedSpace).length === 0;
  } catch {
    return false; // a stored document the model cannot read: send the declared one
  }
}

/** The provider's entry point (the host awaits it). */
export async function diff(id: string, olds: unknown, news: SpaceInputs) {
  return diffGenieSpace(id, olds, news);
}

/**
 * The arguments a diff finds changed, by the names the program gives them (`space` or
 * `serializedSpace` for the document; a drifted field by its own name; while some values are
 * unknown, the arguments that hold them), for a host that shows a detailed diff. Empty when
 * `diffGenieSpace` finds no change; throws on a state that cannot be used, as it does.
 */
export function changedProperties(id: string, raw: unknown, news: SpaceInputs): string[] {
  const olds = usableSpaceState(raw, id);
  const documentProperty = news.space !== undefined ? "space" : "serializedSpace";
  const out = new Set<string>();
  for (const c of changed(olds, news)) {
    if (c === "space") out.add(documentProperty);
    else if (c === "drift") {
      for (const d of olds.driftRecord)
        out.add(d.field === "serializedSpace" ? documentProperty : d.field);
    } else if (c === UNKNOWN_CHANGE) {
      for (const [k, v] of Object.entries(news)) if (containsUnknown(v)) out.add(k);
    } else out.add(c);
  }
  return [...out];
}
