/**
 * Retry policy as small pure functions: should this attempt be retried, and how long to wait.
 * Retries are bounded by time (`maxElapsedMs`), not by a small count: a workspace that answers
 * 429 to a burst of 200 creates keeps asking for a wait, and every request must still get through
 * within the budget. Retried: 429 (honouring Retry-After), 502, 503, 504, a refused connection,
 * and requests that got no answer when the request may be replayed. 500 is retried only for a
 * GET, and only `maxServerErrorRetries` times: the service answers 500 for permanent failures too
 * ("INTERNAL_ERROR: Failed to retrieve schema" for a bad document, docs/api-behaviour.md "Errors"), but a read
 * cannot do harm, and a transient 500 on the read-back after a write must not fail the step.
 */
export interface RetryPolicy {
  /** Attempts in all, the first included; unbounded by default (time is the bound). */
  maxAttempts: number;
  /** No retry starts, and no wait runs, past this much time since the first attempt. */
  maxElapsedMs: number;
  baseDelayMs: number;
  maxDelayMs: number;
  /** How many 500 answers a GET may get before the 500 is final. */
  maxServerErrorRetries: number;
  /**
   * After a create whose outcome is unknown finds nothing, how long to keep looking before it is
   * sent again: the server may still be carrying out the first one (a POST held past the client's
   * timeout). Within `maxElapsedMs`.
   */
  settleMs: number;
}

export const DEFAULT_RETRY: RetryPolicy = {
  maxAttempts: Number.POSITIVE_INFINITY,
  maxElapsedMs: 120_000,
  baseDelayMs: 500,
  maxDelayMs: 20_000,
  maxServerErrorRetries: 2,
  settleMs: 15_000,
};

/**
 * What an attempt came to. `network`: no HTTP answer. `refused` (nothing listening) and `dns`,
 * `tls` failures happen before the request reaches the server, so it was certainly not carried
 * out; `timeout` and `connection` (reset, hang-up) may hide a request the server carried out.
 */
export type Outcome =
  | { status: number; retryAfterSeconds?: number }
  | { network: "timeout" | "connection" | "refused" | "dns" | "tls" };

const RETRIED_STATUS = new Set([429, 502, 503, 504]);
/** A request refused with these was not carried out, so even a create may be sent again. */
const NOT_CARRIED_OUT = new Set([429, 503]);

/** What the retry decision needs to know of the request and its history. */
export interface RetryFacts {
  /** May the request be sent again whatever happened (GET, PUT, DELETE, a whole-value PATCH)? */
  replayable: boolean;
  /** The attempt that just failed, from 1. */
  attempt: number;
  elapsedMs: number;
  /** Set for a GET: a 500 may then be retried a few times. */
  read?: boolean;
  /** 500 answers so far, this one included. */
  serverErrors?: number;
}

export function shouldRetry(outcome: Outcome, facts: RetryFacts, policy: RetryPolicy): boolean {
  if (facts.attempt >= policy.maxAttempts || facts.elapsedMs >= policy.maxElapsedMs) return false;
  if ("network" in outcome) {
    if (outcome.network === "refused") return true;
    if (outcome.network === "dns" || outcome.network === "tls") return false;
    return facts.replayable;
  }
  if (outcome.status === 500)
    return facts.read === true && (facts.serverErrors ?? 1) <= policy.maxServerErrorRetries;
  if (!RETRIED_STATUS.has(outcome.status)) return false;
  return facts.replayable || NOT_CARRIED_OUT.has(outcome.status);
}

/** Did the server perhaps carry out a request that failed this way? */
export function mayHaveBeenCarriedOut(outcome: Outcome): boolean {
  if ("network" in outcome)
    return outcome.network === "timeout" || outcome.network === "connection";
  return outcome.status >= 500 && !NOT_CARRIED_OUT.has(outcome.status) && outcome.status !== 501;
}

/**
 * Exponential backoff with jitter (half fixed, half random, so concurrent clients spread out);
 * a Retry-After from the server wins when it asks for longer.
 * @param attempt the attempt that just failed, from 1
 * @param random a number in [0, 1)
 */
export function retryDelay(
  outcome: Outcome,
  attempt: number,
  policy: RetryPolicy,
  random: number,
): number {
  const exp = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** Math.min(attempt - 1, 30));
  const backoff = exp / 2 + (exp / 2) * random;
  const asked =
    "status" in outcome && outcome.retryAfterSeconds !== undefined
      ? outcome.retryAfterSeconds * 1000
      : 0;
  return Math.max(backoff, asked);
}

/** `Retry-After` as seconds: a number of seconds or an HTTP date. */
export function parseRetryAfter(header: string | undefined, nowMs: number): number | undefined {
  if (header === undefined || header.trim() === "") return undefined;
  const seconds = Number(header);
  if (Number.isFinite(seconds) && seconds >= 0) return seconds;
  const date = Date.parse(header);
  return Number.isNaN(date) ? undefined : Math.max(0, (date - nowMs) / 1000);
}

/** What one attempt came to: its value, or why it failed and the error to throw if it is final. */
export type AttemptResult<T> =
  { ok: true; value: T } | { ok: false; outcome: Outcome; error: Error };

/** What the retry loop needs besides the policy; injectable, so tests run it on a manual clock. */
export interface RetryRuntime {
  policy: RetryPolicy;
  now: () => number;
  sleep: (ms: number) => Promise<void>;
  random: () => number;
}

/**
 * The one retry loop every request goes through (the client's API calls and the token endpoints
 * alike): `attempt` runs until it succeeds or its failure is final (`shouldRetry`), and no wait runs
 * past the budget (`maxElapsedMs` from the first attempt, or an earlier `deadline` a caller shares
 * across calls). A Retry-After longer than what is left fails at once rather than holding the
 * deployment. `onRetry` is told of each wait (for debug logs).
 */
export async function withRetries<T>(
  attempt: (n: number) => Promise<AttemptResult<T>>,
  request: { replayable: boolean; read?: boolean; deadline?: number },
  rt: RetryRuntime,
  onRetry?: (wait: number, attempt: number, error: Error, outcome: Outcome) => void,
): Promise<T> {
  const started = rt.now();
  const deadline = Math.min(request.deadline ?? Infinity, started + rt.policy.maxElapsedMs);
  let serverErrors = 0;
  for (let n = 1; ; n++) {
    const result = await attempt(n);
    if (result.ok) return result.value;
    const { outcome, error } = result;
    if ("status" in outcome && outcome.status === 500) serverErrors++;
    const facts = {
      replayable: request.replayable,
      attempt: n,
      elapsedMs: rt.now() - started,
      read: request.read,
      serverErrors,
    };
    if (!shouldRetry(outcome, facts, rt.policy)) throw error;
    const wait = retryDelay(outcome, n, rt.policy, rt.random());
    if (rt.now() + wait > deadline) throw error;
    onRetry?.(wait, n, error, outcome);
    await rt.sleep(wait);
  }
}
