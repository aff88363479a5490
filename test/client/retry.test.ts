import { strict as assert } from "node:assert";
import { DEFAULT_RETRY, parseRetryAfter, retryDelay, shouldRetry } from "../../provider/client";

const P = {
  ...DEFAULT_RETRY,
  maxAttempts: 4,
  maxElapsedMs: 10_000,
  baseDelayMs: 100,
  maxDelayMs: 1000,
};

describe("client: retry policy (pure)", () => {
  it("retries 429, 502, 503, 504 and no-answer for replayable requests", () => {
    for (const status of [429, 502, 503, 504])
      assert.ok(shouldRetry({ status }, true, 1, 0, P), String(status));
    assert.ok(shouldRetry({ network: "timeout" }, true, 1, 0, P));
    assert.ok(shouldRetry({ network: "connection" }, true, 1, 0, P));
  });

  it("does not retry 400, 401, 403, 404, 409, 500, 501", () => {
    for (const status of [400, 401, 403, 404, 409, 500, 501])
      assert.ok(!shouldRetry({ status }, true, 1, 0, P), String(status));
  });

  it("retries a create only when the server said it did nothing (429, 503)", () => {
    assert.ok(shouldRetry({ status: 429 }, false, 1, 0, P));
    assert.ok(shouldRetry({ status: 503 }, false, 1, 0, P));
    assert.ok(!shouldRetry({ status: 502 }, false, 1, 0, P));
    assert.ok(!shouldRetry({ network: "timeout" }, false, 1, 0, P));
  });

  it("stops at the attempt limit and at the time limit", () => {
    assert.ok(!shouldRetry({ status: 503 }, true, 4, 0, P));
    assert.ok(!shouldRetry({ status: 503 }, true, 1, 10_000, P));
  });

  it("backs off exponentially with jitter, capped", () => {
    assert.equal(retryDelay({ status: 503 }, 1, P, 0), 50);
    assert.equal(retryDelay({ status: 503 }, 1, P, 0.999999) <= 100, true);
    assert.equal(retryDelay({ status: 503 }, 3, P, 0), 200);
    assert.equal(retryDelay({ status: 503 }, 10, P, 1), 1000);
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
