import { isValidId, stableId } from "./ids";
import { formatPath, type Problem, SpaceValidationError } from "./problems";
import { withoutUnsafeKeys } from "./safe-keys";
import type { SerializedSpaceV2 } from "./document";
import { naturalKeyOf, V1_TO_V2_COLUMN_FLAGS } from "./fields";
import { schemas } from "./schemas";
import type { GenieSpaceSpec } from "./spec";
import { type Origins, specToDocument } from "./spec-to-document";
import {
  columnsOf,
  compareKeys,
  forEachText,
  getAt,
  ID_COLLECTIONS,
  isObject,
  type JsonObject,
  listAt,
  serverSortKey,
  TABLE_COLLECTIONS,
} from "./structure";
import { toLines } from "./text";
import { substituteVariables } from "./variables";
import { zodProblems } from "./zod-problems";

export interface ToSerializedSpaceOptions {
  /** Values for `${name}` placeholders. Without it, placeholders are left as they are. */
  variables?: Readonly<Record<string, string>>;
  /**
   * The document as the server last returned it. Items without an id take the id the server
   * gave the item with the same natural key (question text, identifier, ...), so an update edits
   * items in place instead of replacing them.
   */
  previous?: unknown;
}

export interface SerializedSpaceResult {
  /** The wire document: version 2, ids valid and unique, lists sorted, text split per line. */
  document: SerializedSpaceV2;
  /** What was changed on the way (replaced ids); never problems the server would reject. */
  warnings: Problem[];
}

export type { Origins } from "./spec-to-document";

/**
 * Turns a friendly spec, a v1 or v2 document (object or JSON string) into the document the server
 * accepts. Throws {@link SpaceValidationError} listing every problem when the input cannot be read
 * (bad JSON, wrong shape, unknown variable); rules the server enforces on content (limits,
 * duplicates) are reported by `validateSpace`, not here.
 *
 * @example
 * const { document } = toSerializedSpace(
 *   { tables: ["${catalog}.sales.orders"], instructions: "Amounts are in EUR." },
 *   { variables: { catalog: "dev" } },
 * );
 * // document.data_sources.tables[0].identifier === "dev.sales.orders"
 */
export function toSerializedSpace(
  input: GenieSpaceSpec | SerializedSpaceV2 | object | string,
  options: ToSerializedSpaceOptions = {},
): SerializedSpaceResult {
  const converted = convert(input, options);
  if (converted.problems.some((p) => p.severity === "error")) {
    throw new SpaceValidationError("cannot build the Genie space document", converted.problems);
  }
  return {
    document: converted.document as SerializedSpaceV2,
    warnings: converted.problems,
  };
}

/** The pretty-printed JSON string the API takes as `serialized_space` (and GET returns). */
export function serializeSpace(document: SerializedSpaceV2 | object): string {
  return JSON.stringify(document, null, 2) + "\n";
}

export interface Converted {
  document?: JsonObject;
  problems: Problem[];
  origins: Origins;
}

/** The non-throwing core of {@link toSerializedSpace}, shared with `validateSpace`. */
export function convert(
  input: unknown,
  options: ToSerializedSpaceOptions = {},
  // validateSpace keeps the spec's order, so "listed twice" points at the later entry.
  sort = true,
): Converted {
  const origins: Origins = new WeakMap();
  const read = readInput(input);
  if (read.value === undefined || read.problems.length > 0)
    return { problems: read.problems, origins };

  let value = read.value;
  if (options.variables !== undefined) {
    const sub = substituteVariables(value, options.variables);
    if (sub.problems.length > 0) return { problems: sub.problems, origins };
    value = sub.value;
  }

  let doc: JsonObject;
  const problems: Problem[] = [];
  if (looksLikeDocument(value)) {
    const version = versionProblem(value);
    if (version !== undefined) return { problems: [version], origins };
    const parsed = schemas().serializedSpaceSchema.safeParse(value);
    if (!parsed.success) return { problems: zodProblems(parsed.error, ""), origins };
    problems.push(...v2FlagsInV1(parsed.data as JsonObject));
    doc = upgradeToV2(parsed.data as JsonObject);
  } else {
    const parsed = schemas().genieSpaceSpecSchema.safeParse(value);
    if (!parsed.success) return { problems: zodProblems(parsed.error, ""), origins };
    doc = specToDocument(parsed.data as JsonObject, origins);
  }

  finishDocument(doc, options.previous, problems, origins, sort);
  return { document: doc, problems, origins };
}

/**
 * The last steps of {@link convert}, on a document made from a parsed input: text split per line,
 * ids (the previous document's where items match), and the server's order when `sort`.
 */
export function finishDocument(
  doc: JsonObject,
  previous: unknown,
  problems: Problem[],
  origins: Origins,
  sort: boolean,
): void {
  resplitText(doc);
  assignIds(doc, previousIds(previous), problems, origins);
  if (sort) sortLists(doc);
}

