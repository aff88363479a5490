import { strict as assert } from "node:assert";
import {
  CreateOutcomeUnknownError,
  databricks,
  type Databricks,
  NetworkError,
  PermissionDeniedError,
} from "../../provider/client";
import { canonicalHash } from "../../provider/resources/inputs";
import { emulator, WAREHOUSE } from "../support/emulator";
import { fixtureText } from "../support/fixtures";
import { VirtualTime } from "../support/virtual-time";

type Emu = Awaited<ReturnType<typeof emulator>>;
const SPACES = "/api/2.0/genie/spaces";
const DOC = () => fixtureText("server_export.v2.geniespace.json");
const OTHER_DOC = JSON.stringify({
  version: 2,
  data_sources: { tables: [{ identifier: "dev.sales.customers" }] },
});
const sameDocument = (a: string, b: string) => canonicalHash(a) === canonicalHash(b);

/** A client on the emulator's manual clock: its waits move the clock instead of sleeping. */
function clientFor(
  t: Emu,
  options: { timeoutMs?: number; settleMs?: number; maxElapsedMs?: number } = {},
  vt = new VirtualTime(t.clock),
): Databricks {
  return databricks({
    credentials: { host: t.emu.url, auth: { kind: "pat", token: t.emu.token }, source: "test" },
    timeoutMs: options.timeoutMs ?? 5_000,
    retry: {
      maxElapsedMs: options.maxElapsedMs ?? 120_000,
      ...(options.settleMs === undefined ? {} : { settleMs: options.settleMs }),
    },
    sleep: vt.sleep,
    now: vt.now,
    random: () => 0.5,
  });
}

const create = (dbx: Databricks, extra: Record<string, string> = {}) =>
  dbx.genie.create(
    { warehouse_id: WAREHOUSE, serialized_space: DOC(), title: "Sales", ...extra },
    { sameDocument },
  );

/** Every space the emulator holds that is not in the trash. */
async function liveSpaces(t: Emu): Promise<{ space_id: string; title: string }[]> {
  const out: { space_id: string; title: string }[] = [];
  let token = "";
  do {
    const res = await t.call("GET", `${SPACES}?page_size=100&page_token=${token}`);
    assert.equal(res.status, 200);
    out.push(...((res.body["spaces"] ?? []) as { space_id: string; title: string }[]));
    token = String(res.body["next_page_token"] ?? "");
  } while (token !== "");
  return out;
}
const posts = (t: Emu) => t.emu.requests.filter((r) => r.method === "POST" && r.path === SPACES);

/** A small seeded generator (mulberry32), so the burst's jitter is the same on every run. */
function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let x = Math.imul(a ^ (a >>> 15), 1 | a);
    x = (x + Math.imul(x ^ (x >>> 7), 61 | x)) ^ x;
    return ((x ^ (x >>> 14)) >>> 0) / 4294967296;
  };
}

/** Another team makes a space (the analyst), as the hook of a fault fires. */
const decoy = (t: Emu, fields: Record<string, unknown>) => async () => {
  const res = await t.call(
    "POST",
    SPACES,
    { warehouse_id: WAREHOUSE, title: "Sales", serialized_space: OTHER_DOC, ...fields },
    "emulator-token-analyst",
  );
  assert.equal(res.status, 200, JSON.stringify(res.body));
  decoys.push(String(res.body["space_id"]));
};
let decoys: string[] = [];

