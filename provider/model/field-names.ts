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

const BESIDES = new WeakMap<Field, Map<string, readonly Field[]>>();

/** The nested fields of `field` but the one named `wire` (a keyed list's items, without the key). */
export function fieldsBesides(field: Field, wire: string): readonly Field[] {
  let byWire = BESIDES.get(field);
  if (byWire === undefined) BESIDES.set(field, (byWire = new Map()));
  let fields = byWire.get(wire);
  if (fields === undefined)
    byWire.set(wire, (fields = (field.fields ?? []).filter((g) => g.wire !== wire)));
  return fields;
}
