import type { Core } from "./core";
import { badRequest, notFound } from "./errors";
import { benchmarkItems, judge, type Assessment, type Judged } from "./eval-rule";
import {
  EVAL_STATUSES,
  type EvalStatus,
  progress,
  SCORE_REASONS,
  type StoredEvalQuestion,
  type StoredEvalRun,
  userNumber,
} from "./eval-store";
import { activeSpace, guard } from "./genie";
import { pageOf } from "./paging";
import { type Ctx, fields, type Reply, route, type Route } from "./routes";

/**
 * The evaluation-runs API (Beta) of a space: `POST|GET /api/2.0/genie/spaces/{id}/eval-runs`,
 * `GET .../eval-runs/{run}`, `GET .../eval-runs/{run}/results` and `.../results/{result}`
 * (databricks-sdk-py 0.167.0 `GenieAPI.genie_*_eval_*`; docs/api-behaviour.md, "Evaluation runs").
 * Each question is assessed by the rule of `eval-rule.ts` unless a test scripted it
 * (`POST /__emulator/spaces/{id}/eval-script`, `Emulator.scriptEvalRuns`).
 */

/** What a test makes the next runs of a space do. */
export interface EvalScript {
  /** By question id or question text: the assessment, reasons and SQL Genie "answered". */
  questions?: Record<string, { assessment: Assessment; reasons?: string[]; sql?: string }>;
  /** DONE (the default), a failure status, or RUNNING / NOT_STARTED for a run that never ends. */
  end?: EvalStatus;
  /** Questions done when the run ends as `end` (default: all for DONE, none otherwise). */
  endAfter?: number;
}

/** Checks a script from the admin route; throws a 400 naming the bad field. */
export function checkScript(raw: unknown): EvalScript {
  const s = (typeof raw === "object" && raw !== null ? raw : {}) as EvalScript;
  if (s.end !== undefined && !EVAL_STATUSES.includes(s.end))
    throw badRequest(`end must be one of ${EVAL_STATUSES.join(", ")}, got '${String(s.end)}'`);
  if (s.endAfter !== undefined && !(Number.isInteger(s.endAfter) && s.endAfter >= 0))
    throw badRequest(`endAfter must be a whole number of questions, got '${String(s.endAfter)}'`);
  for (const [key, q] of Object.entries(s.questions ?? {})) {
    if (!["GOOD", "BAD", "NEEDS_REVIEW"].includes(q?.assessment))
      throw badRequest(`questions['${key}'].assessment must be GOOD, BAD or NEEDS_REVIEW`);
    for (const r of q.reasons ?? [])
      if (!SCORE_REASONS.includes(r))
        throw badRequest(
          `questions['${key}'].reasons: '${r}' is not one of ${SCORE_REASONS.join(", ")}`,
        );
  }
  return s;
}

function scripted(script: EvalScript | undefined, id: string, text: string): Judged | undefined {
  const q = script?.questions?.[id] ?? script?.questions?.[text];
  if (q === undefined) return undefined;
  return {
    assessment: q.assessment,
    reasons: q.reasons ?? (q.assessment === "BAD" ? ["LLM_JUDGE_OTHER"] : []),
    actual:
      q.sql === undefined
        ? { response_type: "TEXT", response: "Scripted by the emulator's eval-script route." }
        : { response_type: "SQL", response: q.sql },
  };
}

function create(ctx: Ctx): Reply {
  const { core } = ctx;
  const space = activeSpace(ctx);
  core.require(ctx.identity, space.space_id, "CAN_EDIT", "run its benchmarks");
  const items = benchmarkItems(space.document);
  if (items.length === 0)
    throw badRequest(`Genie space ${space.space_id} has no benchmark questions to evaluate.`);
  const asked = fields(ctx)["benchmark_question_ids"];
  if (asked !== undefined && !(Array.isArray(asked) && asked.every((x) => typeof x === "string")))
    throw badRequest("benchmark_question_ids must be a list of question ids");
  const ids = new Set((asked as string[] | undefined) ?? []);
  for (const id of ids)
    if (!items.some((i) => i.id === id))
      throw badRequest(`Benchmark question ${id} does not exist in Genie space ${space.space_id}.`);
  const script = core.evalScripts.get(space.space_id);
  const questions: StoredEvalQuestion[] = items
    .filter((i) => ids.size === 0 || ids.has(i.id))
    .map((i) => ({
      result_id: core.timeId(),
      benchmark_question_id: i.id,
      question: i.question,
      benchmark_answer: i.sql,
      ...(scripted(script, i.id, i.question) ?? judge(space.document, i)),
    }));
  const end = script?.end ?? "DONE";
  const run: StoredEvalRun = {
    eval_run_id: core.timeId(),
    space_id: space.space_id,
    created: core.clock.now(),
    run_by: ctx.identity.name,
    questions,
    end,
    endAfter: end === "DONE" ? questions.length : (script?.endAfter ?? 0),
    startMs: core.config.evalStartMs,
    questionMs: core.config.evalQuestionMs,
  };
  core.evals.add(run);
  return { body: runView(core, run) };
}

