import type * as pulumi from "@pulumi/pulumi";
import { ID_PATTERN } from "../model/ids";
import { describe } from "../model/serialize";
import {
  Failures,
  forEngine,
  idMismatch,
  invalidText,
  isUnknown,
  unknownArguments,
} from "./check-values";
import { INVALID_TEXT } from "./invalid-text";

const ARGUMENTS = ["spaceId", "etag", "minAccuracy", "questions", "timeoutSeconds", INVALID_TEXT];
/** Node's timers hold at most 2^31-1 ms. */
const MAX_TIMEOUT_SECONDS = 2_147_483;

/**
 * GenieBenchmarkGate's `check`, a pure function: each failure with its property path, what was
 * found and a fix. Values unknown during preview are accepted (checked again before the update).
 *
 * @example
 * checkGenieBenchmarkGate({ spaceId: "01f0...", etag: "abc", minAccuracy: 80 }).failures
 * // [{ property: "minAccuracy", reason: "minAccuracy is a share from 0 to 1 ... got 80 (fix: ...)" }]
 */
export function checkGenieBenchmarkGate(news: Record<string, unknown>): pulumi.dynamic.CheckResult {
  const failures = new Failures();
  unknownArguments(news, ARGUMENTS, failures);
  invalidText(news[INVALID_TEXT], failures);
  const spaceId = news["spaceId"];
  if (!isUnknown(spaceId)) {
    const why =
      typeof spaceId !== "string" || spaceId === ""
        ? `spaceId is required; got ${describe(spaceId)}`
        : idMismatch(spaceId, 32, ID_PATTERN);
    if (why !== undefined)
      failures.add(
        "spaceId",
        `${why}; expected a Genie space id, 32 lowercase hex digits`,
        "pass the GenieSpace's id (space.id)",
      );
  }
  const etag = news["etag"];
  if (!isUnknown(etag) && (typeof etag !== "string" || etag === ""))
    failures.add(
      "etag",
      `etag is required: the GenieSpace's etag output, which moves when its document changes; got ${describe(etag)}`,
      "pass space.etag",
    );
  const min = news["minAccuracy"];
  if (!isUnknown(min) && !(typeof min === "number" && Number.isFinite(min) && min >= 0 && min <= 1))
    failures.add(
      "minAccuracy",
      `minAccuracy is a share from 0 to 1 (0.8 for 80%); got ${describe(min)}`,
      "write e.g. minAccuracy: 0.8",
    );
  const questions = news["questions"];
  if (questions !== undefined && !isUnknown(questions)) {
    if (!Array.isArray(questions))
      failures.add(
        "questions",
        `questions must be a list of question ids or texts; got ${describe(questions)}`,
        'write questions: ["How many orders?"]',
      );
    else
      questions.forEach((q: unknown, i) => {
        if (!isUnknown(q) && (typeof q !== "string" || q.trim() === ""))
          failures.add(
            `questions[${i}]`,
            `each question is a benchmark question's id or text; got ${describe(q)}`,
            "remove it, or give the question's text",
          );
      });
  }
  const timeout = news["timeoutSeconds"];
  if (
    timeout !== undefined &&
    !isUnknown(timeout) &&
    !(
      typeof timeout === "number" &&
      Number.isFinite(timeout) &&
      timeout >= 1 &&
      timeout <= MAX_TIMEOUT_SECONDS
    )
  )
    failures.add(
      "timeoutSeconds",
      `timeoutSeconds is a number of seconds from 1 to ${MAX_TIMEOUT_SECONDS}; got ${describe(timeout)}`,
      "leave it out for 1800 (half an hour)",
    );
  return { inputs: news, failures: failures.list };
}

/** The provider's entry point (the host awaits it). */
export function check(
  _olds: unknown,
  news: Record<string, unknown>,
): Promise<pulumi.dynamic.CheckResult> {
  return Promise.resolve(forEngine(checkGenieBenchmarkGate(news)));
}
