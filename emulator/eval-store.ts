import type { Judged } from "./eval-rule";
import type { Records } from "./records";

/**
 * Evaluation runs of a space's benchmarks (docs/api-behaviour.md, "Evaluation runs"), kept as one
 * record per space (`evals/<space id>.json`). A run's progress is not stored: it follows from the
 * emulator's clock and the run's own timing, so it moves NOT_STARTED -> RUNNING -> DONE (or ends
 * as scripted) without any write, and the same on a manual clock in tests.
 */
export const EVAL_STATUSES = [
  "NOT_STARTED",
  "RUNNING",
  "DONE",
  "EVALUATION_FAILED",
  "EVALUATION_CANCELLED",
  "EVALUATION_TIMEOUT",
] as const;
export type EvalStatus = (typeof EVAL_STATUSES)[number];

/** The reasons the SDKs know (databricks-sdk-py 0.167.0, `ScoreReason`). */
export const SCORE_REASONS = [
  "COLUMN_TYPE_DIFFERENCE",
  "EMPTY_GOOD_SQL",
  "EMPTY_RESULT",
  "RESULT_EXTRA_COLUMNS",
  "RESULT_EXTRA_ROWS",
  "RESULT_MISSING_COLUMNS",
  "RESULT_MISSING_ROWS",
  "SINGLE_CELL_DIFFERENCE",
  "LLM_JUDGE_FORMATTING_ERROR",
  "LLM_JUDGE_INCOMPLETE_OR_PARTIAL_OUTPUT",
  "LLM_JUDGE_INCORRECT_FUNCTION_USAGE",
  "LLM_JUDGE_INCORRECT_METRIC_CALCULATION",
  "LLM_JUDGE_INCORRECT_TABLE_OR_FIELD_USAGE",
  "LLM_JUDGE_INSTRUCTION_COMPLIANCE_OR_MISSING_BUSINESS_LOGIC",
  "LLM_JUDGE_MISINTERPRETATION_OF_USER_REQUEST",
  "LLM_JUDGE_MISSING_OR_INCORRECT_AGGREGATION",
  "LLM_JUDGE_MISSING_OR_INCORRECT_FILTER",
  "LLM_JUDGE_MISSING_OR_INCORRECT_JOIN",
  "LLM_JUDGE_OTHER",
];

export interface StoredEvalQuestion extends Judged {
  result_id: string;
  benchmark_question_id: string;
  /** Snapshots taken when the run was created: later edits of the space do not change a run. */
  question: string;
  benchmark_answer: string;
}

export interface StoredEvalRun {
  eval_run_id: string;
  space_id: string;
  created: number;
  run_by: string;
  questions: StoredEvalQuestion[];
  /** How the run ends: DONE, a failure, or RUNNING / NOT_STARTED for one that never ends. */
  end: EvalStatus;
  /** Questions done when it ends that way (all of them for DONE). */
  endAfter: number;
  startMs: number;
  questionMs: number;
}

/** Where a run is at a moment. */
export interface EvalProgress {
  status: EvalStatus;
  done: number;
  updated: number;
}

/** Runs kept per space, newest first; the oldest go beyond this. */
export const RUNS_KEPT = 100;

export class EvalStore {
  /** space id -> its runs, newest first */
  readonly runs: Record<string, StoredEvalRun[]> = {};

  constructor(private readonly records: Records) {
    records.register("evals/", {
      names: () => Object.keys(this.runs),
      get: (id) => (this.runs[id] === undefined ? undefined : { runs: this.runs[id] }),
      set: (id, value) => {
        const v = value as { runs: StoredEvalRun[] } | undefined;
        if (v === undefined) delete this.runs[id];
        else this.runs[id] = v.runs;
      },
    });
  }

  add(run: StoredEvalRun): void {
    this.records.write(`evals/${run.space_id}`);
    const list = (this.runs[run.space_id] ??= []);
    list.unshift(run);
    list.splice(RUNS_KEPT);
  }
}

/** The run's state at `now`: the questions take `questionMs` each, after `startMs` of waiting. */
export function progress(run: StoredEvalRun, now: number): EvalProgress {
  const n = run.questions.length;
  const started = run.created + run.startMs;
  if (now < started || run.end === "NOT_STARTED")
    return { status: "NOT_STARTED", done: 0, updated: run.created };
  const limit = run.end === "DONE" ? n : Math.min(run.endAfter, n);
  const done = Math.min(limit, Math.floor((now - started) / Math.max(run.questionMs, 1)));
  const updated = started + done * run.questionMs;
  if (done < limit || run.end === "RUNNING") return { status: "RUNNING", done, updated };
  return { status: run.end, done, updated };
}

/** A stable numeric id for a user name: the API's user ids are numbers, the emulator's names. */
export function userNumber(name: string): number {
  let h = 0;
  for (const c of name) h = (h * 31 + (c.codePointAt(0) ?? 0)) % 1_000_000_000_000;
  return 1_000_000_000_000 + h;
}
