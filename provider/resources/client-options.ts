import type { ClientOptions } from "../client";

/**
 * Stack config keys that tune the client's time budget (all optional, in milliseconds):
 * `databricks-genie:timeoutMs` (each request, default 60 s), `databricks-genie:retryMaxElapsedMs`
 * (all the retries of one call, default 120 s), `databricks-genie:retryBaseDelayMs` (first
 * backoff, default 0.5 s), `databricks-genie:retryMaxDelayMs` (longest backoff, default 20 s) and
 * `databricks-genie:createSettleMs` (how long a create whose answer was lost keeps looking for the
 * space it may have made before it is sent again, default 15 s). Tests set them small; a slow
 * workspace may want them larger.
 */
export const TUNING_KEYS = {
  timeoutMs: "databricks-genie:timeoutMs",
  maxElapsedMs: "databricks-genie:retryMaxElapsedMs",
  baseDelayMs: "databricks-genie:retryBaseDelayMs",
  maxDelayMs: "databricks-genie:retryMaxDelayMs",
  settleMs: "databricks-genie:createSettleMs",
} as const;

/**
 * The stack config key that turns GenieSpace's preflight on (`true`; docs/genie-space.md,
 * "Preflight"): check then looks the space's tables, functions and warehouse up in the workspace.
 */
export const PREFLIGHT_KEY = "databricks-genie:preflight";

/** The client options the stack config asks for; a value that is not a number of ms is an error. */
export function tuningFrom(get: (key: string) => string | undefined): Partial<ClientOptions> {
  const ms = (key: string): number | undefined => {
    const raw = get(key);
    if (raw === undefined || raw.trim() === "") return undefined;
    const n = Number(raw);
    if (!Number.isFinite(n) || n < 0)
      throw new Error(
        `stack config ${key} must be a number of milliseconds (e.g. 30000), got ${JSON.stringify(raw)}`,
      );
    return n;
  };
  const retry: NonNullable<ClientOptions["retry"]> = {};
  for (const k of ["maxElapsedMs", "baseDelayMs", "maxDelayMs", "settleMs"] as const) {
    const v = ms(TUNING_KEYS[k]);
    if (v !== undefined) retry[k] = v;
  }
  const timeoutMs = ms(TUNING_KEYS.timeoutMs);
  return { ...(timeoutMs === undefined ? {} : { timeoutMs }), retry };
}
