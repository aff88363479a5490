import type { Databricks } from "../client";
import { lookUpCatalog } from "../client/catalog";
import type { Problem } from "../model/problems";
import {
  foundByReference,
  lookupKey,
  type Reference,
  referenceProblems,
  spaceReferences,
  warehouseProblem,
} from "../model/references";
import { substituteVariables } from "../model/variables";
import { containsUnknown, type SpaceInputs, UNKNOWN } from "./inputs";

/**
 * The live check of a declared space, shared by the preflight (preflight.ts) and the mapping of the
 * server's refusals (refusals.ts): every table, metric view and SQL function its document names
 * exists and the deployer can read it, every column setting names a column of its table, and the
 * warehouse exists; each problem at its property path (`space.tables[1]`, `warehouseId`) with a
 * fix. Values still unknown (made by other resources) are skipped, and so are the names in `skip`.
 */
export async function liveProblems(
  dbx: Databricks,
  inputs: Partial<SpaceInputs>,
  options: {
    warehouse: boolean;
    /** Names made by the same deployment: not looked up. */
    skip?: (name: string) => boolean;
    /** Missing tables are not problems (the deployment may make them). */
    tablesMayBeMade?: boolean;
  },
): Promise<Problem[]> {
  const property = inputs.space !== undefined ? "space" : "serializedSpace";
  const refs = declaredReferences(inputs).filter((r) => options.skip?.(r.name) !== true);
  const warehouseId =
    options.warehouse &&
    typeof inputs.warehouseId === "string" &&
    inputs.warehouseId !== UNKNOWN &&
    inputs.warehouseId !== ""
      ? inputs.warehouseId
      : undefined;
  if (refs.length === 0 && warehouseId === undefined) return [];
  const found = await lookUpCatalog(dbx.catalog, {
    tables: refs.filter((r) => r.kind !== "function").map((r) => r.name),
    functions: refs.filter((r) => r.kind === "function").map((r) => r.name),
    warehouseId,
    deadline: dbx.client.now() + dbx.client.policy.maxElapsedMs,
  });
  const byRef = foundByReference(refs, found);
  if (options.tablesMayBeMade === true)
    for (const r of refs)
      if (r.kind !== "function" && byRef.get(lookupKey(r.kind, r.name))?.state === "missing")
        byRef.delete(lookupKey(r.kind, r.name));
  const problems = referenceProblems(refs, byRef, property);
  const warehouse =
    warehouseId === undefined || found.warehouse === undefined
      ? undefined
      : warehouseProblem(warehouseId, found.warehouse, "warehouseId");
  return warehouse === undefined ? problems : [warehouse, ...problems];
}

/** The references of the declared document, variables substituted where they are known. */
export function declaredReferences(inputs: Partial<SpaceInputs>): Reference[] {
  let value: unknown = inputs.space ?? inputs.serializedSpace;
  if (typeof value === "string") {
    try {
      value = JSON.parse(value);
    } catch {
      return []; // check reports the document itself
    }
  }
  const variables = inputs.variables;
  if (variables !== undefined && !containsUnknown(variables))
    value = substituteVariables(value, variables).value;
  return spaceReferences(value, { isUnknown: (v) => v === UNKNOWN });
}
