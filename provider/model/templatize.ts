import { type Problem } from "./problems";
import { isObject } from "./json";
import { PLACEHOLDER, substituteVariables } from "./variables";

/**
 * The reverse of `substituteVariables` for catalog and schema names: a live document made
 * reusable across environments. `templatize(doc, { catalog: "dev", schema: "sales" })` writes
 * `${catalog}.${schema}.orders` for `dev.sales.orders`, in identifiers and wherever text or SQL
 * names a table, so that `substituteVariables(result, sameMap)` gives the document back exactly.
 *
 * Only whole parts of dotted names of three parts (`catalog.schema.table`) or four
 * (`catalog.schema.table.column`) are rewritten, and only in the catalog and schema positions:
 * `dev_old.sales.orders`, `devices`, `orders.dev` and `a.b.c.d.e` stay as they are. A variable
 * named `catalog` takes the first part only, one named `schema` the second only; any other name
 * takes either. Names compare exactly (Unity Catalog names are case-insensitive, but rewriting
 * `DEV` for `dev` would not give the same text back). Text that already holds `${...}` (Spark SQL
 * variables) is escaped as `$${...}`, which substitution turns back into `${...}`; a `${` whose
 * `}` is on a later line is no placeholder (variables.ts) and stays as it is.
 *
 * @example
 * templatize({ tables: [{ identifier: "dev.sales.orders" }] }, { catalog: "dev" }).value
 * // { tables: [{ identifier: "${catalog}.sales.orders" }] }
 */
export function templatize<T>(
  value: T,
  variables: Readonly<Record<string, string>>,
): { value: T; problems: Problem[] } {
  const problems = checkVariables(variables);
  if (problems.length > 0) return { value, problems };
  return { value: walk(value, (s) => templatizeText(s, variables)) as T, problems };
}

/** `${...}` as a literal, so substitution keeps what was already there (one line: variables.ts). */
const EXISTING = /\$\{[^}\n]*\}/g;
// A sentence's full stop may follow a name; a dot followed by a name start continues it.
const AFTER = "(?![\\w`$]|\\.[A-Za-z_`$])";
const PART = "(?:[A-Za-z_][A-Za-z0-9_]*|`(?:[^`]|``)+`)";
/**
 * A dotted name of 3 or 4 parts, not inside a longer one: nothing name-like, no `$`, `{`, `}`
 * or `.` right before it, and no name character or further part right after.
 */
const DOTTED = new RegExp(`(?<![\\w$.\`{}])${PART}(?:\\.${PART}){2,3}${AFTER}`, "g");
const PART_AT = new RegExp(`^${PART}`);

function templatizeText(text: string, variables: Readonly<Record<string, string>>): string {
  const escaped = text.replace(EXISTING, (m) => `$${m}`);
  // After a `${` with no `}` yet on its line (inside a `$${...}` literal, or one never closed), a
  // placeholder of ours would be read as part of it: substitution would not give the text back.
  const insideBraces = (at: number) => {
    const open = at === 0 ? -1 : escaped.lastIndexOf("${", at - 1);
    return open >= 0 && !/[}\n]/.test(escaped.slice(open, at));
  };
  return escaped.replace(DOTTED, (name: string, at: number) => {
    let partAt = at;
    return splitDotted(name)
      .map((part, i) => {
        const here = partAt;
        partAt += part.length + 1;
        if (i > 1 || insideBraces(here)) return part;
        const quoted = part.startsWith("`");
        const bare = quoted ? part.slice(1, -1).replace(/``/g, "`") : part;
        const variable = variableFor(bare, i, variables);
        if (variable === undefined) return part;
        return quoted ? `\`\${${variable}}\`` : `\${${variable}}`;
      })
      .join(".");
  });
}

function splitDotted(name: string): string[] {
  const parts: string[] = [];
  let rest = name;
  while (rest !== "") {
    const m = PART_AT.exec(rest);
    const part = m?.[0] ?? rest;
    parts.push(part);
    rest = rest.slice(part.length + 1);
  }
  return parts;
}

function variableFor(
  part: string,
  position: number,
  variables: Readonly<Record<string, string>>,
): string | undefined {
  for (const [name, value] of Object.entries(variables)) {
    if (value !== part) continue;
    if (name === "catalog" && position !== 0) continue;
    if (name === "schema" && position !== 1) continue;
    return name;
  }
  return undefined;
}

