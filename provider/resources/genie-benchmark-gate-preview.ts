import { readGateState, type GateInputs } from "./gate-state";
import { evaluates, changedGateProperties } from "./genie-benchmark-gate-diff";
import { UNKNOWN } from "./inputs";

/*
 * What create and update of a GenieBenchmarkGate answer, known before them (for a host that
 * previews them, the provider plugin): the inputs, and the evaluation's outputs unknown when one
 * will run. No HTTP.
 */

export function previewCreateGate(inputs: GateInputs): Record<string, unknown> {
  return {
    ...inputs,
    evalRunId: UNKNOWN,
    accuracy: UNKNOWN,
    correct: UNKNOWN,
    total: UNKNOWN,
    results: UNKNOWN,
  };
}

export function previewUpdateGate(
  id: string,
  raw: unknown,
  news: GateInputs,
): Record<string, unknown> {
  if (evaluates(changedGateProperties(id, raw, news))) return previewCreateGate(news);
  return { ...readGateState(raw), ...news };
}
