import type { IncomingHttpHeaders } from "node:http";
import type { Clock } from "./clock";
import { ApiError } from "./errors";

/**
 * Faults on demand, per route and per count, and a requests-per-second limit. Rules are matched
 * in the order they were added; each answers `count` matching requests, then is spent.
 */
export type FaultKind =
  | {
      kind: "status";
      status: 429 | 500 | 502 | 503 | 504;
      retryAfterSeconds?: number;
      /** The message repeats the request's headers, as some proxies do (a test of redaction). */
      echoHeaders?: boolean;
    }
  /**
   * The request waits `ms`, then is carried out (its answer may then go to a client that gave up).
   * It goes on when the emulator's clock has moved `ms` or when `ms` of real time have passed,
   * whichever comes first, so a test on a manual clock releases it by advancing the clock.
   */
  | { kind: "delay"; ms: number }
  /** No fault: the request is carried out as usual (with `onMatch`, a hook at that moment). */
  | { kind: "none" }
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
  /**
   * In-process only: runs when the rule fires, before the request is handled (and before the
   * fault acts), e.g. a write by someone else in the middle of ours. Awaited.
   */
  onMatch?: () => unknown;
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
  private held: { until: number; release: () => void }[] = [];

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
  take(method: string, path: string): FaultRule | undefined {
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

  /** Waits out a delay fault: until the clock moved `ms`, or `ms` of real time passed. */
  delay(ms: number, clock: Clock): Promise<void> {
    return new Promise((resolve) => {
      const entry = { until: clock.now() + ms, release: () => undefined as void };
      const timer = setTimeout(() => entry.release(), ms);
      timer.unref();
      entry.release = () => {
        clearTimeout(timer);
        this.held = this.held.filter((h) => h !== entry);
        resolve();
      };
      this.held.push(entry);
    });
  }

  /**
   * Lets every delayed request whose time has come on `clock` go on, and waits until they have
   * been handled, so a request that arrives after a clock advance sees their effects.
   */
  async releaseDue(clock: Clock): Promise<void> {
    const due = this.held.filter((h) => h.until <= clock.now());
    if (due.length === 0) return;
    for (const h of due) h.release();
    await new Promise((r) => setImmediate(r));
  }

  /** The error a status fault answers with. */
  error(fault: Extract<FaultKind, { kind: "status" }>, headers: IncomingHttpHeaders): ApiError {
    const extra: Record<string, string> =
      fault.retryAfterSeconds === undefined
        ? {}
        : { "retry-after": String(fault.retryAfterSeconds) };
    const echo = fault.echoHeaders === true ? ` (request headers: ${JSON.stringify(headers)})` : "";
    return new ApiError(
      fault.status,
      STATUS_CODES[fault.status] ?? "INTERNAL_ERROR",
      `Injected fault: HTTP ${fault.status}${echo}`,
      extra,
    );
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
