import { type PollPolicy, waitForEvalRun } from "./eval-poll";
import type { EvalResult, EvalRun, EvalRunsApi } from "./eval-runs";

/**
 * One evaluation of a space's benchmarks, start to end, as the `genie benchmark` command and the
 * GenieBenchmarkGate resource both run it: start a run, wait for it (or a deadline), then read
 * each question's assessment. Accuracy is the share of questions assessed GOOD: NEEDS_REVIEW and
 * questions a failed run never reached count against it, since a gate passes only on evidence.
 */

/** One question of a run and how it went. */
export interface QuestionOutcome {
  questionId: string;
  /** The question as the run saw it. */
  question: string;
  /** GOOD, BAD or NEEDS_REVIEW; absent for a question the run did not reach. */
  assessment?: string;
  /** Why it is not GOOD (EMPTY_RESULT, LLM_JUDGE_...); empty when none were given. */
  reasons: string[];
  /** The question's own status (DONE, or the run's end for one never reached). */
  status?: string;
  resultId: string;
}

/** The score of a run: GOOD out of all questions asked. */
export interface Score {
  correct: number;
  needsReview: number;
  total: number;
  /** correct / total, from 0 to 1 (0 for a run of no questions). */
  accuracy: number;
}

export interface EvalReport extends Score {
  spaceId: string;
  run: EvalRun;
  /** False when the deadline came before the run ended. */
  finished: boolean;
  questions: QuestionOutcome[];
}

/** The score of a list of outcomes; `total` is the run's question count when known. */
export function scoreOf(questions: readonly QuestionOutcome[], total = questions.length): Score {
  const correct = questions.filter((q) => q.assessment === "GOOD").length;
  const needsReview = questions.filter((q) => q.assessment === "NEEDS_REVIEW").length;
  const n = Math.max(total, questions.length);
  return { correct, needsReview, total: n, accuracy: n === 0 ? 0 : correct / n };
}

/** The questions that were not assessed GOOD, in the run's order. */
export function failing(questions: readonly QuestionOutcome[]): QuestionOutcome[] {
  return questions.filter((q) => q.assessment !== "GOOD");
}

/** A question's outcome in a few words: `BAD (EMPTY_RESULT)`, `NEEDS_REVIEW`, `not reached (EVALUATION_FAILED)`. */
export function describeOutcome(q: QuestionOutcome): string {
  if (q.assessment === undefined) return `not reached (${q.status ?? "unknown status"})`;
  return q.reasons.length === 0 ? q.assessment : `${q.assessment} (${q.reasons.join(", ")})`;
}

/**
 * Why a report does not pass, or undefined when it does: a run that did not end, a run that ended
 * in a failure status (named), or accuracy below `minAccuracy` (with the failing questions).
 */
export function verdict(report: EvalReport, minAccuracy: number | undefined): string | undefined {
  const { run } = report;
  const done = `${run.num_done ?? "?"} of ${run.num_questions ?? report.total} questions done`;
  if (!report.finished)
    return `evaluation run ${run.eval_run_id} did not finish in time (still ${run.eval_run_status}, ${done})`;
  if (run.eval_run_status !== "DONE")
    return `evaluation run ${run.eval_run_id} ended ${run.eval_run_status} (${done})`;
  if (minAccuracy !== undefined && report.accuracy < minAccuracy) {
    const list = failing(report.questions)
      .map((q) => `'${q.question}': ${describeOutcome(q)}`)
      .join("; ");
    return `accuracy ${formatAccuracy(report.accuracy, minAccuracy)} (${report.correct} of ${report.total} GOOD) is below the minimum ${formatAccuracy(minAccuracy)}; failing: ${list}`;
  }
  return undefined;
}

/**
 * A share as `--min-accuracy` takes it, two decimals (0.6667 as `0.67`); with `than`, as many more
 * as it takes not to read equal to it (0.7999 against 0.8 as `0.7999`, not `0.80`).
 */
export function formatAccuracy(a: number, than?: number): string {
  for (let digits = 2; digits < 6; digits++)
    if (than === undefined || a === than || a.toFixed(digits) !== than.toFixed(digits))
      return a.toFixed(digits);
  return String(a);
}

export interface EvaluateOptions {
  /** Benchmark question ids; empty or absent: every question. */
  questionIds?: readonly string[];
  /** When to stop waiting, on `now`'s clock. */
  deadline: number;
  now: () => number;
  sleep: (ms: number) => Promise<void>;
  /** Told once the run is started (its id is then known). */
  onStart?: (run: EvalRun) => void;
  onProgress?: (run: EvalRun, elapsedMs: number) => void;
  policy?: PollPolicy;
}

/**
 * Runs the benchmarks of a space and reads every question's outcome.
 *
 * @example
 * const report = await evaluate(dbx.evalRuns, spaceId, { deadline: Date.now() + 1_800_000, now: Date.now, sleep });
 * console.log(verdict(report, 0.8) ?? "passed");
 */
export async function evaluate(
  api: EvalRunsApi,
  spaceId: string,
  options: EvaluateOptions,
): Promise<EvalReport> {
  const started = await api.create(spaceId, options.questionIds ?? []);
  options.onStart?.(started);
  const end = await waitForEvalRun(() => api.get(spaceId, started.eval_run_id), options);
  const questions = await outcomes(api, spaceId, end.run.eval_run_id);
  return {
    spaceId,
    run: end.run,
    finished: end.finished,
    questions,
    ...scoreOf(questions, end.run.num_questions),
  };
}

/** How many result details are read at once: a run has at most 50 questions. */
const PARALLEL_READS = 4;

/** Each question of a run with its assessment (the results list has none: one read per question). */
export async function outcomes(
  api: EvalRunsApi,
  spaceId: string,
  runId: string,
): Promise<QuestionOutcome[]> {
  const listed: EvalResult[] = [];
  for await (const r of api.results(spaceId, runId)) listed.push(r);
  const out: QuestionOutcome[] = new Array(listed.length);
  let next = 0;
  const worker = async () => {
    for (let i = next++; i < listed.length; i = next++) {
      const r = listed[i] as EvalResult;
      const d = await api.result(spaceId, runId, r.result_id);
      out[i] = {
        questionId: r.benchmark_question_id ?? d.benchmark_question_id ?? "",
        question: r.question ?? "",
        ...(d.assessment === undefined ? {} : { assessment: d.assessment }),
        reasons: d.assessment_reasons ?? [],
        ...(r.status === undefined ? {} : { status: r.status }),
        resultId: r.result_id,
      };
    }
  };
  await Promise.all(Array.from({ length: Math.min(PARALLEL_READS, listed.length) }, worker));
  return out;
}