describe("client: a create with an unknown outcome never duplicates and never takes another's space", () => {
  let t: Emu;
  beforeEach(async () => {
    t = await emulator();
    decoys = [];
  });
  afterEach(() => t.emu.stop());

  const hijackCases: [string, Record<string, unknown>, Record<string, string>][] = [
    [
      "same title and folder, another document",
      { parent_path: "/Shared" },
      { parent_path: "/Workspace/Shared" },
    ],
    ["same title, no folder declared (ours is the caller's home)", { parent_path: "/Shared" }, {}],
    [
      "same title, folder and document, another warehouse",
      { parent_path: "/Shared", serialized_space: DOC(), warehouse_id: "b2c3d4e5f6071829" },
      { parent_path: "/Shared" },
    ],
    [
      "same title, folder and document, another description",
      { parent_path: "/Shared", serialized_space: DOC(), description: "theirs" },
      { parent_path: "/Shared" },
    ],
  ];
  for (const [what, theirs, ours] of hijackCases) {
    it(`a POST reset before the server acts does not take a space made meanwhile by someone else: ${what}`, async () => {
      const dbx = clientFor(t);
      t.emu.addFault({ kind: "drop", method: "POST", path: SPACES, onMatch: decoy(t, theirs) });
      const made = await create(dbx, ours);
      assert.equal(decoys.length, 1);
      assert.notEqual(made.space_id, decoys[0], "hijacked");
      assert.equal((await liveSpaces(t)).length, 2, "theirs and ours, nothing more");
      assert.equal(posts(t).length, 3, "ours (reset), theirs, ours again after the lookups");
    });
  }

  it("a space with the same everything made before the attempt began is not taken (created-after bound)", async () => {
    const dbx = clientFor(t);
    const old = await create(dbx);
    t.clock.advance(60_000);
    t.emu.addFault({ kind: "drop", method: "POST", path: SPACES });
    const made = await create(dbx);
    assert.notEqual(made.space_id, old.space_id);
    assert.equal((await liveSpaces(t)).length, 2);
  });

  it("the answer lost after the server acted: the space is found by everything it sent and returned; one POST", async () => {
    const dbx = clientFor(t);
    t.emu.addFault({ kind: "lost-response", method: "POST", path: SPACES });
    const made = await create(dbx, { parent_path: "/Workspace/Shared/Genie", description: "d" });
    assert.equal(made.parent_path, "/Shared/Genie");
    assert.equal(typeof made.serialized_space, "string");
    assert.equal((await liveSpaces(t)).length, 1);
    assert.equal(posts(t).length, 1);
  });

  it("a POST the server carries out after the client's timeout is found, not made a second time", async () => {
    // The POST is held until the emulator's clock moves 10 s; the client gives up after 300 ms of
    // real time, then keeps looking (its waits move the clock, which lets the held POST through).
    const dbx = clientFor(t, { timeoutMs: 300, settleMs: 30_000 });
    t.emu.addFault({ kind: "delay", ms: 10_000, method: "POST", path: SPACES });
    const made = await create(dbx);
    assert.equal((await liveSpaces(t)).length, 1, "one space");
    assert.equal(posts(t).length, 1, "one POST");
    assert.equal((await liveSpaces(t))[0]?.space_id, made.space_id);
  });

  it("a lost answer then a transient 500 on the lookup list: the lookup is retried and finds the space", async () => {
    const dbx = clientFor(t);
    t.emu.addFault({ kind: "lost-response", method: "POST", path: SPACES });
    t.emu.addFault({ kind: "status", status: 500, method: "GET", path: SPACES, count: 2 });
    await create(dbx);
    assert.equal((await liveSpaces(t)).length, 1);
    assert.equal(posts(t).length, 1);
  });

  it("a lost answer then a lookup that keeps failing: no second POST, and the error says how to adopt the space", async () => {
    const dbx = clientFor(t, { maxElapsedMs: 20_000 });
    t.emu.addFault({ kind: "lost-response", method: "POST", path: SPACES });
    t.emu.addFault({ kind: "status", status: 503, method: "GET", path: SPACES, count: 1000 });
    await assert.rejects(create(dbx), (e: Error) => {
      assert.ok(e instanceof CreateOutcomeUnknownError, e.message);
      assert.match(
        e.message,
        /^cannot create genie space 'Sales': the outcome of the create is unknown/,
      );
      assert.match(e.message, /it was not sent again, so no second space was made/);
      assert.match(e.message, /set adoptSpaceId to its id/);
      return true;
    });
    assert.equal(posts(t).length, 1, "never a second POST while the first may have succeeded");
  });

  it("a 500 answer to a create is looked up once, never resent", async () => {
    const dbx = clientFor(t);
    t.emu.addFault({ kind: "status", status: 500, method: "POST", path: SPACES });
    await assert.rejects(create(dbx), /INTERNAL_ERROR/);
    assert.equal(posts(t).length, 1);
    assert.ok(
      t.emu.requests.some((r) => r.method === "GET" && r.path === SPACES),
      "looked up",
    );
  });

  it("more matching spaces than creates of it running here: which is ours cannot be told, so it fails naming them", async () => {
    const dbx = clientFor(t);
    const same = { parent_path: "/Shared", serialized_space: DOC(), description: "" };
    t.emu.addFault({
      kind: "drop",
      method: "POST",
      path: SPACES,
      onMatch: async () => {
        await decoy(t, same)();
        await decoy(t, same)();
      },
    });
    await assert.rejects(create(dbx, { parent_path: "/Shared" }), (e: Error) => {
      assert.ok(e instanceof CreateOutcomeUnknownError);
      for (const id of decoys) assert.ok(e.message.includes(id), `names ${id}`);
      assert.match(e.message, /cannot be told/);
      return true;
    });
    assert.equal(posts(t).length, 3, "ours once, and the two others'");
  });

  it("parallel creates of equal spaces, one answer lost: each gets its own space, none is orphaned", async () => {
    const vt = new VirtualTime(t.clock);
    const dbx = clientFor(t, {}, vt);
    t.emu.addFault({ kind: "lost-response", method: "POST", path: SPACES });
    const results = await vt.run([1, 2, 3, 4].map(() => () => create(dbx)));
    const ids = results.map((r) =>
      r.status === "fulfilled" ? r.value.space_id : String(r.reason),
    );
    assert.equal(new Set(ids).size, 4, `distinct: ${ids.join(", ")}`);
    assert.equal((await liveSpaces(t)).length, 4, "no orphan, no duplicate");
    assert.equal(posts(t).length, 4);
  });

  it("parallel creates of equal spaces, one POST reset before the server acts: it does not take the other's", async () => {
    const vt = new VirtualTime(t.clock);
    const dbx = clientFor(t, {}, vt);
    t.emu.addFault({ kind: "drop", method: "POST", path: SPACES });
    const results = await vt.run([1, 2].map(() => () => create(dbx)));
    const ids = results.map((r) =>
      r.status === "fulfilled" ? r.value.space_id : String(r.reason),
    );
    assert.equal(new Set(ids).size, 2, `distinct: ${ids.join(", ")}`);
    assert.equal((await liveSpaces(t)).length, 2);
  });

  it("without a way to compare documents by meaning, a space that matches all else stops the create instead of a guess", async () => {
    const dbx = clientFor(t);
    t.emu.addFault({ kind: "lost-response", method: "POST", path: SPACES });
    // No sameDocument: the server rewrote the document, so it cannot be recognised.
    await assert.rejects(
      dbx.genie.create({ warehouse_id: WAREHOUSE, serialized_space: DOC(), title: "Sales" }),
      (e: Error) =>
        e instanceof CreateOutcomeUnknownError && /could not be compared/.test(e.message),
    );
    assert.equal(posts(t).length, 1);
  });
});

