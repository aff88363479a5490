import { type Field, specName } from "./fields";

/**
 * Lookups derived from the field table (fields.ts), computed once per field rather than on every
 * item of every document: a spec's name of a field was a regular expression replacement per field
 * per item (issue #13).
 */
const SPEC_NAMES = new WeakMap<Field, string | undefined>();

/** `specName(field)`, remembered. */
export function specNameCached(field: Field): string | undefined {
  if (SPEC_NAMES.has(field)) return SPEC_NAMES.get(field);
  const name = specName(field);
  SPEC_NAMES.set(field, name);
  return name;
}
