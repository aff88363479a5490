import type { Problem } from "../model/problems";
import { api } from "./context";
import { containsUnknown, DEPENDENCY_TABLES, type SpaceInputs, UNKNOWN } from "./inputs";
import { liveProblems } from "./live-check";

/**
 * GenieSpace's preflight (docs/genie-space.md, "Preflight"), run by check when the stack config
 * asks for it: what the document names and the warehouse, looked up in the workspace. No request
 * when the document and the warehouse are those of the last check (`olds`, the inputs the engine
 * recorded): a preview of an unchanged stack stays free. Tables whose names are unknown yet, or
 * named by a dependency, are not looked for. A lookup that fails after the client's retries is a
 * problem too: the check could not be made, and the deployment should not go on believing it was.
 */
export async function preflight(olds: unknown, news: SpaceInputs): Promise<Problem[]> {
  const old = (olds ?? {}) as Partial<SpaceInputs>;
  const documentChanged =
    JSON.stringify([old.space, old.serializedSpace, old.variables]) !==
    JSON.stringify([news.space, news.serializedSpace, news.variables]);
  const warehouseChanged = old.warehouseId !== news.warehouseId;
  if (!documentChanged && !warehouseChanged) return [];
  const made = (news as unknown as Record<string, unknown>)[DEPENDENCY_TABLES];
  const names = Array.isArray(made) ? made.filter((n): n is string => typeof n === "string") : [];
  const skip = new Set(names.filter((n) => n !== UNKNOWN).map((n) => n.toLowerCase()));
  try {
    return await liveProblems(api(), documentChanged ? news : { warehouseId: news.warehouseId }, {
      warehouse: warehouseChanged,
      skip: (name) => skip.has(name.toLowerCase()),
      // A dependency whose name is not known yet may be any table: a missing one may be it.
      tablesMayBeMade: containsUnknown(made),
    });
  } catch (e) {
    return [
      {
        path: "",
        rule: "preflight-failed",
        message: `the preflight could not look the space's tables up: ${(e as Error).message}`,
        fix: "check the workspace's credentials and run it again, or set databricks-genie:preflight to false",
        severity: "error",
      },
    ];
  }
}