describe("client: 200 creates at once against a workspace limited to 20 requests/s", function () {
  this.timeout(120_000);

  it("all succeed within the time budget, waiting what Retry-After asks; no duplicate", async () => {
    const t = await emulator();
    try {
      t.emu.setRateLimit(20);
      const vt = new VirtualTime(t.clock);
      const start = t.clock.now();
      // One client per create (as one per resource), each counting its own attempts.
      const attempts: number[] = [];
      const results = await vt.run(
        Array.from({ length: 200 }, (_, i) => () => {
          attempts[i] = 1;
          const dbx = databricks({
            credentials: {
              host: t.emu.url,
              auth: { kind: "pat", token: t.emu.token },
              source: "t",
            },
            sleep: vt.sleep,
            now: vt.now,
            random: seeded(i + 1),
            log: (line) => void (line.startsWith("retry POST") && attempts[i]++),
          });
          return create(dbx, { title: `Burst ${i}` });
        }),
      );
      const failed = results.filter((r) => r.status === "rejected");
      const elapsed = t.clock.now() - start;
      const limited = t.emu.requests.filter((r) => r.status === 429).length;
      t.emu.setRateLimit(undefined);
      console.log(
        `      200 creates at 20 req/s: ${200 - failed.length} succeeded, ${failed.length} failed, ${limited} answers 429, ` +
          `most attempts for one create ${Math.max(...attempts)}, ${Math.round(elapsed / 1000)} s of (virtual) time`,
      );
      assert.deepEqual(
        failed.map((f) => String((f as PromiseRejectedResult).reason)),
        [],
      );
      const spaces = await liveSpaces(t);
      assert.equal(new Set(spaces.map((s) => s.title)).size, 200);
      assert.equal(spaces.length, 200, "no duplicate");
      assert.ok(elapsed < 120_000, `within maxElapsedMs (${elapsed} ms)`);
      assert.ok(
        Math.max(...attempts) > 6,
        "more attempts than the old fixed limit of 6 were needed",
      );
    } finally {
      await t.emu.stop();
    }
  });
});