/**
 * Strings are JSON documents; objects are deep-copied so the caller's value is never changed.
 * Keys such as `__proto__` are reported (and left out of the copy) rather than lost silently.
 */
export function readInput(input: unknown): { value?: unknown; problems: Problem[] } {
  if (typeof input === "string") {
    let parsed: unknown;
    try {
      parsed = JSON.parse(input);
    } catch (e) {
      return {
        problems: [
          {
            path: "",
            rule: "json",
            message: `not valid JSON: ${(e as Error).message}`,
            fix: "check the file with a JSON linter; serialized_space must be one JSON object",
            severity: "error",
          },
        ],
      };
    }
    // JSON.parse keeps "__proto__" as an own key; the copy leaves it out and reports it.
    return withoutUnsafeKeys(parsed);
  }
  if (!isObject(input)) {
    return {
      problems: [
        {
          path: "",
          rule: "type",
          message: `expected a space spec, a document object or a JSON string, got ${describe(input)}`,
          fix: "pass an object such as { tables: [...] } or the exported serialized_space string",
          severity: "error",
        },
      ],
    };
  }
  return withoutUnsafeKeys(input);
}

/** The server's own words for a wrong version (docs/api-behaviour.md, "The document"). */
export function versionProblem(doc: unknown): Problem | undefined {
  const version = isObject(doc) ? doc["version"] : undefined;
  if (version === 1 || version === 2) return undefined;
  return {
    path: "version",
    rule: "version",
    message: `ExportConverter supports versions 1 and 2, but got ${version === undefined ? 0 : JSON.stringify(version)}`,
    fix:
      version === undefined
        ? 'the document has no "version" field: add "version": 2 (or 1 for an old export; it is upgraded)'
        : 'set "version": 2 (or 1 for an old export; it is upgraded)',
    severity: "error",
  };
}

/** What a value is, for "expected X, got Y" messages: `null`, `nothing (undefined)`, `an array`, `a number`. */
export function describe(value: unknown): string {
  if (value === null) return "null";
  if (value === undefined) return "nothing (undefined)";
  if (Array.isArray(value)) return "an array";
  const type = typeof value;
  return `${/^[aeiou]/.test(type) ? "an" : "a"} ${type}`;
}

/**
 * Version 2 column flags in a version 1 document. The upgrade would have to pick one of two
 * values (or drop one name) behind the user's back, and the server's validator refuses a flag of
 * the other version (docs/api-behaviour.md, "The document"), so it is an error with its path.
 */
function v2FlagsInV1(doc: JsonObject): Problem[] {
  if (doc["version"] !== 1) return [];
  return columnsOf(doc).flatMap(({ column, path }) =>
    Object.entries(V1_TO_V2_COLUMN_FLAGS)
      .filter(([, v2]) => v2 in column)
      .map(([v1, v2]): Problem => {
        const both = v1 in column;
        return {
          path: formatPath([...path, v2]),
          rule: "column-flag-version",
          message: both
            ? `column '${String(column["column_name"])}' carries both '${v1}' (version 1) and '${v2}' (version 2) in a version 1 document; expected only '${v1}'`
            : `'${v2}' is a version 2 column flag in a version 1 document; expected '${v1}'`,
          fix: both
            ? `keep one: drop '${v2}', or set "version": 2 and drop '${v1}'`
            : `rename it to '${v1}', or set "version": 2 and use the version 2 names throughout`,
          severity: "error",
        };
      }),
  );
}

/**
 * v1 -> v2: the server migrates on write and bumps the etag (Databricks CLI bundle engine, 2026).
 * Doing it here means what we send is what the server keeps, so the next read shows no change.
 */
export function upgradeToV2(doc: JsonObject): JsonObject {
  if (doc["version"] !== 1) return doc;
  for (const { column } of columnsOf(doc)) renameFlags(column, V1_TO_V2_COLUMN_FLAGS);
  doc["version"] = 2;
  return doc;
}

/** Renames a column's flags (`from` name -> `to` name); a name already there is kept. */
export function renameFlags(column: JsonObject, renames: Readonly<Record<string, string>>): void {
  for (const [from, to] of Object.entries(renames)) {
    if (from in column) {
      if (!(to in column)) column[to] = column[from];
      delete column[from];
    }
  }
}

function resplit(obj: JsonObject, field: string): void {
  const v = obj[field];
  if (Array.isArray(v) && v.every((s) => typeof s === "string") && !splitPerLine(v))
    obj[field] = toLines(v);
}

/** Pieces `toLines` would give back unchanged: none empty, each a line (text a spec gave is). */
function splitPerLine(pieces: readonly string[]): boolean {
  const last = pieces.length - 1;
  for (let i = 0; i <= last; i++) {
    const p = pieces[i] as string;
    const nl = p.indexOf("\n");
    if (p === "" || (nl !== -1 && nl !== p.length - 1) || (nl === -1 && i !== last)) return false;
  }
  return true;
}

