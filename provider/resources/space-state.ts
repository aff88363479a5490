import { isObject, type Json, type JsonObject } from "../model/structure";
import {
  CANONICAL_VERSION,
  DRIFT_FIELDS,
  type DriftChange,
  type DriftField,
  type SpaceInputs,
  type SpaceState,
} from "./inputs";

/**
 * A GenieSpace's state, read defensively. The state is written by this package, but it may come
 * from an older release, or be edited by hand (`pulumi stack export` / `import`): every field is
 * checked before diff, update or read use it, and a state that cannot be used says which field
 * and what to do, instead of failing with a TypeError deep inside a comparison.
 *
 * Pure functions, no I/O.
 */

/** One field of a state that is not what this package writes. */
export interface StateProblem {
  /** e.g. `drift`, `applied.title`, `declared.parentPath` */
  field: string;
  expected: string;
  found: string;
}

/** A state this version cannot work from; the message names the fields and the way out. */
export class UnusableStateError extends Error {
  readonly problems: readonly StateProblem[];
  constructor(message: string, problems: readonly StateProblem[]) {
    super(message);
    this.name = "UnusableStateError";
    this.problems = problems;
  }
}

/**
 * The one factory of {@link UnusableStateError}. `remedy` is what to run: for a space, refresh
 * rebuilds the state from the live space; when even that fails, the resource can be dropped from
 * the state and taken over again.
 */
export function unusableState(
  kind: "GenieSpace" | "GenieSpacePermissions",
  id: string,
  problems: readonly StateProblem[],
  remedy: string,
): UnusableStateError {
  const lines = problems.map((p) => `  ${p.field}: expected ${p.expected}, found ${p.found}`);
  return new UnusableStateError(
    `the state of ${kind} ${id} cannot be used:\n${lines.join("\n")}\n${remedy}`,
    problems,
  );
}

export const SPACE_REMEDY = (id: string) =>
  `Run \`pulumi refresh\` to rebuild it from the live space. If refresh fails too, remove it from ` +
  `the state with \`pulumi state delete <urn>\` (its URN is in \`pulumi stack --show-urns\`) and ` +
  `take the space over again with adoptSpaceId: "${id}".`;

/** What a value is, for a message: its type, and a short sample of a scalar. */
export function describeValue(v: unknown): string {
  if (v === undefined) return "nothing";
  if (v === null) return "null";
  if (Array.isArray(v)) return "a list";
  if (typeof v === "object") return "an object";
  const text = JSON.stringify(v) ?? String(v);
  return `a ${typeof v} (${text.length > 40 ? text.slice(0, 37) + "..." : text})`;
}

/** Values from the live space, used in place of fields that cannot be used (refresh only). */
export interface Repair {
  spaceId: string;
  url: string;
  title: string;
  description: string;
  warehouseId: string;
  parentPath: string;
  serializedSpace: string;
}

export interface ParsedSpaceState {
  state: SpaceState;
  problems: StateProblem[];
}

const HASH = /^[0-9a-f]{64}$/;

/**
 * Reads a state of any release. Shapes earlier releases wrote are taken as they are (no `applied`:
 * the top-level fields are what was applied; `drift` lines without `driftRecord`; another
 * canonical version). Anything else wrong is a problem; with `repair`, the live value stands in
 * for it, so refresh turns any state into a usable one.
 */