describe("client: trash", () => {
  let t: Emu;
  beforeEach(async () => (t = await emulator({ config: { trashLagMs: 30_000 } })));
  afterEach(() => t.emu.stop());

  it("trashing a space already trashed is success: DELETE's 403 is believed once a GET, asked again through the trash lag, says 404", async () => {
    const dbx = clientFor(t);
    const made = await create(dbx);
    await t.call("DELETE", `${SPACES}/${made.space_id}`);
    const started = t.clock.now();
    assert.equal(await dbx.genie.trashIfPresent(made.space_id), "gone");
    assert.ok(t.clock.now() - started >= 30_000, "waited out the lag");
  });

  it("a 403 that is a real lack of rights stays an error", async () => {
    const made = await create(clientFor(t));
    const analyst = databricks({
      credentials: {
        host: t.emu.url,
        auth: { kind: "pat", token: "emulator-token-analyst" },
        source: "test",
      },
      sleep: async (ms) => t.clock.advance(ms),
      now: t.clock.now,
    });
    await assert.rejects(analyst.genie.trashIfPresent(made.space_id), PermissionDeniedError);
    assert.equal(t.emu.space(made.space_id)?.trashed_at, undefined);
  });

  it("a space that does not exist is gone", async () => {
    assert.equal(
      await clientFor(t).genie.trashIfPresent("01f0000000000000000000000000dead"),
      "gone",
    );
  });
});

describe("client: a failure to reach the workspace names the host and the kind of failure", () => {
  const client = (host: string) =>
    databricks({
      credentials: { host, auth: { kind: "pat", token: "dapi-secret-token" }, source: "test" },
      retry: { maxElapsedMs: 2_000, baseDelayMs: 1 },
      sleep: async () => undefined,
    });
  const attempt = (dbx: Databricks) =>
    dbx.genie.create({ warehouse_id: WAREHOUSE, serialized_space: DOC(), title: "Sales" });

  it("DNS: the create says the host does not resolve, and is not followed by a lookup", async () => {
    await assert.rejects(attempt(client("https://genie-test.invalid")), (e: Error) => {
      assert.ok(e instanceof NetworkError);
      assert.equal(e.network, "dns");
      assert.match(
        e.message,
        /^cannot create genie space 'Sales': cannot reach https:\/\/genie-test\.invalid: its name does not resolve \((ENOTFOUND|EAI_AGAIN)\)/,
      );
      assert.ok(!/cannot list/.test(e.message));
      return true;
    });
  });

  it("refused: nothing listens there; retried within the budget, then named", async () => {
    await assert.rejects(attempt(client("http://127.0.0.1:1")), (e: Error) => {
      assert.ok(e instanceof NetworkError);
      assert.match(
        e.message,
        /cannot reach http:\/\/127\.0\.0\.1:1: connection refused \(ECONNREFUSED\)/,
      );
      return true;
    });
  });

  it("TLS: https to a server that does not speak it is a TLS problem, not retried", async () => {
    const t = await emulator();
    try {
      const host = t.emu.url.replace("http:", "https:");
      await assert.rejects(attempt(client(host)), (e: Error) => {
        assert.ok(e instanceof NetworkError);
        assert.equal(e.network, "tls");
        assert.ok(e.message.includes(`cannot reach ${host}: TLS certificate problem`), e.message);
        return true;
      });
    } finally {
      await t.emu.stop();
    }
  });

  it("a host that cannot be parsed is refused without echoing it", () => {
    const raw = "https://adb-1.net dapi-pasted-by-mistake";
    assert.throws(
      () =>
        databricks({ credentials: { host: raw, auth: { kind: "pat", token: "x" }, source: "s" } }),
      (e: Error) =>
        /is not a URL \(its value is not shown\)/.test(e.message) && !e.message.includes("dapi"),
    );
  });
});