function checkVariables(variables: Readonly<Record<string, string>>): Problem[] {
  const problems: Problem[] = [];
  const byPosition = new Map<string, string>();
  for (const [name, value] of Object.entries(variables)) {
    const at = `variables.${name}`;
    if (!/^[A-Za-z_][A-Za-z0-9_.-]*$/.test(name))
      problems.push(problem(at, `'${name}' cannot be written as \${name}`, "rename it"));
    if (value === "" || /[.`\s]/.test(value))
      problems.push(
        problem(
          at,
          `'${value}' is not one part of a name (catalog or schema)`,
          "give one catalog or schema name, without dots, backticks or spaces",
        ),
      );
    for (const position of name === "catalog" ? [0] : name === "schema" ? [1] : [0, 1]) {
      const other = byPosition.get(`${position}:${value}`);
      if (other !== undefined)
        problems.push(
          problem(
            at,
            `'${value}' is also the value of ${other}: which placeholder to write cannot be told`,
            "give each variable its own value, or name them catalog and schema",
          ),
        );
      byPosition.set(`${position}:${value}`, name);
    }
  }
  return problems;
}

function problem(path: string, message: string, fix: string): Problem {
  return { path, rule: "templatize", message, fix, severity: "error" };
}

function walk(node: unknown, f: (s: string) => string): unknown {
  if (typeof node === "string") return f(node);
  if (Array.isArray(node)) return node.map((v) => walk(v, f));
  if (isObject(node)) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(node)) out[k] = walk(v, f);
    return out;
  }
  return node;
}

/** The `${name}` placeholders a value holds (not the `$${...}` literals), sorted. */
export function placeholdersIn(value: unknown): string[] {
  const names = new Set<string>();
  walk(value, (s) => {
    for (const m of s.matchAll(PLACEHOLDER)) if (m[1] === "") names.add(m[2] ?? "");
    return s;
  });
  return [...names].sort();
}

/** Whether a value holds a `$${...}` literal: text written for substitution (variables.ts). */
export function holdsLiteral(value: unknown): boolean {
  let found = false;
  walk(value, (s) => {
    for (const m of s.matchAll(PLACEHOLDER)) if (m[1] === "$") found = true;
    return s;
  });
  return found;
}

/**
 * The values a templatized document's placeholders stand for in a live one: each dotted name of
 * the template that holds a placeholder is matched against the live dotted names, and a variable
 * takes the value every match agrees on. Placeholders outside dotted names (Spark SQL's own
 * `${var}`) are not variables of ours and are left out. Variables no string tells, or two strings
 * tell differently, are returned in `unresolved` and `conflicts`.
 *
 * @example
 * inferVariables({ t: ["${catalog}.sales.orders"] }, { t: ["dev.sales.orders"] }).variables
 * // { catalog: "dev" }
 */
export function inferVariables(
  template: unknown,
  live: unknown,
): { variables: Record<string, string>; unresolved: string[]; conflicts: string[] } {
  const wanted = new Set<string>();
  const liveNames = new Set<string>();
  walk(live, (s) => {
    for (const m of s.matchAll(DOTTED)) liveNames.add(m[0]);
    return s;
  });
  const templates = new Map<string, { pattern: RegExp; names: string[] }>();
  walk(template, (s) => {
    for (const m of s.matchAll(TEMPLATED)) {
      const names: string[] = [];
      const pattern = new RegExp(
        `^${m[0]
          .split(/(\$\{[A-Za-z_][A-Za-z0-9_.-]*\})/)
          .map((piece, i) => {
            if (i % 2 === 0) return escapeRegExp(piece);
            names.push(piece.slice(2, -1));
            wanted.add(piece.slice(2, -1));
            return "([^.`]+)";
          })
          .join("")}$`,
      );
      templates.set(m[0], { pattern, names });
    }
    return s;
  });
  // A live name tells only the template names that say the most of it as written: with
  // `${catalog}.${schema}.orders` and `${catalog}.archive.orders` in the template, dev.archive.orders
  // is the second one's, and says nothing of schema.
  const seen = new Map<string, Set<string>>();
  for (const name of liveNames) {
    const hits = [...templates.values()]
      .map((t) => ({ t, hit: t.pattern.exec(name) }))
      .filter((h) => h.hit !== null);
    const fewest = Math.min(...hits.map((h) => h.t.names.length));
    for (const { t, hit } of hits) {
      if (t.names.length !== fewest) continue;
      t.names.forEach((n, i) => {
        const set = seen.get(n) ?? new Set<string>();
        set.add(hit?.[i + 1] ?? "");
        seen.set(n, set);
      });
    }
  }
  const variables: Record<string, string> = {};
  const unresolved: string[] = [];
  const conflicts: string[] = [];
  for (const name of [...wanted].sort()) {
    const values = [...(seen.get(name) ?? [])];
    if (values.length === 1) variables[name] = values[0] as string;
    else if (values.length === 0) unresolved.push(name);
    else conflicts.push(`${name} (${values.sort().join(", ")})`);
  }
  return { variables, unresolved, conflicts };
}

/** A dotted name of the template with at least one placeholder part. */
const TPART = "(?:\\$\\{[A-Za-z_][A-Za-z0-9_.-]*\\}|[A-Za-z_][A-Za-z0-9_]*|`(?:[^`]|``)+`)";
const TEMPLATED = new RegExp(`(?<![\\w$.\`{}])${TPART}(?:\\.${TPART}){2,3}${AFTER}`, "g");

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/** True when `substituteVariables(templatize(x, v), v)` is `x`: the check the CLI relies on. */
export function roundTrips(value: unknown, variables: Readonly<Record<string, string>>): boolean {
  const t = templatize(value, variables);
  if (t.problems.length > 0) return false;
  const back = substituteVariables(t.value, variables);
  return back.problems.length === 0 && JSON.stringify(back.value) === JSON.stringify(value);
}
