import { normalizeFolder } from "../client/folders";
import type { DriftField, SpaceInputs, SpaceState } from "./inputs";

/** The fields of the PATCH that makes the space what the program declares. */
export type Sendable = DriftField;

/**
 * What update sends: what the program changed (`changed` names it) and what drifted outside
 * Pulumi (from the drift record, never from its display text). The title only when it differs
 * from the live one (one source says a PATCH carrying `title` appends " (updated)": docs/api-behaviour.md,
 * "Not relied on"); the
 * folder only when the program names one (a space without one stays where it is).
 */
export function fieldsToSend(
  state: SpaceState,
  news: SpaceInputs,
  changedFields: readonly string[],
): Set<Sendable> {
  const drifted = new Set(state.driftRecord.map((c) => c.field));
  const out = new Set<Sendable>();
  // A drifted title is in `changedFields` already (the state holds the live one); one the
  // program now agrees with is not sent again.
  if (changedFields.includes("title")) out.add("title");
  if (changedFields.includes("description") || drifted.has("description")) out.add("description");
  if (changedFields.includes("warehouseId") || drifted.has("warehouseId")) out.add("warehouseId");
  if (
    normalizeFolder(news.parentPath) !== undefined &&
    (changedFields.includes("parentPath") || drifted.has("parentPath"))
  )
    out.add("parentPath");
  if (changedFields.includes("space") || drifted.has("serializedSpace")) out.add("serializedSpace");
  return out;
}
