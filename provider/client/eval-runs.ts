import { z } from "zod";
import { DatabricksError } from "./errors";
import { type DatabricksClient, outcomeOf } from "./http";
import { mayHaveBeenCarriedOut } from "./retry";
import { CLOCK_SKEW_MS, UNSYNCED_CLOCK_SKEW_MS } from "./genie";

/**
 * Evaluation runs of a space's benchmarks (Beta): `/api/2.0/genie/spaces/{id}/eval-runs`
 * (docs/api-behaviour.md, "Evaluation runs"; the SDKs' `genie_create_eval_run`,
 * `genie_get_eval_run`, `genie_list_eval_runs`, `genie_list_eval_results`,
 * `genie_get_eval_result_details`). Statuses and reasons are kept as strings: a status or reason
 * the service adds later passes through rather than failing the call.
 */

/** NOT_STARTED, RUNNING, DONE, EVALUATION_FAILED, EVALUATION_CANCELLED, EVALUATION_TIMEOUT. */
export type EvalRunStatus =
  | "NOT_STARTED"
  | "RUNNING"
  | "DONE"
  | "EVALUATION_FAILED"
  | "EVALUATION_CANCELLED"
  | "EVALUATION_TIMEOUT"
  | (string & {});

/** A run as the API answers it. */
export interface EvalRun {
  eval_run_id: string;
  eval_run_status: EvalRunStatus;
  num_questions?: number;
  num_done?: number;
  num_correct?: number;
  num_needs_review?: number;
  /** A user id (a number). */
  run_by_user?: number;
  /** Milliseconds since the epoch. */
  created_timestamp?: number;
  last_updated_timestamp?: number;
  [key: string]: unknown;
}

/** One question of a run, as the results list gives it (no assessment: see the details). */
export interface EvalResult {
  result_id: string;
  benchmark_question_id?: string;
  /** The question as it was when the run started. */
  question?: string;
  benchmark_answer?: string;
  status?: EvalRunStatus;
  [key: string]: unknown;
}

export interface EvalResponse {
  response?: string;
  /** SQL or TEXT. */
  response_type?: string;
  [key: string]: unknown;
}

/** One question's outcome: `assessment` once the question is done. */
export interface EvalResultDetails {
  result_id: string;
  benchmark_question_id?: string;
  /** GOOD, BAD or NEEDS_REVIEW. */
  assessment?: "GOOD" | "BAD" | "NEEDS_REVIEW" | (string & {});
  /** Why it is not GOOD: EMPTY_RESULT, RESULT_MISSING_ROWS, LLM_JUDGE_..., ... */
  assessment_reasons?: string[];
  expected_response?: EvalResponse[];
  actual_response?: EvalResponse[];
  eval_run_status?: EvalRunStatus;
  manual_assessment?: boolean;
  [key: string]: unknown;
}

// int64 values may travel as JSON strings (proto3 JSON mapping): both are read as numbers.
const int = z.union([
  z.number(),
  z
    .string()
    .regex(/^-?\d+$/)
    .transform(Number),
]);
const response = z.looseObject({
  response: z.string().optional(),
  response_type: z.string().optional(),
});
const runSchema: z.ZodType<EvalRun, unknown> = z.looseObject({
  eval_run_id: z.string().min(1),
  eval_run_status: z.string().min(1),
  num_questions: int.optional(),
  num_done: int.optional(),
  num_correct: int.optional(),
  num_needs_review: int.optional(),
  run_by_user: int.optional(),
  created_timestamp: int.optional(),
  last_updated_timestamp: int.optional(),
});
const runsSchema: z.ZodType<{ eval_runs?: EvalRun[]; next_page_token?: string }, unknown> =
  z.looseObject({
    eval_runs: z.array(runSchema).optional(),
    next_page_token: z.string().optional(),
  });
const resultSchema: z.ZodType<EvalResult, unknown> = z.looseObject({
  result_id: z.string().min(1),
  benchmark_question_id: z.string().optional(),
  question: z.string().optional(),
  benchmark_answer: z.string().optional(),
  status: z.string().optional(),
});
const resultsSchema: z.ZodType<{ eval_results?: EvalResult[]; next_page_token?: string }, unknown> =
  z.looseObject({
    eval_results: z.array(resultSchema).optional(),
    next_page_token: z.string().optional(),
  });
const detailsSchema: z.ZodType<EvalResultDetails, unknown> = z.looseObject({
  result_id: z.string().min(1),
  benchmark_question_id: z.string().optional(),
  assessment: z.string().optional(),
  assessment_reasons: z.array(z.string()).optional(),
  expected_response: z.array(response).optional(),
  actual_response: z.array(response).optional(),
  eval_run_status: z.string().optional(),
  manual_assessment: z.boolean().optional(),
});

/** The API's page size limit for lists of runs (docs/api-behaviour.md, "Evaluation runs"). */
export const MAX_EVAL_PAGE_SIZE = 100;

const enc = encodeURIComponent;
const runsPath = (spaceId: string) => `/api/2.0/genie/spaces/${enc(spaceId)}/eval-runs`;

/** Evaluation runs: `/api/2.0/genie/spaces/{id}/eval-runs`. */
export class EvalRunsApi {
  constructor(private readonly client: DatabricksClient) {}

