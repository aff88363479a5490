import type * as pulumi from "@pulumi/pulumi";
import { describeOutcome, evaluate, type EvalReport, failing, verdict } from "../client";
import { benchmarkQuestions, listQuestions, questionsNamed } from "../model/benchmarks";
import { isObject, type JsonObject } from "../model/json";
import { api } from "./context";
import { check } from "./genie-benchmark-gate-check";
import { changedGateProperties, diff, evaluates } from "./genie-benchmark-gate-diff";
import {
  DEFAULT_GATE_TIMEOUT_SECONDS,
  type GateInputs,
  type GateState,
  readGateState,
} from "./gate-state";

/**
 * GenieBenchmarkGate's provider: create and update run an evaluation of the space's benchmarks
 * (docs/api-behaviour.md, "Evaluation runs") and fail below `minAccuracy`; read and delete make
 * no request (a run is a record in the space's history: nothing to refresh, nothing to remove).
 */

/** What follows every failure of the gate: what it did not undo, and the ways out. */
const NOT_UNDONE =
  "The space's change is already applied: the gate runs after it and undoes nothing. To roll back, " +
  "revert the change in the program and run `pulumi up` again; to accept the score, lower " +
  "minAccuracy. Until one of them, every `up` evaluates the space again and fails the same way.";

async function questionIds(inputs: GateInputs): Promise<string[]> {
  if (inputs.questions === undefined || inputs.questions.length === 0) return [];
  const live = await api().genie.get(inputs.spaceId, { includeSerializedSpace: true });
  let document: JsonObject = {};
  try {
    const parsed: unknown = JSON.parse(live.serialized_space ?? "{}");
    if (isObject(parsed)) document = parsed;
  } catch {
    // no document to read questions from: every name is unmatched below
  }
  const questions = benchmarkQuestions(document);
  const { ids, unmatched } = questionsNamed(questions, inputs.questions);
  if (unmatched.length > 0)
    throw new Error(
      `GenieBenchmarkGate: questions: ${unmatched.map((u) => `'${u}'`).join(", ")} is no benchmark question of space ${inputs.spaceId}, by id or text (fix: use one of ${questions.length === 0 ? "(the space has none)" : listQuestions(questions)})`,
    );
  return ids;
}

/** Runs the evaluation; throws, naming what failed, when the gate does not pass. */
async function evaluateGate(inputs: GateInputs): Promise<EvalReport> {
  const timeout = (inputs.timeoutSeconds ?? DEFAULT_GATE_TIMEOUT_SECONDS) * 1000;
  const report = await evaluate(api().evalRuns, inputs.spaceId, {
    questionIds: await questionIds(inputs),
    deadline: Date.now() + timeout,
    now: Date.now,
    sleep: (ms) => new Promise((r) => setTimeout(r, ms)),
  });
  judge(inputs, report);
  return report;
}

function judge(
  inputs: GateInputs,
  report: Pick<
    EvalReport,
    "finished" | "run" | "questions" | "accuracy" | "correct" | "total" | "needsReview" | "spaceId"
  >,
): void {
  const why = verdict(report as EvalReport, inputs.minAccuracy);
  if (why === undefined) return;
  const lines = failing(report.questions).map((q) => `  - '${q.question}': ${describeOutcome(q)}`);
  const timedOut = report.finished
    ? ""
    : ` (waited timeoutSeconds: ${inputs.timeoutSeconds ?? DEFAULT_GATE_TIMEOUT_SECONDS})`;
  throw new Error(
    `GenieBenchmarkGate: space ${inputs.spaceId} did not pass its benchmarks: ${why.replace(/; failing: .*$/, "")}${timedOut}` +
      (lines.length > 0 ? `\nfailing questions:\n${lines.join("\n")}` : "") +
      `\n${NOT_UNDONE}`,
  );
}

function state(inputs: GateInputs, report: EvalReport): GateState {
  return {
    ...inputs,
    evalRunId: report.run.eval_run_id,
    accuracy: report.accuracy,
    correct: report.correct,
    total: report.total,
    results: report.questions.map((q) => ({
      questionId: q.questionId,
      question: q.question,
      ...(q.assessment === undefined ? {} : { assessment: q.assessment }),
      reasons: q.reasons,
    })),
  };
}

async function create(inputs: GateInputs): Promise<pulumi.dynamic.CreateResult> {
  const report = await evaluateGate(inputs);
  return { id: `${inputs.spaceId}/benchmark-gate`, outs: state(inputs, report) };
}

async function update(
  id: string,
  raw: unknown,
  news: GateInputs,
): Promise<pulumi.dynamic.UpdateResult> {
  const olds = readGateState(raw);
  if (evaluates(changedGateProperties(id, raw, news)))
    return { outs: state(news, await evaluateGate(news)) };
  // Only the bar or the timeout moved: the evaluation recorded for this document is judged again.
  const recorded = olds as GateState;
  judge(news, {
    spaceId: news.spaceId,
    finished: true,
    run: { eval_run_id: recorded.evalRunId, eval_run_status: "DONE" },
    questions: recorded.results.map((r) => ({ ...r, resultId: "" })),
    accuracy: recorded.accuracy,
    correct: recorded.correct,
    total: recorded.total,
    needsReview: recorded.results.filter((r) => r.assessment === "NEEDS_REVIEW").length,
  });
  return { outs: { ...recorded, ...news } };
}

async function read(id: string, raw: unknown): Promise<pulumi.dynamic.ReadResult> {
  return { id, props: raw as Record<string, unknown> };
}

async function remove(): Promise<void> {
  // An evaluation run stays in the space's history: there is nothing to delete.
}

export const genieBenchmarkGateProvider = { check, diff, create, read, update, delete: remove };
