import type { EvalRun, EvalRunStatus } from "./eval-runs";

/**
 * Waiting for an evaluation run to end, as small pure functions and one loop whose clock, sleep
 * and poll are injected (tests run it on the emulator's manual clock). A run takes about as many
 * Genie answers as it has questions, so minutes: the poll starts often and slows down while
 * nothing moves, and speeds up again when a question is done.
 */

/** The statuses a run ends in (docs/api-behaviour.md, "Evaluation runs"). */
export const TERMINAL_EVAL_STATUSES: readonly EvalRunStatus[] = [
  "DONE",
  "EVALUATION_FAILED",
  "EVALUATION_CANCELLED",
  "EVALUATION_TIMEOUT",
];

/** Whether a run in this status will change no more. An unknown status is taken as not ended: the deadline bounds the wait. */
export function isTerminal(status: EvalRunStatus): boolean {
  return TERMINAL_EVAL_STATUSES.includes(status);
}

export interface PollPolicy {
  /** The wait before the second poll, and again after a poll that saw progress. */
  firstDelayMs: number;
  /** The longest wait between two polls. */
  maxDelayMs: number;
  /** How much longer each wait is than the one before, while nothing moves. */
  factor: number;
}

export const DEFAULT_POLL: PollPolicy = { firstDelayMs: 1_000, maxDelayMs: 10_000, factor: 1.5 };

/**
 * The wait before the next poll: back to the first delay when the run moved, else the previous
 * wait grown by `factor`, capped, and never past what is left before the deadline.
 * @param previousMs the last wait (0 before any)
 * @param leftMs time left before the deadline
 */
export function nextPollDelay(
  previousMs: number,
  moved: boolean,
  leftMs: number,
  policy: PollPolicy = DEFAULT_POLL,
): number {
  const grown =
    moved || previousMs <= 0
      ? policy.firstDelayMs
      : Math.min(policy.maxDelayMs, previousMs * policy.factor);
  return Math.max(0, Math.min(grown, leftMs));
}

/** Whether a run moved between two polls (status or questions done). */
export function moved(before: EvalRun | undefined, after: EvalRun): boolean {
  return (
    before === undefined ||
    before.eval_run_status !== after.eval_run_status ||
    (before.num_done ?? 0) !== (after.num_done ?? 0)
  );
}

export interface WaitOptions {
  /** When to stop waiting, on `now`'s clock. */
  deadline: number;
  now: () => number;
  sleep: (ms: number) => Promise<void>;
  /** Told of every poll's answer and the time since the wait began. */
  onProgress?: (run: EvalRun, elapsedMs: number) => void;
  policy?: PollPolicy;
}

/** How the wait ended: the run ended (`finished`), or the deadline came first (the last run seen). */
export type WaitOutcome = { finished: true; run: EvalRun } | { finished: false; run: EvalRun };

/**
 * Polls until the run is in a terminal status or the deadline passes. `poll` reads the run (the
 * client's GET, which retries 429, 5xx and lost answers on its own); its failure ends the wait.
 *
 * @example
 * const end = await waitForEvalRun(() => dbx.evalRuns.get(spaceId, run.eval_run_id), {
 *   deadline: Date.now() + 600_000, now: Date.now, sleep: (ms) => new Promise((r) => setTimeout(r, ms)),
 * });
 */
export async function waitForEvalRun(
  poll: () => Promise<EvalRun>,
  options: WaitOptions,
): Promise<WaitOutcome> {
  const started = options.now();
  let last: EvalRun | undefined;
  let wait = 0;
  for (;;) {
    const run = await poll();
    options.onProgress?.(run, options.now() - started);
    if (isTerminal(run.eval_run_status)) return { finished: true, run };
    const left = options.deadline - options.now();
    if (left <= 0) return { finished: false, run };
    wait = nextPollDelay(wait, moved(last, run), left, options.policy);
    last = run;
    await options.sleep(wait);
  }
}
