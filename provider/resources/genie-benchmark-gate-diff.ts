import type * as pulumi from "@pulumi/pulumi";
import { type GateInputs, readGateState } from "./gate-state";
import { containsUnknown } from "./inputs";

/*
 * GenieBenchmarkGate's diff, a pure function (a preview makes no request): the arguments that
 * changed. An evaluation runs at the update only when the space or its document changed
 * (`evaluates`); a new minAccuracy or timeout is judged against the evaluation already recorded.
 */

/** Arguments whose change means a new evaluation. */
const EVALUATED = ["spaceId", "etag", "questions"] as const;

/** The arguments that differ from the state; while values are unknown, those that hold them. */
export function changedGateProperties(_id: string, raw: unknown, news: GateInputs): string[] {
  const olds = readGateState(raw);
  const out: string[] = [];
  for (const k of ["spaceId", "etag", "minAccuracy", "questions", "timeoutSeconds"] as const) {
    const n = news[k];
    if (containsUnknown(n) || JSON.stringify(n) !== JSON.stringify(olds[k])) out.push(k);
  }
  // A state without a recorded evaluation (damaged, or hand-edited) is evaluated again.
  const recorded = [olds.evalRunId, olds.accuracy, olds.correct, olds.total, olds.results];
  if (recorded.includes(undefined)) out.push("evalRunId");
  return out;
}

/** Whether an update with these changes runs a new evaluation. */
export function evaluates(changed: readonly string[]): boolean {
  return changed.some((c) => (EVALUATED as readonly string[]).includes(c) || c === "evalRunId");
}

export function diffGenieBenchmarkGate(
  id: string,
  raw: unknown,
  news: GateInputs,
): pulumi.dynamic.DiffResult {
  return {
    changes: changedGateProperties(id, raw, news).length > 0,
    replaces: [],
    deleteBeforeReplace: false,
  };
}

/** The provider's entry point (the host awaits it). */
export async function diff(id: string, olds: unknown, news: GateInputs) {
  return diffGenieBenchmarkGate(id, olds, news);
}
