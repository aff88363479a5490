import type * as pulumi from "@pulumi/pulumi";
import { ID_PATTERN } from "../model/ids";
import { UNSAFE_KEYS } from "../model/safe-keys";
import { describe } from "../model/serialize";
import {
  Failures,
  forEngine,
  hasControlCharacter,
  invalidText,
  idMismatch,
  isRecord,
  isUnknown,
  shown,
  unknownArguments,
} from "./check-values";
import { PREFLIGHT_KEY } from "./client-options";
import { setting } from "./context";
import { containsUnknown, DEPENDENCY_TABLES, type SpaceInputs } from "./inputs";
import { INVALID_TEXT } from "./invalid-text";
import { checkedDeclaration } from "./verdicts";

/**
 * GenieSpace's `check`, a pure function: it refuses, each with its property path, what was found,
 * what is expected and a fix, everything the server would refuse that can be known without a
 * call. Values other resources will produce are unknown during preview: they are accepted and
 * nothing that depends on them is checked (the real values are checked again before the update).
 *
 * @example
 * checkGenieSpace({ title: "Sales", warehouseId: "a1b2c3d4e5f6071", space: {} }).failures
 * // [{ property: "warehouseId", reason: "\"a1b2c3d4e5f6071\" is 15 characters long; ..." }]
 */
export function checkGenieSpace(news: Record<string, unknown>): pulumi.dynamic.CheckResult {
  const failures = new Failures();
  unknownArguments(news, ARGUMENTS, failures);
  invalidText(news[INVALID_TEXT], failures);
  title(news["title"], failures);
  for (const key of ["description", "adoptSpaceId"] as const) {
    const v = news[key];
    if (v !== undefined && typeof v !== "string")
      failures.add(key, `expected a string, got ${describe(v)}`, FIX[key]);
  }
  warehouseId(news["warehouseId"], failures);
  adoptSpaceId(news["adoptSpaceId"], failures);
  const parentPath = folder(news["parentPath"], failures);
  const variablesOk = variables(news["variables"], failures);
  const documentOk = oneDocument(news, failures);
  // The document is checked whenever it can be, so a missing title does not hide a bad table.
  if (
    documentOk &&
    variablesOk &&
    !containsUnknown(news["space"]) &&
    !containsUnknown(news["serializedSpace"]) &&
    !containsUnknown(news["variables"])
  ) {
    // Remembered: the diff that follows with the same inputs reuses it (verdicts.ts).
    const { problems, property } = checkedDeclaration(news as unknown as SpaceInputs);
    for (const p of problems)
      failures.add(p.path === "" ? property : `${property}.${p.path}`, p.message, p.fix);
  }
  // The server trims the folder; the trimmed value is what is declared, so diffs compare alike.
  const inputs = parentPath === news["parentPath"] ? news : { ...news, parentPath };
  return { inputs, failures: failures.list };
}

/**
 * The provider's entry point (the host awaits it). With `databricks-genie:preflight: true` in the
 * stack config, a space that passes check is looked up in the workspace too (preflight.ts); its
 * modules, and the HTTP client, load only then.
 */
export async function check(
  olds: unknown,
  news: Record<string, unknown>,
): Promise<pulumi.dynamic.CheckResult> {
  const result = checkGenieSpace(news);
  if ((result.failures ?? []).length > 0 || !preflightOn()) return forEngine(result);
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded only when asked for
  const { preflight } = require("./preflight") as typeof import("./preflight");
  const failures = new Failures();
  for (const p of await preflight(olds, result.inputs as SpaceInputs))
    failures.add(p.path, p.message, p.fix);
  return forEngine({ ...result, failures: failures.list });
}

/** Whether the stack config asks for the preflight; a value other than true or false is refused. */
export function preflightOn(): boolean {
  const v = setting(PREFLIGHT_KEY)?.trim().toLowerCase();
  if (v === undefined || v === "false") return false;
  if (v === "true") return true;
  throw new Error(`stack config ${PREFLIGHT_KEY} must be true or false, got ${JSON.stringify(v)}`);
}

const ARGUMENTS = [
  "title",
  "description",
  "warehouseId",
  "parentPath",
  "space",
  "serializedSpace",
  "variables",
  "adoptSpaceId",
  INVALID_TEXT,
  DEPENDENCY_TABLES,
];

const FIX = {
  description: "give the description as text, or leave it out",
  adoptSpaceId: "give the space's id as text, as in its URL .../genie/rooms/<id>, or leave it out",
} as const;

const WAREHOUSE_ID = /^[0-9a-f]{16}$/;

function title(v: unknown, failures: Failures): void {
  if (typeof v === "string" && v.trim() !== "") return;
  failures.add(
    "title",
    `title is required: the space's name in the Genie UI${v === undefined ? "" : `; got ${typeof v === "string" ? shown(v) : describe(v)}`}`,
    'give a non-empty string, e.g. title: "Sales analytics"',
  );
}

