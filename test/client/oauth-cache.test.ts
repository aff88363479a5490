import { strict as assert } from "node:assert";
import { databricks, RateLimitedError, UnauthenticatedError } from "../../provider/client";
import { emulator } from "../support/emulator";

const SP_ID = "00000000-0000-4000-8000-00000000c1c0";
const SP_SECRET = "emulator-secret-ci-deployer";

describe("client: a 401 drops the cached OAuth token", () => {
  let t: Awaited<ReturnType<typeof emulator>>;
  beforeEach(async () => (t = await emulator()));
  afterEach(() => t.emu.stop());

  it("a token the server stopped accepting before its time is fetched again on the next call", async () => {
    const now = Date.now(); // the client's clock stands still: by it, the token is still fresh
    const dbx = databricks({
      credentials: {
        host: t.emu.url,
        auth: { kind: "oauth-m2m", clientId: SP_ID, clientSecret: SP_SECRET },
        source: "test credentials",
      },
      retry: { maxAttempts: 1 },
      now: () => now,
    });
    const tokenCalls = () => t.emu.requests.filter((r) => r.path === "/oidc/v1/token").length;
    const list = () => dbx.genie.list()[Symbol.asyncIterator]().next();

    await list();
    assert.equal(tokenCalls(), 1);
    t.clock.advance(3_601_000); // the server's clock moves past the token's hour: it is revoked
    await assert.rejects(list(), UnauthenticatedError);
    assert.equal(tokenCalls(), 1, "the 401 came with the cached token");
    await list();
    assert.equal(tokenCalls(), 2, "after the 401 the next call fetched a new token");
    assert.equal(t.emu.requests.at(-1)?.status, 200);
  });
});

describe("client: the token endpoint's retries are bounded by the client's time budget", () => {
  let t: Awaited<ReturnType<typeof emulator>>;
  beforeEach(async () => (t = await emulator()));
  afterEach(() => t.emu.stop());

  const client = (waits: number[]) =>
    databricks({
      credentials: {
        host: t.emu.url,
        auth: { kind: "oauth-m2m", clientId: SP_ID, clientSecret: SP_SECRET },
        source: "test credentials",
      },
      retry: { maxElapsedMs: 120_000 },
      now: t.clock.now,
      random: () => 0.5,
      sleep: async (ms) => {
        waits.push(ms);
        t.clock.advance(ms);
      },
    });
  const list = (dbx: ReturnType<typeof client>) => dbx.genie.list()[Symbol.asyncIterator]().next();
  const tokenAnswers = () =>
    t.emu.requests.filter((r) => r.path === "/oidc/v1/token").map((r) => r.status);

  it("a 503 from the token endpoint is waited out and asked again", async () => {
    t.emu.addFault({ path: "/oidc/v1/token", kind: "status", status: 503 });
    const waits: number[] = [];
    await list(client(waits));
    assert.deepEqual(tokenAnswers(), [503, 200]);
    assert.equal(waits.length, 1);
  });

  it("a Retry-After longer than the budget fails at once, not after waiting it out", async () => {
    t.emu.addFault({
      path: "/oidc/v1/token",
      kind: "status",
      status: 429,
      retryAfterSeconds: 3600,
    });
    const waits: number[] = [];
    await assert.rejects(list(client(waits)), RateLimitedError);
    assert.deepEqual(waits, [], "no wait of an hour against a two-minute budget");
    assert.deepEqual(tokenAnswers(), [429]);
  });
});