function runView(core: Core, run: StoredEvalRun): Record<string, unknown> {
  const p = progress(run, core.clock.now());
  const done = run.questions.slice(0, p.done);
  return {
    eval_run_id: run.eval_run_id,
    eval_run_status: p.status,
    created_timestamp: run.created,
    last_updated_timestamp: p.updated,
    num_questions: run.questions.length,
    num_done: p.done,
    num_correct: done.filter((q) => q.assessment === "GOOD").length,
    num_needs_review: done.filter((q) => q.assessment === "NEEDS_REVIEW").length,
    run_by_user: userNumber(run.run_by),
  };
}

/** A question's own status: DONE once reached, the run's end for those a failed run never reached. */
function resultStatus(run: StoredEvalRun, index: number, now: number): EvalStatus {
  const p = progress(run, now);
  if (index < p.done) return "DONE";
  if (p.status === "RUNNING") return index === p.done ? "RUNNING" : "NOT_STARTED";
  return p.status === "DONE" ? "DONE" : p.status;
}

function findRun(ctx: Ctx): StoredEvalRun {
  const space = activeSpace(ctx);
  ctx.core.require(ctx.identity, space.space_id, "CAN_EDIT", "read its evaluations");
  const id = ctx.params[1] as string;
  const run = (ctx.core.evals.runs[space.space_id] ?? []).find((r) => r.eval_run_id === id);
  if (run === undefined) throw notFound(`Evaluation run ${id} does not exist.`);
  return run;
}

function list(ctx: Ctx): Reply {
  const space = activeSpace(ctx);
  ctx.core.require(ctx.identity, space.space_id, "CAN_EDIT", "read its evaluations");
  const runs = ctx.core.evals.runs[space.space_id] ?? [];
  const { page, next } = pageOf(ctx.query, runs, (r) => r.eval_run_id, 20);
  return {
    body: {
      eval_runs: page.map((r) => runView(ctx.core, r)),
      ...(next === undefined ? {} : { next_page_token: next }),
    },
  };
}

function results(ctx: Ctx): Reply {
  const run = findRun(ctx);
  const now = ctx.core.clock.now();
  const { page, next } = pageOf(ctx.query, run.questions, (q) => q.result_id, 50);
  return {
    body: {
      eval_results: page.map((q) => ({
        result_id: q.result_id,
        space_id: run.space_id,
        benchmark_question_id: q.benchmark_question_id,
        question: q.question,
        benchmark_answer: q.benchmark_answer,
        created_by_user: userNumber(run.run_by),
        status: resultStatus(run, run.questions.indexOf(q), now),
      })),
      ...(next === undefined ? {} : { next_page_token: next }),
    },
  };
}

function result(ctx: Ctx): Reply {
  const run = findRun(ctx);
  const index = run.questions.findIndex((q) => q.result_id === ctx.params[2]);
  const q = run.questions[index];
  if (q === undefined) throw notFound(`Evaluation result ${String(ctx.params[2])} does not exist.`);
  const now = ctx.core.clock.now();
  const done = resultStatus(run, index, now) === "DONE";
  return {
    body: {
      result_id: q.result_id,
      space_id: run.space_id,
      benchmark_question_id: q.benchmark_question_id,
      eval_run_status: progress(run, now).status,
      expected_response: [{ response: q.benchmark_answer, response_type: "SQL" }],
      manual_assessment: false,
      ...(done
        ? {
            actual_response: [q.actual],
            assessment: q.assessment,
            ...(q.reasons.length > 0 ? { assessment_reasons: q.reasons } : {}),
          }
        : {}),
    },
  };
}

const RUNS = "^/api/2\\.0/genie/spaces/([^/]+)/eval-runs";

export const evalRunRoutes: Route[] = [
  route("POST", new RegExp(`${RUNS}$`), guard(create)),
  route("GET", new RegExp(`${RUNS}$`), guard(list)),
  route(
    "GET",
    new RegExp(`${RUNS}/([^/]+)$`),
    guard((ctx) => ({ body: runView(ctx.core, findRun(ctx)) })),
  ),
  route("GET", new RegExp(`${RUNS}/([^/]+)/results$`), guard(results)),
  route("GET", new RegExp(`${RUNS}/([^/]+)/results/([^/]+)$`), guard(result)),
  route(
    "POST",
    /^\/__emulator\/spaces\/([^/]+)\/eval-script$/,
    (ctx) => {
      ctx.core.evalScripts.set(ctx.params[0] as string, checkScript(ctx.body));
      return { body: {} };
    },
    false,
  ),
  route(
    "DELETE",
    /^\/__emulator\/spaces\/([^/]+)\/eval-script$/,
    (ctx) => (ctx.core.evalScripts.delete(ctx.params[0] as string), { body: {} }),
    false,
  ),
];