/** The server re-splits text per line on write; sending it that way already changes nothing. */
function resplitText(doc: JsonObject): void {
  forEachText(doc, resplit);
}

/** Natural key -> id, from the document the server last returned. */
function previousIds(previous: unknown): Map<string, string> {
  const ids = new Map<string, string>();
  if (previous === undefined) return ids;
  const read = readInput(previous);
  if (read.value === undefined) return ids;
  for (const c of ID_COLLECTIONS) {
    const seen = new Map<string, number>();
    listAt(read.value, c.path).forEach((item, i) => {
      const key = occurrenceKey(seen, naturalKeyOf(c, item, i));
      if (isValidId(item["id"])) ids.set(`${c.label}\u0000${key}`, item["id"]);
    });
  }
  return ids;
}

/** Two items with the same natural key are told apart by their order of appearance. */
function occurrenceKey(seen: Map<string, number>, key: string): string {
  const n = (seen.get(key) ?? 0) + 1;
  seen.set(key, n);
  return n === 1 ? key : `${key}#${n}`;
}

function assignIds(
  doc: JsonObject,
  previous: Map<string, string>,
  problems: Problem[],
  origins: Origins,
): void {
  const used = new Set<string>();
  const pending: { item: JsonObject; label: string; key: string; where: string; given: unknown }[] =
    [];

  for (const c of ID_COLLECTIONS) {
    const seen = new Map<string, number>();
    listAt(doc, c.path).forEach((item, i) => {
      const key = occurrenceKey(seen, naturalKeyOf(c, item, i));
      const where = origins.get(item) ?? formatPath([...c.path, i]);
      const given = item["id"];
      if (isValidId(given) && !used.has(given)) {
        used.add(given);
      } else {
        pending.push({ item, label: c.label ?? "", key, where, given });
      }
    });
  }

  for (const p of pending) {
    let id = previous.get(`${p.label}\u0000${p.key}`);
    if (id === undefined || used.has(id)) {
      let attempt = 0;
      do id = stableId(p.label, p.key, attempt++);
      while (used.has(id));
    }
    used.add(id);
    if (p.given !== undefined) {
      const duplicate = isValidId(p.given);
      problems.push({
        path: `${p.where}.id`,
        rule: duplicate ? "id-unique" : "id-format",
        message: duplicate
          ? `id '${p.given}' is already used by another item of the space; replaced with '${id}'`
          : `Invalid id for ${p.label}.id: '${String(p.given)}'. Expected lowercase 32-hex UUID; replaced with '${id}'`,
        fix: "leave the id out to get a stable one, or use a unique lowercase 32-hex id",
        severity: "warning",
      });
    }
    // id first, as the server writes it; the object itself is kept (origins are keyed by it).
    const fields = { ...p.item };
    for (const k of Object.keys(p.item)) delete p.item[k];
    Object.assign(p.item, { id }, fields, { id });
  }
}

function sortBy<T>(list: T[], key: (item: T) => string[]): void {
  list.sort((a, b) => compareKeys(key(a), key(b)));
}

/** The server rejects unsorted lists ("data_sources.tables must be sorted by identifier", ...). */
export function sortLists(doc: JsonObject): void {
  for (const c of [...TABLE_COLLECTIONS, ...ID_COLLECTIONS]) {
    const list = getAt(doc, c.path);
    if (!Array.isArray(list)) continue;
    sortBy(list, (item) => (isObject(item) ? serverSortKey(c, item) : [""]));
    for (const f of c.fields) {
      if (f.kind !== "list" || f.wire === undefined || f.sortBy === undefined) continue;
      for (const item of list.filter(isObject)) {
        const sub = item[f.wire];
        const key = { sortBy: f.sortBy };
        if (Array.isArray(sub)) sortBy(sub, (x) => (isObject(x) ? serverSortKey(key, x) : [""]));
      }
    }
  }
}

/**
 * Documents carry `version` and snake_case sections; a spec has neither. `instructions` and
 * `benchmarks` are sections of a document only when they are objects: as a string or a list they
 * are the spec's own (a mistyped spec is then reported in the spec's terms, not as a document
 * without a version).
 */
export function looksLikeDocument(value: unknown): boolean {
  if (typeof value === "string") return true;
  if (value === null || typeof value !== "object" || Array.isArray(value)) return false;
  const record = value as Record<string, unknown>;
  const section = (v: unknown) => typeof v === "object" && v !== null && !Array.isArray(v);
  return (
    ["version", "config", "data_sources"].some((k) => Object.hasOwn(record, k)) ||
    section(record["instructions"]) ||
    section(record["benchmarks"])
  );
}
