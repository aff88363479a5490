import { type Collection, COLLECTIONS, type Field, type SpecForm } from "./fields";
import { specNameCached as specName } from "./field-names";

/**
 * Whether a friendly spec certainly passes the spec's zod schema (schema.ts), answered without zod
 * and from the same field table, so the common case (a valid spec) neither loads zod nor copies
 * the spec through a parse (issue #13). It may say no to a spec the schema accepts: the caller
 * then asks the schema itself, which also says what is wrong. It must never say yes to a spec
 * the schema refuses, so it is stricter where that is simpler (plain objects only, no unknown key
 * even when undefined). The schema has no transforms, so an accepted spec is its own parse.
 */
export function certainlyValidSpec(value: unknown): boolean {
  return SPEC(value);
}

type Check = (v: unknown) => boolean;

const isString: Check = (v) => typeof v === "string";
const isBoolean: Check = (v) => typeof v === "boolean";

function isPlainObject(v: unknown): v is Record<string, unknown> {
  if (typeof v !== "object" || v === null || Array.isArray(v)) return false;
  const proto = Object.getPrototypeOf(v) as unknown;
  return proto === Object.prototype || proto === null;
}

const arrayOf =
  (item: Check): Check =>
  (v) => {
    if (!Array.isArray(v)) return false;
    for (let i = 0; i < v.length; i++) if (!item(v[i])) return false;
    return true;
  };

const either =
  (a: Check, b: Check): Check =>
  (v) =>
    a(v) || b(v);

/** z.strictObject(shape) with `[name, check, optional]` entries. */
function strictObject(entries: readonly [string, Check, boolean][]): Check {
  const byName = new Map(entries.map(([name, check, optional]) => [name, { check, optional }]));
  return (v) => {
    if (!isPlainObject(v)) return false;
    for (const key of Object.keys(v)) if (!byName.has(key)) return false;
    for (const [name, { check, optional }] of byName) {
      const x = v[name];
      if (x === undefined ? !optional : !check(x)) return false;
    }
    return true;
  };
}

function accepts(form: SpecForm): Check {
  const a = form.accepts;
  if (a === "string") return isString;
  if (a === "string-or-list") return either(isString, arrayOf(isString));
  if (a === "join-side")
    return either(
      isString,
      strictObject([
        ["identifier", isString, false],
        ["alias", isString, true],
      ]),
    );
  const values = new Set<unknown>(a);
  return (v) => typeof v === "string" && values.has(v);
}

function specValue(f: Field): Check {
  if (f.form !== undefined) return accepts(f.form);
  switch (f.kind) {
    case "text":
    case "string":
    case "id":
      return isString;
    case "strings":
      return arrayOf(isString);
    case "flag":
      return isBoolean;
    case "object":
      return specObject(f.fields ?? []);
    case "list": {
      if (f.keyedBy === undefined) return arrayOf(specObject(f.fields ?? []));
      const item = specObject((f.fields ?? []).filter((g) => g.wire !== f.keyedBy));
      return (v) => {
        if (!isPlainObject(v)) return false;
        for (const key of Object.keys(v)) if (!item(v[key])) return false;
        return true;
      };
    }
  }
}

/** As schema.ts's specObject: the spec's name of every field, the id last (order is no matter here). */
function specObject(fields: readonly Field[]): Check {
  const entries: [string, Check, boolean][] = [];
  for (const f of fields) {
    const name = specName(f);
    if (name === undefined) continue;
    entries.push([name, specValue(f), f.optional === true]);
  }
  return strictObject(entries);
}

function specItems(c: Collection): Check {
  if (c.single !== undefined) return isString;
  const item = specObject(c.fields);
  return arrayOf(c.shorthand === undefined ? item : either(isString, item));
}

/** As schema.ts's nest with strict objects: every section and collection optional. */
function nest(entries: [readonly string[], Check][]): Check {
  const groups = new Map<string, [readonly string[], Check][]>();
  const leaves: [string, Check, boolean][] = [];
  for (const [path, check] of entries) {
    const [head, ...rest] = path;
    if (head === undefined) continue;
    if (rest.length === 0) leaves.push([head, check, true]);
    else groups.set(head, [...(groups.get(head) ?? []), [rest, check]]);
  }
  for (const [head, group] of groups) leaves.push([head, nest(group), true]);
  return strictObject(leaves);
}

const SPEC: Check = nest(COLLECTIONS.map((c) => [c.spec.split("."), specItems(c)]));
