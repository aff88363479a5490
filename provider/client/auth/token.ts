/** An access token and when it stops working (epoch ms; undefined for a token that does not expire). */
export interface Token {
  value: string;
  expiresAt?: number;
}

/** When to fetch a new token: a minute early, or at 90% of a short life, so no request carries an expired one. */
export function refreshAt(now: number, expiresAt: number | undefined): number {
  if (expiresAt === undefined) return Number.POSITIVE_INFINITY;
  const life = expiresAt - now;
  return now + Math.max(0, life - 60_000, life * 0.9);
}

/**
 * One token source behind a cache: fetched on first use, reused until `refreshAt`, fetched once
 * for all callers waiting at the same time, forgotten after a 401.
 */
export class CachedToken {
  #token: { value: string; refreshAt: number } | undefined;
  #inFlight: Promise<string> | undefined;

  constructor(
    private readonly fetch: () => Promise<Token>,
    private readonly now: () => number,
    /** Told every token value, so errors can redact it. */
    private readonly seen: (value: string) => void,
  ) {}

  async get(): Promise<string> {
    if (this.#token !== undefined && this.now() < this.#token.refreshAt) return this.#token.value;
    this.#inFlight ??= this.fetch()
      .then((t) => {
        this.seen(t.value);
        this.#token = { value: t.value, refreshAt: refreshAt(this.now(), t.expiresAt) };
        return t.value;
      })
      .finally(() => (this.#inFlight = undefined));
    return this.#inFlight;
  }

  invalidate(): void {
    this.#token = undefined;
  }
}

/**
 * Expiry as the tools print it: RFC 3339 (the Databricks CLI, with nanoseconds), epoch seconds as a
 * number or string (`expires_on` of Azure AD, IMDS and `az` 2.54+), or a local `YYYY-MM-DD HH:MM:SS.ffffff`
 * with no zone (`expiresOn` of `az`, Azure/azure-cli#19700).
 */
export function parseExpiry(raw: unknown): number | undefined {
  if (typeof raw === "number" && Number.isFinite(raw)) return raw * 1000;
  if (typeof raw !== "string" || raw.trim() === "") return undefined;
  const s = raw.trim();
  if (/^\d+$/.test(s)) return Number(s) * 1000;
  // Date.parse takes at most millisecond precision everywhere; cut longer fractions to three digits.
  const m = /^(\d{4}-\d{2}-\d{2})[T ](\d{2}:\d{2}:\d{2})(?:\.(\d+))?(.*)$/.exec(s);
  if (m === null) return undefined;
  const ms = ((m[3] ?? "") + "000").slice(0, 3);
  const t = Date.parse(`${m[1]}T${m[2]}.${ms}${m[4] ?? ""}`);
  return Number.isNaN(t) ? undefined : t;
}

/** `expires_in` is a number from Databricks, a string of digits from Azure AD v1. */
export function expiresIn(raw: unknown, now: number): number | undefined {
  const n = typeof raw === "number" ? raw : typeof raw === "string" ? Number(raw) : Number.NaN;
  return Number.isFinite(n) && n > 0 ? now + n * 1000 : undefined;
}