export function parseSpaceState(raw: unknown, repair?: Repair): ParsedSpaceState {
  const problems: StateProblem[] = [];
  const obj: JsonObject = isObject(raw) ? raw : {};
  if (!isObject(raw))
    problems.push({ field: "(state)", expected: "an object", found: describeValue(raw) });
  const bad = (field: string, expected: string, value: unknown) =>
    problems.push({ field, expected, found: describeValue(value) });

  const str = (field: string, fallback: string | undefined, required: boolean): string => {
    const v = obj[field];
    if (typeof v === "string") return v;
    if (v !== undefined || required) bad(field, "a string", v);
    return fallback ?? "";
  };
  const optional = <T>(field: string, ok: (v: unknown) => v is T, expected: string) => {
    const v = obj[field];
    if (v === undefined || ok(v)) return v as T | undefined;
    bad(field, expected, v);
    return undefined;
  };

  const title = str("title", repair?.title, true);
  const description = str("description", repair?.description, false);
  const warehouseId = str("warehouseId", repair?.warehouseId, true);
  const parentPath = str("parentPath", repair?.parentPath, false);
  const spaceId = str("spaceId", repair?.spaceId, true);
  const etag = str("etag", "", false);
  const url = str("url", repair?.url, true);
  const space = optional("space", isObject, "an object (the friendly spec)");
  const variables = optional("variables", isStringMap, "a map of names to strings");
  const adoptSpaceId = optional("adoptSpaceId", isString, "a string");
  const writtenAt = optional("writtenAt", isString, "an RFC 3339 time");
  const writtenOver = optional("writtenOver", isStringMap, "a map of field names to strings");

  let serializedSpace = obj["serializedSpace"];
  if (!isDocumentText(serializedSpace)) {
    bad("serializedSpace", "the space's document as a JSON string", serializedSpace);
    serializedSpace = repair?.serializedSpace ?? "";
  }
  let driftBaseline = obj["driftBaseline"];
  if (driftBaseline !== undefined && !isDocumentText(driftBaseline)) {
    bad("driftBaseline", "a document as a JSON string", driftBaseline);
    driftBaseline = undefined;
  }
  let canonicalVersion = obj["canonicalVersion"];
  let appliedHash = obj["appliedHash"];
  if (canonicalVersion !== undefined && typeof canonicalVersion !== "number") {
    bad("canonicalVersion", "a number", canonicalVersion);
    canonicalVersion = 0;
  }
  if (
    canonicalVersion === CANONICAL_VERSION &&
    !(typeof appliedHash === "string" && HASH.test(appliedHash))
  ) {
    bad("appliedHash", "the sha256 of the document last applied (64 hex digits)", appliedHash);
    canonicalVersion = 0;
  }
  if (typeof appliedHash !== "string") appliedHash = "";
  // A repaired document is the live one: compare the program with it, not with a hash.
  if (repair !== undefined && problems.some((p) => p.field === "serializedSpace"))
    canonicalVersion = 0;

  const applied = readApplied(
    obj["applied"],
    { title, description, warehouseId, parentPath },
    bad,
    repair,
  );
  const drift = readDrift(obj["drift"], bad);
  const driftRecord = readRecord(obj["driftRecord"], drift, bad);
  const declared = readDeclared(obj["declared"], bad);

  const state: SpaceState = {
    ...(obj as Partial<SpaceState>),
    title,
    description,
    warehouseId,
    parentPath,
    spaceId,
    etag,
    url,
    serializedSpace: serializedSpace as string,
    appliedHash: appliedHash as string,
    canonicalVersion: (canonicalVersion as number | undefined) ?? 0,
    applied,
    drift: repair !== undefined && problems.some((p) => p.field === "drift") ? [] : drift,
    driftRecord,
  };
  setOrDelete(state, "space", space);
  setOrDelete(state, "variables", variables);
  setOrDelete(state, "adoptSpaceId", adoptSpaceId);
  setOrDelete(state, "writtenAt", writtenAt);
  setOrDelete(state, "writtenOver", writtenOver);
  setOrDelete(state, "driftBaseline", driftBaseline as string | undefined);
  setOrDelete(state, "declared", declared);
  return { state, problems };
}

/** For diff and update: the state, or an error naming every field that cannot be used. */
export function usableSpaceState(raw: unknown, id: string): SpaceState {
  const { state, problems } = parseSpaceState(raw);
  if (problems.length > 0) throw unusableState("GenieSpace", id, problems, SPACE_REMEDY(id));
  return state;
}

type Bad = (field: string, expected: string, value: unknown) => void;

function readApplied(
  v: unknown,
  top: SpaceState["applied"],
  bad: Bad,
  repair: Repair | undefined,
): SpaceState["applied"] {
  // 0.1.0 always wrote `applied`; a state without it says its top-level fields were applied.
  if (v === undefined) return top;
  if (!isObject(v)) {
    bad("applied", "an object", v);
    return repair !== undefined ? { ...repair } : top;
  }
  const out = { ...top };
  for (const k of ["title", "description", "warehouseId", "parentPath"] as const) {
    const x = v[k];
    if (typeof x === "string") out[k] = x;
    else {
      bad(`applied.${k}`, "a string", x);
      if (repair !== undefined) out[k] = repair[k];
    }
  }
  return out;
}

