import { createHash } from "node:crypto";
import { canonicalText } from "../model/canonical-text";
import type { SerializedSpaceV2 } from "../model/document";
import { checkedRawDocument, checkedSpec } from "../model/checked-document";
import type { Problem } from "../model/problems";
import type { GenieSpaceSpec } from "../model/spec";
import type { Json, JsonObject } from "../model/structure";
import { validateSpace } from "../model/validate";

/** The preview's placeholder for values other resources will produce (Pulumi's rpc.unknownValue). */
export const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

export function containsUnknown(value: unknown): boolean {
  if (value === UNKNOWN) return true;
  if (Array.isArray(value)) return value.some(containsUnknown);
  if (typeof value === "object" && value !== null)
    return Object.values(value).some(containsUnknown);
  return false;
}

/**
 * The key of the hidden input that carries the three-part names of the tables a space depends on
 * (`dependsOn` resources with `catalogName`, `schemaName` and `name`, such as `databricks.SqlTable`):
 * the same deployment makes them, so the preflight does not look for them (preflight.ts).
 */
export const DEPENDENCY_TABLES = "dependencyTables";

/** A GenieSpace's inputs as the provider receives them (Inputs resolved). */
export interface SpaceInputs {
  title: string;
  description?: string;
  warehouseId: string;
  parentPath?: string;
  space?: GenieSpaceSpec;
  /** The raw document given by the user; in the outputs, the document as the server stores it. */
  serializedSpace?: string | object;
  variables?: Record<string, string>;
  adoptSpaceId?: string;
}

/** Bumped whenever the canonical form changes, so an upgrade never reads as a change of the space. */
export const CANONICAL_VERSION = 1;

export interface SpaceState extends SpaceInputs {
  spaceId: string;
  etag: string;
  url: string;
  serializedSpace: string;
  /** sha256 of the canonical form of the document last applied. */
  appliedHash: string;
  canonicalVersion: number;
  /** The title, description, warehouse and folder last applied (outputs show the live ones). */
  applied: { title: string; description: string; warehouseId: string; parentPath: string };
  /** What changed outside Pulumi, found by refresh, one line each for people; empty when converged. */
  drift: string[];
  /**
   * The same as data: what update puts back. Missing in states of 0.1.0, which read it from the
   * lines of `drift` (see space-state.ts).
   */
  driftRecord: DriftChange[];
  /** The document as it was after our last write, kept while drifted to name every change. */
  driftBaseline?: string;
  /**
   * The space's `update_time` as read back after our last write. A GET right after a PATCH may
   * still show the old title, description and warehouse (docs/api-behaviour.md, "Reads after a write") but with the etag unchanged,
   * since the etag follows the document only: the same `update_time` says it is our own write,
   * seen late; a later one says someone else changed the space. Missing in states of 0.1.0.
   */
  writtenAt?: string;
  /**
   * The title, description and warehouse the space had before our last write. Only a field that
   * still shows its value from before, with `writtenAt` unchanged, is our write seen late; any
   * other difference is drift (an edit made in the same instant, or a title the server rewrote).
   */
  writtenOver?: { title?: string; description?: string; warehouseId?: string };
  /**
   * The program's inputs as of the last write, exactly as given (a folder with or without
   * `/Workspace`, a raw document as its own string), so refresh can hand back the program's inputs
   * changed only where the space drifted. Missing in states of 0.1.0.
   */
  declared?: SpaceInputs;
}

/** The arguments refresh compares with the live space. */
export const DRIFT_FIELDS = [
  "title",
  "description",
  "warehouseId",
  "parentPath",
  "serializedSpace",
] as const;
export type DriftField = (typeof DRIFT_FIELDS)[number];

/**
 * One change made outside Pulumi: which argument, and for the document where in it (a path as
 * `diffSpaces` names it), with the value last applied (`before`, absent for an addition) and the
 * live one (`after`, absent for a removal).
 */
export interface DriftChange {
  field: DriftField;
  path?: string;
  before?: Json;
  after?: Json;
}

/** The document the inputs declare (`space` or `serializedSpace`), or the problems that stop it. */
export function declaredDocument(
  inputs: Pick<SpaceInputs, "space" | "serializedSpace" | "variables">,
  previous?: string,
): { document?: SerializedSpaceV2; problems: Problem[]; property: "space" | "serializedSpace" } {
  const property = inputs.space !== undefined ? "space" : "serializedSpace";
  const value = inputs.space ?? inputs.serializedSpace;
  const variables = inputs.variables;
  // One pass over the document: read, substitute, parse, convert and check each once.
  const checked =
    property === "space"
      ? (checkedSpec(value, { variables, previous }) ?? specAsDocument(value, variables, previous))
      : checkedRawDocument(value, { variables, previous });
  return { ...checked, property };
}

/**
 * A document given as `space`: checked as it is (a spec is checked in its own terms, and a
 * document there is not converted first), then converted and checked as it will be sent.
 */
function specAsDocument(
  value: unknown,
  variables: Record<string, string> | undefined,
  previous: string | undefined,
): { document?: SerializedSpaceV2; problems: Problem[] } {
  const checked = validateSpace(value, { variables });
  if (!checked.valid) return { problems: checked.errors };
  return checkedRawDocument(value, { variables, previous });
}

/** sha256 of the canonical form's text (canonical-text.ts: one pass, the text of canonical.ts). */
export function canonicalHash(document: SerializedSpaceV2 | string): string {
  const doc =
    typeof document === "string"
      ? (JSON.parse(document) as JsonObject)
      : (document as unknown as JsonObject);
  return createHash("sha256").update(canonicalText(doc)).digest("hex");
}