  /**
   * Starts a run of the space's benchmark questions (`questionIds` empty: all of them). A POST
   * refused without being carried out (429, 503, a refused connection) is sent again, as every
   * create is. A POST whose outcome is unknown (no answer, 500, 502, 504) is not sent again at
   * once: the run it may have started is looked for among the space's runs (made since the
   * attempt began, within {@link CLOCK_SKEW_MS}, with as many questions as asked for) and taken;
   * none found within `settleMs`, the POST is sent again, except after a 500, which may be the
   * answer to a request the server will always refuse. Why not simply resend: each run asks
   * Genie every question on the space's warehouse, so a second one costs compute, and it shows in
   * the space's evaluation history; why a lookup is enough: a run is a record, not an object
   * anyone must clean up, so a rare duplicate (two runs started in the same seconds) does no harm.
   *
   * @example
   * const run = await dbx.evalRuns.create(spaceId); // every benchmark question
   */
  async create(spaceId: string, questionIds: readonly string[] = []): Promise<EvalRun> {
    const action = `cannot start an evaluation run of genie space ${spaceId}`;
    const deadline = this.client.now() + this.client.policy.maxElapsedMs;
    for (;;) {
      const began = this.client.now();
      try {
        return await this.client.request({
          method: "POST",
          path: runsPath(spaceId),
          body: { benchmark_question_ids: [...questionIds] },
          action,
          replayable: false,
          schema: runSchema,
          deadline,
        });
      } catch (e) {
        const outcome = outcomeOf(e);
        if (!(e instanceof DatabricksError) || outcome === undefined) throw e;
        if (!mayHaveBeenCarriedOut(outcome)) throw e;
        const once = "status" in outcome && outcome.status === 500;
        const found = await this.findStarted(spaceId, questionIds.length, began, {
          deadline,
          once,
        });
        if (found !== undefined) return found;
        if (once || this.client.now() >= deadline) throw e;
      }
    }
  }

  /** The run a create whose answer was lost started, looked for until `settleMs` has passed. */
  private async findStarted(
    spaceId: string,
    asked: number,
    began: number,
    o: { deadline: number; once: boolean },
  ): Promise<EvalRun | undefined> {
    const policy = this.client.policy;
    const until = Math.min(this.client.now() + (o.once ? 0 : policy.settleMs), o.deadline);
    for (let wait = policy.baseDelayMs; ; wait = Math.min(wait * 2, policy.maxDelayMs)) {
      const serverNow = this.client.serverNow();
      const since =
        serverNow === undefined
          ? began - UNSYNCED_CLOCK_SKEW_MS
          : began + (serverNow - this.client.now()) - CLOCK_SKEW_MS;
      // The newest runs are enough: ours was started moments ago.
      const page = await this.client.request({
        method: "GET",
        path: runsPath(spaceId),
        query: { page_size: MAX_EVAL_PAGE_SIZE },
        action: `cannot look for the evaluation run started on genie space ${spaceId}`,
        replayable: true,
        schema: runsSchema,
        deadline: o.deadline,
      });
      const mine = (page.eval_runs ?? [])
        .filter(
          (r) =>
            (r.created_timestamp ?? 0) >= since &&
            (asked === 0 || r.num_questions === undefined || r.num_questions === asked),
        )
        .sort((a, b) => (a.created_timestamp ?? 0) - (b.created_timestamp ?? 0))[0];
      if (mine !== undefined) return mine;
      const left = until - this.client.now();
      if (left <= 0) return undefined;
      await this.client.sleep(Math.min(wait, left));
    }
  }

  get(spaceId: string, runId: string, options: { deadline?: number } = {}): Promise<EvalRun> {
    return this.client.request({
      method: "GET",
      path: `${runsPath(spaceId)}/${enc(runId)}`,
      action: `cannot read evaluation run ${runId} of genie space ${spaceId}`,
      replayable: true,
      schema: runSchema,
      deadline: options.deadline,
    });
  }

  /** Every run of the space, page by page (`pageSize` at most {@link MAX_EVAL_PAGE_SIZE}). */
  async *list(spaceId: string, options: { pageSize?: number } = {}): AsyncGenerator<EvalRun> {
    let token: string | undefined;
    do {
      const page = await this.client.request({
        method: "GET",
        path: runsPath(spaceId),
        query: {
          page_size: Math.min(options.pageSize ?? MAX_EVAL_PAGE_SIZE, MAX_EVAL_PAGE_SIZE),
          page_token: token,
        },
        action: `cannot list the evaluation runs of genie space ${spaceId}`,
        replayable: true,
        schema: runsSchema,
      });
      yield* page.eval_runs ?? [];
      token = page.next_page_token === "" ? undefined : page.next_page_token;
    } while (token !== undefined);
  }

  /** One result per question of the run, page by page. */
  async *results(
    spaceId: string,
    runId: string,
    options: { pageSize?: number } = {},
  ): AsyncGenerator<EvalResult> {
    let token: string | undefined;
    do {
      const page = await this.client.request({
        method: "GET",
        path: `${runsPath(spaceId)}/${enc(runId)}/results`,
        query: {
          page_size: Math.min(options.pageSize ?? MAX_EVAL_PAGE_SIZE, MAX_EVAL_PAGE_SIZE),
          page_token: token,
        },
        action: `cannot list the results of evaluation run ${runId} of genie space ${spaceId}`,
        replayable: true,
        schema: resultsSchema,
      });
      yield* page.eval_results ?? [];
      token = page.next_page_token === "" ? undefined : page.next_page_token;
    } while (token !== undefined);
  }

  /** A question's assessment, its reasons, and what Genie answered. */
  result(spaceId: string, runId: string, resultId: string): Promise<EvalResultDetails> {
    return this.client.request({
      method: "GET",
      path: `${runsPath(spaceId)}/${enc(runId)}/results/${enc(resultId)}`,
      action: `cannot read result ${resultId} of evaluation run ${runId} of genie space ${spaceId}`,
      replayable: true,
      schema: detailsSchema,
    });
  }
}
