/**
 * A problem found in a space document or spec: where it is, which rule it breaks, and how to fix it.
 * Every check of the model reports these instead of throwing, so a user sees all problems at once.
 */
export interface Problem {
  /** Property path, e.g. `data_sources.tables[2].identifier`; `""` for the document itself. */
  path: string;
  /** A short stable name of the rule, e.g. `sorted`, `max-items`, `id-format`. */
  rule: string;
  /** What is wrong, in the server's own words where the server has words for it. */
  message: string;
  /** How to fix it. */
  fix: string;
  severity: "error" | "warning";
}

export type PathSegment = string | number;

/** Renders `["a", 0, "b"]` as `a[0].b`; keys that are not identifiers are quoted: `a["x y"]`. */
export function formatPath(segments: readonly PathSegment[]): string {
  let out = "";
  for (const seg of segments) {
    if (typeof seg === "number") out += `[${seg}]`;
    else if (/^[A-Za-z_][A-Za-z0-9_]*$/.test(seg)) out += out === "" ? seg : `.${seg}`;
    else out += `[${JSON.stringify(seg)}]`;
  }
  return out;
}

export function joinPath(base: string, rest: string): string {
  if (base === "") return rest;
  if (rest === "") return base;
  return rest.startsWith("[") ? base + rest : `${base}.${rest}`;
}

/** One line per problem, as shown in errors and in `pulumi preview`. */
export function formatProblem(p: Problem): string {
  const where = p.path === "" ? "(document)" : p.path;
  return `${p.severity}: ${where}: ${p.message} (fix: ${p.fix})`;
}

/** Thrown by the functions that return a value rather than a list of problems. */
export class SpaceValidationError extends Error {
  readonly problems: readonly Problem[];
  constructor(what: string, problems: readonly Problem[]) {
    super(`${what}:\n${problems.map((p) => "  " + formatProblem(p)).join("\n")}`);
    this.name = "SpaceValidationError";
    this.problems = problems;
  }
}
