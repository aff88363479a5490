import { isObject } from "../model/structure";
import type { GateQuestionResult } from "./genie-benchmark-gate";

/**
 * A GenieBenchmarkGate's inputs and state, read defensively: the state records a past evaluation,
 * which nothing else needs, so a field that cannot be read never stops a deployment; at worst the
 * gate evaluates again. Pure functions, no I/O.
 */
export interface GateInputs {
  spaceId: string;
  etag: string;
  minAccuracy: number;
  questions?: string[];
  timeoutSeconds?: number;
}

export interface GateState extends GateInputs {
  evalRunId: string;
  accuracy: number;
  correct: number;
  total: number;
  results: GateQuestionResult[];
}

/** The default of `timeoutSeconds`: half an hour for at most 50 questions. */
export const DEFAULT_GATE_TIMEOUT_SECONDS = 1800;

/** The state's fields, where readable; what is not comes back undefined (diff then evaluates again). */
export function readGateState(raw: unknown): Partial<GateState> {
  const o = isObject(raw) ? (raw as Record<string, unknown>) : {};
  const str = (k: string) => (typeof o[k] === "string" ? (o[k] as string) : undefined);
  const num = (k: string) =>
    typeof o[k] === "number" && Number.isFinite(o[k]) ? (o[k] as number) : undefined;
  const questions = o["questions"];
  const results = o["results"];
  return {
    spaceId: str("spaceId"),
    etag: str("etag"),
    minAccuracy: num("minAccuracy"),
    ...(Array.isArray(questions) && questions.every((q) => typeof q === "string")
      ? { questions: questions as string[] }
      : {}),
    timeoutSeconds: num("timeoutSeconds"),
    evalRunId: str("evalRunId"),
    accuracy: num("accuracy"),
    correct: num("correct"),
    total: num("total"),
    ...(Array.isArray(results) ? { results: results as GateQuestionResult[] } : {}),
  };
}
