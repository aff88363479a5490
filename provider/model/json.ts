import { joinLines } from "./text";

/** JSON values and the few ways the model reads them without trusting their shape. */
export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
export type JsonObject = { [key: string]: unknown };

export function isObject(value: unknown): value is JsonObject {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Text as a person reads it: pieces joined; anything else as its JSON. */
export function textOf(value: unknown): string {
  if (Array.isArray(value) && value.every((v) => typeof v === "string")) return joinLines(value);
  if (typeof value === "string") return value;
  return value === undefined ? "" : JSON.stringify(value);
}

export function getAt(doc: unknown, path: readonly string[]): unknown {
  let cur = doc;
  for (const seg of path) {
    if (!isObject(cur)) return undefined;
    cur = cur[seg];
  }
  return cur;
}

/** The list at `path` when it is an array of objects (anything else is the schema's business). */
export function listAt(doc: unknown, path: readonly string[]): JsonObject[] {
  const value = getAt(doc, path);
  return Array.isArray(value) ? value.filter(isObject) : [];
}
