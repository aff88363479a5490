import { type Databricks, lookUpCatalog } from "../provider/client";
import {
  foundByReference,
  type Problem,
  referenceProblems,
  spaceReferences,
  substituteVariables,
  warehouseProblem,
} from "../provider/model";

/**
 * `genie validate --live` for one file: what its document names, looked up in the workspace (the
 * model says what to look for and what the answers mean, the client looks, a few at a time with
 * its retries). `unreachable` when a lookup failed even after the retries: the check could not be
 * made, which the exit code tells apart from a problem found.
 */
export async function liveCheck(
  dbx: Databricks,
  text: string,
  options: { variables?: Record<string, string>; warehouseId?: string },
): Promise<{ problems: Problem[]; unreachable: boolean }> {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return { problems: [], unreachable: false }; // the file's own check reports it
  }
  if (options.variables !== undefined) value = substituteVariables(value, options.variables).value;
  const refs = spaceReferences(value);
  const fromFile = warehouseOf(value);
  const warehouseId = options.warehouseId ?? fromFile;
  const found = await lookUpCatalog(dbx.catalog, {
    tables: refs.filter((r) => r.kind !== "function").map((r) => r.name),
    functions: refs.filter((r) => r.kind === "function").map((r) => r.name),
    warehouseId,
    deadline: dbx.client.now() + dbx.client.policy.maxElapsedMs,
  });
  const problems = referenceProblems(refs, foundByReference(refs, found));
  if (warehouseId !== undefined && found.warehouse !== undefined) {
    const at = options.warehouseId !== undefined ? "--warehouse-id" : "warehouse_id";
    const p = warehouseProblem(warehouseId, found.warehouse, at);
    if (p !== undefined) problems.unshift(p);
  }
  return { problems, unreachable: problems.some((p) => p.rule === "lookup-failed") };
}

/** A file may carry the space's warehouse next to its document (`warehouse_id`). */
function warehouseOf(value: unknown): string | undefined {
  if (typeof value !== "object" || value === null) return undefined;
  const v = (value as Record<string, unknown>)["warehouse_id"];
  return typeof v === "string" && v !== "" ? v : undefined;
}
