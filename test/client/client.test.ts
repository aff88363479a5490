import { strict as assert } from "node:assert";
import { inspect } from "node:util";
import { systemClock } from "../../emulator";
import {
  ConflictError,
  databricks,
  type Databricks,
  errorFrom,
  InvalidParameterError,
  NetworkError,
  NotEnabledError,
  NotFoundError,
  PermissionDeniedError,
  RateLimitedError,
  ServerError,
  UnauthenticatedError,
} from "../../provider/client";
import { canonicalHash } from "../../provider/resources/inputs";
import { emulator, WAREHOUSE } from "../support/emulator";
import { fixtureText } from "../support/fixtures";

type Emu = Awaited<ReturnType<typeof emulator>>;
const DOC = () => fixtureText("server_export.v2.geniespace.json");
const SP_ID = "00000000-0000-4000-8000-00000000c1c0";
const SP_SECRET = "emulator-secret-ci-deployer";

/** A client on the emulator whose waits are recorded, not slept. */
function clientFor(
  t: Emu,
  options: {
    token?: string;
    timeoutMs?: number;
    maxAttempts?: number;
    maxElapsedMs?: number;
    oauth?: boolean;
    now?: () => number;
    onSleep?: (ms: number) => void;
  } = {},
) {
  const sleeps: number[] = [];
  const auth =
    options.oauth === true
      ? { kind: "oauth-m2m" as const, clientId: SP_ID, clientSecret: SP_SECRET }
      : { kind: "pat" as const, token: options.token ?? t.emu.token };
  const dbx = databricks({
    credentials: { host: t.emu.url, auth, source: "test credentials" },
    timeoutMs: options.timeoutMs ?? 5_000,
    retry: { maxAttempts: options.maxAttempts ?? 5, maxElapsedMs: options.maxElapsedMs ?? 600_000 },
    sleep: async (ms) => {
      sleeps.push(ms);
      options.onSleep?.(ms);
    },
    random: () => 0.5,
    now: options.now,
  });
  return { dbx, sleeps };
}

/** Compares documents by meaning, as the GenieSpace resource does. */
const sameDocument = (a: string, b: string) => canonicalHash(a) === canonicalHash(b);
const create = (dbx: Databricks, title = "Sales", extra: Record<string, string> = {}) =>
  dbx.genie.create(
    { warehouse_id: WAREHOUSE, serialized_space: DOC(), title, ...extra },
    { sameDocument },
  );

async function count(dbx: Databricks): Promise<number> {
  let n = 0;
  for await (const space of dbx.genie.list()) n += space.space_id === "" ? 0 : 1;
  return n;
}

