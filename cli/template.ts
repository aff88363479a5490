import { formatProblem } from "../provider/model";
import type { JsonObject } from "../provider/model/json";
import { holdsLiteral, inferVariables, roundTrips, templatize } from "../provider/model/templatize";
import { UsageError } from "./args";

/**
 * The one rule of variables, in every command (docs/cli.md, "Variables"): a file is read with
 * substitution, and written with Spark's own `${...}` escaped as `$${...}`, exactly when it has
 * variables: pairs given with --vars or --templatize, or, for a file that pull and diff compare
 * with the live space, placeholders of catalog or schema names in it (their values inferred).
 * Otherwise every `${...}` and `$${...}` is text, as the space holds it. `undefined` below means
 * "no variables".
 */
export type Variables = Record<string, string> | undefined;

/** Pairs given on the command line: none means no variables. */
export function given(pairs: Record<string, string>): Variables {
  return Object.keys(pairs).length === 0 ? undefined : pairs;
}

/**
 * The live document with `--templatize`'s names put back as placeholders and Spark's `${` escaped,
 * or as it is without variables. Refuses a map the document cannot be templatized with and given
 * back from exactly (provider/model/templatize.ts).
 */
export function templatized(document: JsonObject, variables: Variables): JsonObject {
  if (variables === undefined) return document;
  const t = templatize(document, variables);
  if (t.problems.length > 0)
    throw new UsageError(`--templatize: ${t.problems.map(formatProblem).join("; ")}`);
  if (!roundTrips(document, variables))
    throw new Error("templatizing this document would not give it back: report this as a bug");
  return t.value;
}

/**
 * The variables of a file that is compared with (or rewritten from) a live space, when --vars was
 * not given: the values its placeholders take in the live space, or undefined for a file without
 * placeholders of names. `note` is said to the user when the file holds `$${...}` literals all the
 * same: whether it is deployed with variables the file cannot tell, and --vars can.
 */
export function fileVariables(
  file: string,
  parsed: unknown,
  live: JsonObject,
  note: (text: string) => void,
): Variables {
  const r = inferVariables(parsed, live);
  const unclear = [
    ...r.unresolved.map((n) => `\${${n}} (no live name matches)`),
    ...r.conflicts.map((c) => `\${${c.replace(/ \(/, "} (values ")}`),
  ];
  if (unclear.length > 0)
    throw new UsageError(
      `cannot tell the values of ${unclear.join(", ")} in ${file}: give them with --vars name=value,...`,
    );
  if (Object.keys(r.variables).length > 0) return r.variables;
  if (holdsLiteral(parsed))
    note(
      `${file} holds $\${...} but no placeholder of a name: read as written, without variables; if it is deployed with variables, pass them with --vars`,
    );
  return undefined;
}
