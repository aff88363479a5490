import { strict as assert } from "node:assert";
import {
  DEFAULT_RETRY,
  mayHaveBeenCarriedOut,
  parseRetryAfter,
  type RetryFacts,
  retryDelay,
  shouldRetry,
} from "../../provider/client";

const P = {
  ...DEFAULT_RETRY,
  maxAttempts: 4,
  maxElapsedMs: 10_000,
  baseDelayMs: 100,
  maxDelayMs: 1000,
};
const first = (over: Partial<RetryFacts> = {}): RetryFacts => ({
  replayable: true,
  attempt: 1,
  elapsedMs: 0,
  ...over,
});

describe("client: retry policy (pure)", () => {
  it("retries 429, 502, 503, 504 and no-answer for replayable requests", () => {
    for (const status of [429, 502, 503, 504])
      assert.ok(shouldRetry({ status }, first(), P), String(status));
    assert.ok(shouldRetry({ network: "timeout" }, first(), P));
    assert.ok(shouldRetry({ network: "connection" }, first(), P));
  });

  it("does not retry 400, 401, 403, 404, 409, 501, nor a 500 on a write", () => {
    for (const status of [400, 401, 403, 404, 409, 500, 501])
      assert.ok(!shouldRetry({ status }, first(), P), String(status));
  });

  it("retries a 500 on a GET, a bounded number of times", () => {
    assert.equal(P.maxServerErrorRetries, 2);
    assert.ok(shouldRetry({ status: 500 }, first({ read: true, serverErrors: 1 }), P));
    assert.ok(shouldRetry({ status: 500 }, first({ read: true, serverErrors: 2 }), P));
    assert.ok(!shouldRetry({ status: 500 }, first({ read: true, serverErrors: 3 }), P));
  });

  it("retries a create only when the server said it did nothing (429, 503, refused connection)", () => {
    const create = first({ replayable: false });
    assert.ok(shouldRetry({ status: 429 }, create, P));
    assert.ok(shouldRetry({ status: 503 }, create, P));
    assert.ok(shouldRetry({ network: "refused" }, create, P));
    assert.ok(!shouldRetry({ status: 502 }, create, P));
    assert.ok(!shouldRetry({ status: 500 }, create, P));
    assert.ok(!shouldRetry({ network: "timeout" }, create, P));
    assert.ok(!shouldRetry({ network: "connection" }, create, P));
  });

  it("never retries a DNS or TLS failure: it is the configuration, not the moment", () => {
    assert.ok(!shouldRetry({ network: "dns" }, first(), P));
    assert.ok(!shouldRetry({ network: "tls" }, first(), P));
  });

  it("tells which failures may hide a request the server carried out", () => {
    for (const o of [{ status: 500 }, { status: 502 }, { status: 504 }])
      assert.ok(mayHaveBeenCarriedOut(o), JSON.stringify(o));
    assert.ok(mayHaveBeenCarriedOut({ network: "timeout" }));
    assert.ok(mayHaveBeenCarriedOut({ network: "connection" }));
    for (const o of [{ status: 429 }, { status: 503 }, { status: 400 }, { status: 501 }])
      assert.ok(!mayHaveBeenCarriedOut(o), JSON.stringify(o));
    for (const network of ["refused", "dns", "tls"] as const)
      assert.ok(!mayHaveBeenCarriedOut({ network }), network);
  });

  it("stops at the attempt limit and at the time limit", () => {
    assert.ok(!shouldRetry({ status: 503 }, first({ attempt: 4 }), P));
    assert.ok(!shouldRetry({ status: 503 }, first({ elapsedMs: 10_000 }), P));
  });

  it("is bounded by time by default, not by a small count of attempts", () => {
    assert.equal(DEFAULT_RETRY.maxAttempts, Number.POSITIVE_INFINITY);
    assert.equal(DEFAULT_RETRY.maxElapsedMs, 120_000);
    assert.ok(
      shouldRetry({ status: 429 }, first({ attempt: 50, elapsedMs: 60_000 }), DEFAULT_RETRY),
    );
  });

  it("backs off exponentially with jitter, capped", () => {
    assert.equal(retryDelay({ status: 503 }, 1, P, 0), 50);
    assert.equal(retryDelay({ status: 503 }, 1, P, 0.999999) <= 100, true);
    assert.equal(retryDelay({ status: 503 }, 3, P, 0), 200);
    assert.equal(retryDelay({ status: 503 }, 10, P, 1), 1000);
    assert.equal(retryDelay({ status: 503 }, 5000, P, 1), 1000, "no overflow on long runs");
  });

  it("waits at least what Retry-After asks", () => {
    assert.equal(retryDelay({ status: 429, retryAfterSeconds: 7 }, 1, P, 0.5), 7000);
  });

  it("reads Retry-After as seconds or as an HTTP date", () => {
    assert.equal(parseRetryAfter("3", 0), 3);
    assert.equal(parseRetryAfter(new Date(10_000).toUTCString(), 4_000), 6);
    assert.equal(parseRetryAfter("soon", 0), undefined);
    assert.equal(parseRetryAfter(undefined, 0), undefined);
  });
});