describe("client against the emulator", () => {
  let t: Emu;
  beforeEach(async () => (t = await emulator({ clock: systemClock })));
  afterEach(() => t.emu.stop());

  describe("Genie API", () => {
    it("creates, reads with the document, updates, lists and trashes a space", async () => {
      const { dbx } = clientFor(t);
      const made = await create(dbx);
      const got = await dbx.genie.get(made.space_id, { includeSerializedSpace: true });
      assert.equal(got.etag, made.etag);
      const updated = await dbx.genie.update(made.space_id, { description: "new", etag: got.etag });
      assert.equal(updated.description, "new");
      assert.equal(await count(dbx), 1);
      await dbx.genie.trash(made.space_id);
      await assert.rejects(dbx.genie.get(made.space_id), NotFoundError);
    });

    it("lists every space across pages", async () => {
      const { dbx } = clientFor(t);
      for (let i = 0; i < 5; i++) await create(dbx, `S${i}`);
      const titles: string[] = [];
      for await (const s of dbx.genie.list({ pageSize: 2 })) titles.push(String(s.title));
      assert.deepEqual(titles.sort(), ["S0", "S1", "S2", "S3", "S4"]);
      assert.equal(
        t.emu.requests.filter((r) => r.method === "GET" && r.path === "/api/2.0/genie/spaces")
          .length,
        3,
      );
    });
  });

  describe("faults are survived", () => {
    it("429 with Retry-After: waits what it asks, then succeeds", async () => {
      const { dbx, sleeps } = clientFor(t);
      t.emu.addFault({
        kind: "status",
        status: 429,
        retryAfterSeconds: 3,
        path: "/api/2.0/genie/spaces",
        method: "GET",
      });
      assert.equal(await count(dbx), 0);
      assert.deepEqual(sleeps, [3000]);
    });

    for (const status of [502, 503, 504] as const) {
      it(`${status} on a GET is retried with backoff`, async () => {
        const { dbx, sleeps } = clientFor(t);
        t.emu.addFault({ kind: "status", status, path: "/api/2.0/genie/spaces", count: 2 });
        assert.equal(await count(dbx), 0);
        assert.equal(sleeps.length, 2);
        assert.ok((sleeps[1] as number) > (sleeps[0] as number), "exponential");
      });
    }

    it("a dropped connection on a GET is retried", async () => {
      const { dbx } = clientFor(t);
      t.emu.addFault({ kind: "drop", path: "/api/2.0/genie/spaces" });
      assert.equal(await count(dbx), 0);
    });

    it("a timeout on a GET is retried", async () => {
      const { dbx } = clientFor(t, { timeoutMs: 100 });
      t.emu.addFault({ kind: "delay", ms: 400, path: "/api/2.0/genie/spaces" });
      assert.equal(await count(dbx), 0);
    });

    it("a PATCH carrying the full document is retried after a dropped connection", async () => {
      const { dbx } = clientFor(t);
      const made = await create(dbx);
      t.emu.addFault({ kind: "drop", method: "PATCH", path: "/api/2.0/genie/spaces/*" });
      const updated = await dbx.genie.update(made.space_id, {
        serialized_space: DOC(),
        description: "again",
      });
      assert.equal(updated.description, "again");
    });

    it("a create answered 503 (not carried out) is sent again", async () => {
      const { dbx } = clientFor(t);
      t.emu.addFault({
        kind: "status",
        status: 503,
        method: "POST",
        path: "/api/2.0/genie/spaces",
      });
      await create(dbx);
      assert.equal(await count(dbx), 1);
    });
  });

  describe("a create whose outcome is unknown leaves exactly one space", () => {
    it("the write happened but the answer was lost: the space is found and returned, not made twice", async () => {
      const { dbx } = clientFor(t);
      t.emu.addFault({ kind: "lost-response", method: "POST", path: "/api/2.0/genie/spaces" });
      const made = await create(dbx, "Sales", { parent_path: "/Workspace/Shared/Genie" });
      assert.equal(made.title, "Sales");
      assert.equal(typeof made.serialized_space, "string");
      assert.equal(await count(dbx), 1);
      assert.equal(
        t.emu.requests.filter((r) => r.method === "POST").length,
        1,
        "the POST was not sent again",
      );
    });

    it("the connection dropped before the write: nothing is found, the create is sent once more", async () => {
      const { dbx } = clientFor(t);
      t.emu.addFault({ kind: "drop", method: "POST", path: "/api/2.0/genie/spaces" });
      await create(dbx);
      assert.equal(await count(dbx), 1);
      assert.equal(t.emu.requests.filter((r) => r.method === "POST").length, 2);
    });

    it("an older space with the same title is not mistaken for the one being made", async () => {
      const { dbx } = clientFor(t);
      const old = await create(dbx, "Sales");
      t.emu.space(old.space_id)!.create_time -= 3_600_000;
      t.emu.addFault({ kind: "drop", method: "POST", path: "/api/2.0/genie/spaces" });
      const made = await create(dbx, "Sales");
      assert.notEqual(made.space_id, old.space_id);
      assert.equal(await count(dbx), 2);
    });

    it("a 504 on create is treated as unknown: looked up, not blindly resent", async () => {
      const { dbx } = clientFor(t);
      t.emu.addFault({
        kind: "status",
        status: 504,
        method: "POST",
        path: "/api/2.0/genie/spaces",
      });
      await create(dbx);
      assert.equal(await count(dbx), 1);
    });
  });

  describe("the retry limits hold", () => {
    it("gives up after maxAttempts with the last error", async () => {
      const { dbx } = clientFor(t, { maxAttempts: 3 });
      t.emu.addFault({ kind: "status", status: 503, path: "/api/2.0/genie/spaces", count: 100 });
      await assert.rejects(count(dbx), ServerError);
      assert.equal(t.emu.requests.length, 3);
    });

    it("gives up when the next wait would pass maxElapsedMs", async () => {
      let now = 0;
      const { dbx, sleeps } = clientFor(t, {
        maxElapsedMs: 5_000,
        now: () => now,
        onSleep: (ms) => (now += ms),
      });
      t.emu.addFault({
        kind: "status",
        status: 429,
        retryAfterSeconds: 4,
        path: "/api/2.0/genie/spaces",
        count: 100,
      });
      await assert.rejects(count(dbx), RateLimitedError);
      assert.deepEqual(sleeps, [4000], "one wait of 4 s fits in 5 s, a second does not");
    });

    it("does not retry a 500 on a write", async () => {
      const { dbx } = clientFor(t);
      const made = await create(dbx);
      const before = t.emu.requests.length;
      t.emu.addFault({
        kind: "status",
        status: 500,
        method: "PATCH",
        path: "/api/2.0/genie/spaces/*",
      });
      await assert.rejects(dbx.genie.update(made.space_id, { description: "x" }), ServerError);
      assert.equal(t.emu.requests.length - before, 1);
    });

    it("retries a 500 on a GET twice, then gives up", async () => {
      const { dbx } = clientFor(t);
      t.emu.addFault({ kind: "status", status: 500, path: "/api/2.0/genie/spaces", count: 2 });
      assert.equal(await count(dbx), 0, "two 500s are survived");
      t.emu.addFault({ kind: "status", status: 500, path: "/api/2.0/genie/spaces", count: 3 });
      const before = t.emu.requests.length;
      await assert.rejects(count(dbx), ServerError);
      assert.equal(t.emu.requests.length - before, 3);
    });
  });

  describe("errors surface as the right class, with a readable message", () => {
    it("400 is an InvalidParameterError naming the action, code, server message and status", async () => {
      const { dbx } = clientFor(t);
      const made = await create(dbx);
      const twoInstructions = JSON.stringify({
        version: 2,
        instructions: {
          text_instructions: [
            { id: "0".repeat(32), content: ["a"] },
            { id: "1".repeat(32), content: ["b"] },
          ],
        },
      });
      await assert.rejects(
        dbx.genie.update(made.space_id, { serialized_space: twoInstructions }),
        (e: Error) => {
          assert.ok(e instanceof InvalidParameterError);
          assert.equal(
            e.message,
            `cannot update genie space ${made.space_id}: INVALID_PARAMETER_VALUE: instructions.text_instructions must contain at most one item (HTTP 400)`,
          );
          assert.equal(e.status, 400);
          assert.equal(e.method, "PATCH");
          assert.equal(e.errorCode, "INVALID_PARAMETER_VALUE");
          return true;
        },
      );
    });

    it("401 is an UnauthenticatedError that names the credential source, not the value", async () => {
      const { dbx } = clientFor(t, { token: "wrong-token-value" });
      await assert.rejects(count(dbx), (e: Error) => {
        assert.ok(e instanceof UnauthenticatedError);
        assert.match(e.message, /\[credentials from test credentials\]/);
        assert.ok(!e.message.includes("wrong-token-value"));
        return true;
      });
    });

    it("403 is a PermissionDeniedError that names the credential source", async () => {
      const { dbx } = clientFor(t);
      const made = await create(dbx);
      const analyst = clientFor(t, { token: "emulator-token-analyst" }).dbx;
      await assert.rejects(
        analyst.genie.get(made.space_id),
        (e: Error) =>
          e instanceof PermissionDeniedError && /credentials from test credentials/.test(e.message),
      );
    });

    it("404, 409, 429 (exhausted) and 501 have their own classes", async () => {
      const { dbx } = clientFor(t, { maxAttempts: 1 });
      await assert.rejects(dbx.genie.get("01f0000000000000000000000000dead"), NotFoundError);
      const made = await create(dbx);
      await assert.rejects(
        dbx.genie.update(made.space_id, { etag: "stale", description: "x" }),
        ConflictError,
      );
      t.emu.addFault({ kind: "status", status: 429, path: "/api/2.0/genie/spaces" });
      await assert.rejects(count(dbx), RateLimitedError);
      t.emu.config.notEnabled = true;
      await assert.rejects(count(dbx), NotEnabledError);
    });

    it("no answer at all is a NetworkError", async () => {
      const { dbx } = clientFor(t, { maxAttempts: 1 });
      t.emu.addFault({ kind: "drop", path: "/api/2.0/genie/spaces" });
      await assert.rejects(count(dbx), NetworkError);
    });
  });

  describe("OAuth machine-to-machine", () => {
    it("fetches a token once, caches it, and refreshes it before it expires", async () => {
      let now = Date.now();
      const { dbx } = clientFor(t, { oauth: true, now: () => now });
      await count(dbx);
      await count(dbx);
      const tokenCalls = () => t.emu.requests.filter((r) => r.path === "/oidc/v1/token").length;
      assert.equal(tokenCalls(), 1);
      now += 3600_000 - 30_000; // within the last minute of the token's hour
      await count(dbx);
      assert.equal(tokenCalls(), 2);
    });

    it("a wrong client secret is an UnauthenticatedError naming the client, not the secret", async () => {
      const dbx = databricks({
        credentials: {
          host: t.emu.url,
          auth: { kind: "oauth-m2m", clientId: SP_ID, clientSecret: "not-the-secret" },
          source: `test, OAuth client ${SP_ID}`,
        },
      });
      await assert.rejects(
        count(dbx),
        (e: Error) =>
          e instanceof UnauthenticatedError &&
          e.message.includes(SP_ID) &&
          !e.message.includes("not-the-secret"),
      );
    });
  });

  describe("other API modules", () => {
    it("permissions: get, set (PUT) and update (PATCH)", async () => {
      const { dbx } = clientFor(t);
      const made = await create(dbx);
      await dbx.permissions.update(made.space_id, [
        { group_name: "analysts", permission_level: "CAN_RUN" },
      ]);
      const set = await dbx.permissions.set(made.space_id, [
        { group_name: "analysts", permission_level: "CAN_EDIT" },
      ]);
      const direct = set.access_control_list?.filter(
        (e) => e.all_permissions?.[0]?.inherited !== true,
      );
      assert.deepEqual(
        direct?.map((e) => [e.group_name, e.all_permissions?.[0]?.permission_level]),
        [["analysts", "CAN_EDIT"]],
      );
      assert.equal((await dbx.permissions.get(made.space_id)).object_type, "genie");
    });

    it("workspace: mkdirs makes a folder and its parents; an existing one is fine", async () => {
      const { dbx } = clientFor(t);
      await dbx.workspace.mkdirs("/Workspace/Teams/x");
      await dbx.workspace.mkdirs("/Workspace/Teams/x");
      const status = await t.call("GET", "/api/2.0/workspace/get-status?path=/Teams");
      assert.equal(status.body["object_type"], "DIRECTORY");
    });
  });
});

