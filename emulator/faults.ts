/**
 * Faults on demand, per route and per count, and a requests-per-second limit. Rules are matched
 * in the order they were added; each answers `count` matching requests, then is spent.
 */
export type FaultKind =
  | { kind: "status"; status: 429 | 500 | 502 | 503 | 504; retryAfterSeconds?: number }
  | { kind: "delay"; ms: number }
  /** The connection is closed with no answer. */
  | { kind: "drop" }
  /** The request is carried out on the server, then the connection is closed with no answer. */
  | { kind: "lost-response" };

export type FaultRule = FaultKind & {
  /** HTTP method; any when left out. */
  method?: string;
  /** Path without the query; `*` matches any run of characters. */
  path: string;
  /** How many requests the rule answers (default 1). */
  count?: number;
};

interface ActiveRule {
  rule: FaultRule;
  pattern: RegExp;
  left: number;
}

export const STATUS_CODES: Record<number, string> = {
  429: "REQUEST_LIMIT_EXCEEDED",
  500: "INTERNAL_ERROR",
  502: "TEMPORARILY_UNAVAILABLE",
  503: "TEMPORARILY_UNAVAILABLE",
  504: "TEMPORARILY_UNAVAILABLE",
};

export class Faults {
  private rules: ActiveRule[] = [];

  add(rule: FaultRule): void {
    const source = rule.path
      .split("*")
      .map((s) => s.replace(/[.+?^${}()|[\]\\]/g, "\\$&"))
      .join(".*");
    this.rules.push({ rule, pattern: new RegExp(`^${source}$`), left: rule.count ?? 1 });
  }

  clear(): void {
    this.rules = [];
  }

  /** The fault for this request, spending one of its uses; undefined when none applies. */
  take(method: string, path: string): FaultKind | undefined {
    const hit = this.rules.find(
      (r) =>
        r.left > 0 &&
        (r.rule.method === undefined || r.rule.method.toUpperCase() === method) &&
        r.pattern.test(path),
    );
    if (hit === undefined) return undefined;
    hit.left--;
    this.rules = this.rules.filter((r) => r.left > 0);
    return hit.rule;
  }
}

/** A sliding one-second window over the emulator's clock. */
export class RateLimiter {
  private stamps: number[] = [];
  perSecond: number | undefined;

  /** True when the request may pass; it is then counted. */
  admit(now: number): boolean {
    if (this.perSecond === undefined) return true;
    this.stamps = this.stamps.filter((t) => t > now - 1000);
    if (this.stamps.length >= this.perSecond) return false;
    this.stamps.push(now);
    return true;
  }

  /** Seconds until a place frees up, rounded up, at least 1: what Retry-After says. */
  retryAfter(now: number): number {
    const oldest = this.stamps[0] ?? now;
    return Math.max(1, Math.ceil((oldest + 1000 - now) / 1000));
  }
}
