/**
 * Retry policy as two small pure functions: should this attempt be retried, and how long to wait.
 * Retried: 429 (honouring Retry-After), 502, 503, 504 and requests that got no answer, when the
 * request may be replayed. 500 is not retried: the service answers it for permanent failures too
 * ("INTERNAL_ERROR: Failed to retrieve schema" for a bad document, reference 001).
 */
export interface RetryPolicy {
  /** Attempts in all, the first included. */
  maxAttempts: number;
  /** No retry starts after this much time since the first attempt. */
  maxElapsedMs: number;
  baseDelayMs: number;
  maxDelayMs: number;
}

export const DEFAULT_RETRY: RetryPolicy = {
  maxAttempts: 6,
  maxElapsedMs: 120_000,
  baseDelayMs: 500,
  maxDelayMs: 20_000,
};

export type Outcome =
  { status: number; retryAfterSeconds?: number } | { network: "timeout" | "connection" };

const RETRIED_STATUS = new Set([429, 502, 503, 504]);
/** A request refused with these was not carried out, so even a create may be sent again. */
const NOT_CARRIED_OUT = new Set([429, 503]);

/**
 * @param replayable true for GET, PUT, DELETE and a PATCH that carries whole values; false for a
 *   create, which is only retried when the server said it did nothing.
 */
export function shouldRetry(
  outcome: Outcome,
  replayable: boolean,
  attempt: number,
  elapsedMs: number,
  policy: RetryPolicy,
): boolean {
  if (attempt >= policy.maxAttempts || elapsedMs >= policy.maxElapsedMs) return false;
  if ("network" in outcome) return replayable;
  if (!RETRIED_STATUS.has(outcome.status)) return false;
  return replayable || NOT_CARRIED_OUT.has(outcome.status);
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
  const exp = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1));
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