describe("client: secrets never show", () => {
  const TOKEN = "dapi-this-is-the-secret-token";
  const render = (x: unknown) =>
    [
      String(x),
      inspect(x, { depth: 10, showHidden: true }),
      JSON.stringify(x),
      (x as Error)?.stack ?? "",
    ].join("\n");

  it("printing or serializing the client shows no token or client secret", () => {
    const pat = databricks({
      credentials: {
        host: "https://h.cloud.databricks.com",
        auth: { kind: "pat", token: TOKEN },
        source: "s",
      },
    }).client;
    const oauth = databricks({
      credentials: {
        host: "https://h.cloud.databricks.com",
        auth: { kind: "oauth-m2m", clientId: "c", clientSecret: TOKEN },
        source: "s",
      },
    }).client;
    for (const c of [pat, oauth]) {
      const text = render(c);
      assert.ok(!text.includes(TOKEN), text);
      assert.match(text, /h\.cloud\.databricks\.com/);
    }
  });

  it("an error whose server message echoes the token is redacted everywhere it can be printed", () => {
    const e = errorFrom({
      method: "GET",
      path: "/p",
      action: "cannot read",
      status: 400,
      body: { error_code: "BAD_REQUEST", message: `bad header Bearer ${TOKEN}` },
      secrets: [TOKEN],
    });
    const text = render(e) + JSON.stringify({ ...e });
    assert.ok(!text.includes(TOKEN));
    assert.match(e.message, /Bearer \*\*\*/);
  });

  it("a plain-text answer cut to 500 characters keeps no part of a token that crosses the cut", () => {
    const body = `${"x".repeat(470)} Bearer ${TOKEN} and more`;
    const e = errorFrom({
      method: "GET",
      path: "/p",
      action: "cannot read",
      status: 502,
      body,
      secrets: [TOKEN],
    });
    const text = render(e);
    for (let n = 8; n <= TOKEN.length; n++)
      assert.ok(!text.includes(TOKEN.slice(0, n)), `the first ${n} characters of the token leak`);
  });

  it("errors from real failed calls carry no token anywhere", async () => {
    const t = await emulator();
    try {
      const dbx = databricks({
        credentials: { host: t.emu.url, auth: { kind: "pat", token: TOKEN }, source: "s" },
        retry: { maxAttempts: 1 },
      });
      const errors: unknown[] = [];
      await dbx.genie.get("x").catch((e: unknown) => errors.push(e));
      t.emu.addFault({ kind: "drop", path: "/api/2.0/genie/spaces/x" });
      await dbx.genie.get("x").catch((e: unknown) => errors.push(e));
      assert.equal(errors.length, 2);
      for (const e of errors)
        assert.ok(!(render(e) + JSON.stringify({ ...(e as object) })).includes(TOKEN));
    } finally {
      await t.emu.stop();
    }
  });
});