function warehouseId(v: unknown, failures: Failures): void {
  const expected =
    "expected the id of a SQL warehouse, 16 lowercase hex digits such as a1b2c3d4e5f60718";
  const fix =
    "copy the id from the warehouse's Connection details (HTTP path /sql/1.0/warehouses/<id>), or pass a databricks.SqlEndpoint's id";
  if (isUnknown(v)) return;
  if (v === undefined || v === "") {
    failures.add(
      "warehouseId",
      "warehouseId is required: the id of the SQL warehouse that runs the space's queries",
      fix,
    );
  } else if (typeof v !== "string") {
    failures.add("warehouseId", `${expected}, got ${describe(v)}`, fix);
  } else {
    const why = idMismatch(v, 16, WAREHOUSE_ID);
    if (why !== undefined) failures.add("warehouseId", `${why}; ${expected}`, fix);
  }
}

function adoptSpaceId(v: unknown, failures: Failures): void {
  if (typeof v !== "string" || v === "" || isUnknown(v)) return;
  const why = idMismatch(v, 32, ID_PATTERN);
  if (why !== undefined)
    failures.add(
      "adoptSpaceId",
      `${why}; expected a Genie space id, 32 lowercase hex digits such as 01f0c3a1b2c3d4e5f60718293a4b5c6d`,
      FIX.adoptSpaceId,
    );
}

/**
 * The folder as the server reads it: trimmed, `/Workspace` taken off (parent_path comes back
 * without it: docs/api-behaviour.md, "Folders"), then every segment a real name. Returns the value to declare (trimmed).
 */
function folder(v: unknown, failures: Failures): unknown {
  if (v === undefined || v === "" || isUnknown(v)) return v;
  const fix =
    "give an absolute workspace folder such as /Workspace/Shared/genie, or leave parentPath out for your home folder";
  if (typeof v !== "string") {
    failures.add("parentPath", `expected a string, got ${describe(v)}`, fix);
    return v;
  }
  const path = v.trim();
  const bad = (why: string) => {
    failures.add("parentPath", `${shown(v)} ${why}`, fix);
    return v;
  };
  if (path === "") return bad("is blank");
  if (hasControlCharacter(path)) return bad("holds a control character");
  if (!path.startsWith("/")) {
    failures.add(
      "parentPath",
      `parentPath must be an absolute workspace folder, starting with /; got ${shown(v)}`,
      fix,
    );
    return v;
  }
  const rest = path === "/Workspace" || path.startsWith("/Workspace/") ? path.slice(10) : path;
  const segments = rest.replace(/\/$/, "").split("/").slice(1);
  if (rest.length > 1 && segments.some((s) => s === ""))
    return bad("has an empty segment (//); expected one / between folder names");
  const dots = segments.find((s) => s === "." || s === "..");
  if (dots !== undefined)
    return bad(`has a '${dots}' segment; expected the folder's own path, without . or ..`);
  return path;
}

function variables(v: unknown, failures: Failures): boolean {
  if (v === undefined || isUnknown(v)) return true;
  const fix = 'map names to strings, e.g. variables: { catalog: "dev" }';
  if (!isRecord(v)) {
    failures.add("variables", `variables must map names to strings; got ${describe(v)}`, fix);
    return false;
  }
  let ok = true;
  for (const [name, value] of Object.entries(v)) {
    const at = `variables.${name}`;
    if (UNSAFE_KEYS.has(name)) {
      failures.add(at, `the key '${name}' is refused: JavaScript treats it specially`, fix);
      ok = false;
    } else if (!/^[A-Za-z_][A-Za-z0-9_.-]*$/.test(name)) {
      failures.add(
        at,
        `variables must map names to strings; ${shown(name)} cannot be written as \${name} (a letter or _ first, then letters, digits, _, . or -)`,
        "rename the variable",
      );
      ok = false;
    } else if (typeof value !== "string") {
      failures.add(at, `variables must map names to strings; got ${describe(value)}`, fix);
      ok = false;
    }
  }
  return ok;
}

/** Exactly one of `space` (an object) or `serializedSpace` (a JSON string or an object). */
function oneDocument(news: Record<string, unknown>, failures: Failures): boolean {
  const space = news["space"];
  const doc = news["serializedSpace"];
  if ((space === undefined) === (doc === undefined)) {
    failures.add(
      space === undefined ? "space" : "serializedSpace",
      "give exactly one of space (the friendly spec) or serializedSpace (a raw document)",
      "keep one of the two",
    );
    return false;
  }
  if (space !== undefined && !isRecord(space) && !isUnknown(space)) {
    failures.add(
      "space",
      `expected the friendly spec, an object such as { tables: ["catalog.schema.table"] }, got ${describe(space)}`,
      "give the spec as an object, or a raw document as serializedSpace",
    );
    return false;
  }
  if (doc !== undefined && typeof doc !== "string" && !isRecord(doc)) {
    failures.add(
      "serializedSpace",
      `expected a document, as a JSON string or an object, got ${describe(doc)}`,
      'give the exported document, e.g. fs.readFileSync("sales.geniespace.json", "utf8")',
    );
    return false;
  }
  return true;
}