function readDrift(v: unknown, bad: Bad): string[] {
  if (v === undefined) return [];
  // No release wrote a bare string, but it can only mean one line of drift.
  if (typeof v === "string") return v === "" ? [] : [v];
  if (Array.isArray(v) && v.every(isString)) return v;
  bad("drift", "a list of strings", v);
  return [];
}

function readRecord(v: unknown, lines: string[], bad: Bad): DriftChange[] {
  if (v === undefined) return lines.flatMap(fromLine);
  if (Array.isArray(v) && v.every(isDriftChange)) return v;
  bad("driftRecord", "a list of { field, path?, before?, after? }", v);
  return lines.flatMap(fromLine);
}

const LINE = /^[~+-] (title|description|warehouseId|parentPath): /;
const DOCUMENT_LINE = /^[~+-] serializedSpace\.(.+?): /;

/**
 * The drift lines of 0.1.0 as data. Only the field matters to update; a line this version cannot
 * read is taken as a change of everything update can put back without side effects (not the
 * title, which is sent only when it changed, nor the folder, which moves the space).
 */
export function fromLine(line: string): DriftChange[] {
  const field = LINE.exec(line)?.[1] as DriftField | undefined;
  if (field !== undefined) return [{ field }];
  const path = DOCUMENT_LINE.exec(line)?.[1];
  if (path !== undefined) return [{ field: "serializedSpace", path }];
  return [{ field: "description" }, { field: "warehouseId" }, { field: "serializedSpace" }];
}

function readDeclared(v: unknown, bad: Bad): SpaceInputs | undefined {
  if (v === undefined) return undefined;
  if (!isObject(v)) {
    bad("declared", "an object", v);
    return undefined;
  }
  let ok = true;
  for (const [k, test, expected, required] of DECLARED_CHECKS) {
    const x = v[k];
    if ((x === undefined && !required) || (x !== undefined && test(x))) continue;
    bad(`declared.${k}`, expected, x);
    ok = false;
  }
  return ok ? (v as unknown as SpaceInputs) : undefined;
}

const DECLARED_CHECKS: [keyof SpaceInputs, (v: unknown) => boolean, string, boolean][] = [
  ["title", isString, "a string", true],
  ["warehouseId", isString, "a string", true],
  ["description", isString, "a string", false],
  ["parentPath", isString, "a string", false],
  ["adoptSpaceId", isString, "a string", false],
  ["variables", isStringMap, "a map of names to strings", false],
  ["space", isObject, "an object (the friendly spec)", false],
  ["serializedSpace", (x) => isString(x) || isObject(x), "a JSON string or an object", false],
];

function isString(v: unknown): v is string {
  return typeof v === "string";
}

function isStringMap(v: unknown): v is Record<string, string> {
  return isObject(v) && Object.values(v).every(isString);
}

function isDocumentText(v: unknown): v is string {
  if (typeof v !== "string") return false;
  // The state's document is the same text on every diff of a preview: parsed once (issue #13).
  const known = DOCUMENT_TEXTS.get(v);
  if (known !== undefined) return known;
  let ok: boolean;
  try {
    ok = isObject(JSON.parse(v));
  } catch {
    ok = false;
  }
  if (v.length >= 4096) {
    DOCUMENT_TEXTS.set(v, ok);
    // The last few texts only (first in, first out).
    for (const k of DOCUMENT_TEXTS.keys()) {
      if (DOCUMENT_TEXTS.size <= 8) break;
      DOCUMENT_TEXTS.delete(k);
    }
  }
  return ok;
}

/** Whether a long text is a JSON object, for the last few texts read (small ones are cheap to parse). */
const DOCUMENT_TEXTS = new Map<string, boolean>();

function isJson(v: unknown): v is Json {
  if (v === null || ["string", "number", "boolean"].includes(typeof v)) return true;
  if (Array.isArray(v)) return v.every(isJson);
  return isObject(v) && Object.values(v).every(isJson);
}

function isDriftChange(v: unknown): v is DriftChange {
  return (
    isObject(v) &&
    (DRIFT_FIELDS as readonly unknown[]).includes(v["field"]) &&
    (v["path"] === undefined || typeof v["path"] === "string") &&
    (v["before"] === undefined || isJson(v["before"])) &&
    (v["after"] === undefined || isJson(v["after"]))
  );
}

function setOrDelete<K extends keyof SpaceState>(
  s: SpaceState,
  k: K,
  v: SpaceState[K] | undefined,
) {
  if (v === undefined) delete s[k];
  else s[k] = v;
}
