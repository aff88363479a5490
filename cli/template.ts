import { formatProblem } from "../provider/model";
import type { JsonObject } from "../provider/model/json";
import { roundTrips, templatize } from "../provider/model/templatize";
import { UsageError } from "./args";

/**
 * The live document with `--templatize`'s names put back as placeholders. Refuses a map the
 * document cannot be templatized with and given back from exactly (provider/model/templatize.ts).
 */
export function templatized(document: JsonObject, variables: Record<string, string>): JsonObject {
  if (Object.keys(variables).length === 0) return document;
  const t = templatize(document, variables);
  if (t.problems.length > 0)
    throw new UsageError(`--templatize: ${t.problems.map(formatProblem).join("; ")}`);
  if (!roundTrips(document, variables))
    throw new Error("templatizing this document would not give it back: report this as a bug");
  return t.value;
}
