import type { Problem } from "./problems";
import { Reporter } from "./report";
import { contentRules } from "./rules-content";
import { documentRules } from "./rules-document";
import { schemas } from "./schemas";
import { convert, looksLikeDocument, readInput, versionProblem } from "./serialize";
import { specListPath } from "./spec-paths";
import type { JsonObject } from "./structure";
import { substituteVariables } from "./variables";
import { zodProblems } from "./zod-problems";

export { LIMITS } from "./rules-content";

export interface ValidationResult {
  /** True when there is no error (warnings allowed). */
  valid: boolean;
  errors: Problem[];
  warnings: Problem[];
}

/**
 * Checks a friendly spec, or a v1 or v2 document (object or JSON string), against every rule the
 * server is known to enforce, and reports every problem at once with its property path, the rule
 * and how to fix it. Never throws, whatever it is given.
 *
 * For a spec, what the model fixes by itself (ids, order, line splitting) is not a problem; for a
 * document, it is what the server would answer were the document sent as it is.
 *
 * @example
 * const { valid, errors } = validateSpace(JSON.parse(fs.readFileSync("space.geniespace.json", "utf8")));
 * for (const e of errors) console.error(`${e.path}: ${e.message} (${e.fix})`);
 */
export function validateSpace(
  value: unknown,
  options: { variables?: Readonly<Record<string, string>> } = {},
): ValidationResult {
  const problems: Problem[] = [];
  try {
    check(value, options, problems);
  } catch (e) {
    problems.push({
      path: "",
      rule: "internal",
      message: `the validator failed on this input (${(e as Error)?.message ?? String(e)})`,
      fix: "report this as a bug of pulumi-databricks-genie, with the input",
      severity: "error",
    });
  }
  const errors = problems.filter((p) => p.severity === "error");
  return {
    valid: errors.length === 0,
    errors,
    warnings: problems.filter((p) => p.severity === "warning"),
  };
}

function check(
  value: unknown,
  options: { variables?: Readonly<Record<string, string>> },
  out: Problem[],
): void {
  const read = readInput(value);
  out.push(...read.problems);
  if (read.value === undefined) return;
  let input = read.value;
  if (options.variables !== undefined) {
    const sub = substituteVariables(input, options.variables);
    out.push(...sub.problems);
    input = sub.value;
  }

  if (!looksLikeDocument(input)) {
    const parsed = schemas().genieSpaceSpecSchema.safeParse(input);
    if (!parsed.success) return void out.push(...zodProblems(parsed.error, ""));
    const converted = convert(parsed.data, {}, false);
    out.push(...converted.problems);
    const found: Problem[] = [];
    if (converted.document !== undefined)
      contentRules(converted.document, new Reporter(converted.origins, found));
    out.push(...found.map((p) => ({ ...p, path: specListPath(p.path) })));
    return;
  }

  const version = versionProblem(input);
  if (version !== undefined) return void out.push(version);
  const parsed = schemas().serializedSpaceSchema.safeParse(input);
  if (!parsed.success) out.push(...zodProblems(parsed.error, ""));
  const reporter = new Reporter(new WeakMap(), out);
  documentRules(input as JsonObject, reporter);
  contentRules(input as JsonObject, reporter);
}
