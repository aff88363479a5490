import { strict as assert } from "node:assert";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { startEmulator } from "../../emulator";
import { emulator, WAREHOUSE } from "../support/emulator";

type Ctx = Awaited<ReturnType<typeof emulator>>;
const SPACES = "/api/2.0/genie/spaces";
const ANALYST = "emulator-token-analyst";
const VIEWER = "emulator-token-viewer";

/** The OAuth client-credentials request a client makes, for the seed's service principal. */
function tokenRequest(t: Ctx, clientSecret: string): Promise<Response> {
  const basic = Buffer.from(`00000000-0000-4000-8000-00000000c1c0:${clientSecret}`).toString(
    "base64",
  );
  return fetch(`${t.emu.url}/oidc/v1/token`, {
    method: "POST",
    headers: {
      authorization: `Basic ${basic}`,
      "content-type": "application/x-www-form-urlencoded",
    },
    body: "grant_type=client_credentials&scope=all-apis",
  });
}

describe("emulator: authentication and permissions", () => {
  let t: Ctx;
  beforeEach(async () => (t = await emulator()));
  afterEach(() => t.emu.stop());

  it("answers 401 without a token", async () => {
    const res = await t.call("GET", SPACES, undefined, null);
    assert.equal(res.status, 401);
    assert.equal(res.body["error_code"], "PERMISSION_DENIED");
  });

  it("answers 401 for an unknown token", async () => {
    assert.equal((await t.call("GET", SPACES, undefined, "not-a-token")).status, 401);
  });

  it("answers 403 to an identity without the right to create", async () => {
    const res = await t.call(
      "POST",
      SPACES,
      { warehouse_id: WAREHOUSE, serialized_space: '{"version":2}' },
      VIEWER,
    );
    assert.equal(res.status, 403);
  });

  it("needs CAN_EDIT for include_serialized_space and CAN_READ for a plain GET", async () => {
    const id = String((await t.createSpace())["space_id"]);
    assert.equal((await t.call("GET", `${SPACES}/${id}`, undefined, ANALYST)).status, 403);
    await t.call("PATCH", `/api/2.0/permissions/genie/${id}`, {
      access_control_list: [{ group_name: "analysts", permission_level: "CAN_RUN" }],
    });
    assert.equal((await t.call("GET", `${SPACES}/${id}`, undefined, ANALYST)).status, 200);
    assert.equal(
      (await t.call("GET", `${SPACES}/${id}?include_serialized_space=true`, undefined, ANALYST))
        .status,
      403,
    );
    await t.call("PATCH", `/api/2.0/permissions/genie/${id}`, {
      access_control_list: [{ user_name: "analyst@example.com", permission_level: "CAN_EDIT" }],
    });
    assert.equal(
      (await t.call("GET", `${SPACES}/${id}?include_serialized_space=true`, undefined, ANALYST))
        .status,
      200,
    );
  });

  it("gives the creator CAN_MANAGE and lists only spaces the caller may read", async () => {
    await t.createSpace();
    const own = await t.call(
      "POST",
      SPACES,
      { warehouse_id: WAREHOUSE, serialized_space: '{"version":2}' },
      ANALYST,
    );
    assert.equal(own.status, 200);
    const listed = (await t.call("GET", SPACES, undefined, ANALYST)).body["spaces"] as {
      space_id: string;
    }[];
    assert.deepEqual(
      listed.map((s) => s.space_id),
      [own.body["space_id"]],
    );
  });

  it("OAuth client credentials give a token that works until it expires", async () => {
    const res = await tokenRequest(t, "emulator-secret-ci-deployer");
    const body = (await res.json()) as { access_token: string; expires_in: number };
    assert.equal(res.status, 200);
    assert.equal(body.expires_in, 3600);
    assert.equal((await t.call("GET", SPACES, undefined, body.access_token)).status, 200);
    t.clock.advance(3600_000);
    assert.equal((await t.call("GET", SPACES, undefined, body.access_token)).status, 401);
  });

  it("OAuth with a wrong client secret answers 401 invalid_client", async () => {
    const res = await tokenRequest(t, "wrong");
    assert.equal(res.status, 401);
    assert.equal(((await res.json()) as { error: string }).error, "invalid_client");
  });
});

describe("emulator: permissions API (object type genie)", () => {
  let t: Ctx;
  let id: string;
  const acl = (sid: string) => `/api/2.0/permissions/genie/${sid}`;
  beforeEach(async () => {
    t = await emulator();
    id = String((await t.createSpace())["space_id"]);
  });
  afterEach(() => t.emu.stop());

  const grants = (body: Record<string, unknown>) =>
    (body["access_control_list"] as Record<string, unknown>[])
      .filter((e) => !(e["all_permissions"] as { inherited: boolean }[])[0]?.inherited)
      .map(
        (e) =>
          `${String(e["user_name"] ?? e["group_name"] ?? e["service_principal_name"])}=${(e["all_permissions"] as { permission_level: string }[])[0]?.permission_level}`,
      )
      .sort();

  it("GET shows the creator's CAN_MANAGE and the admins' inherited grant", async () => {
    const res = await t.call("GET", acl(id));
    assert.equal(res.body["object_type"], "genie");
    assert.deepEqual(grants(res.body), ["admin@example.com=CAN_MANAGE"]);
  });

  it("PATCH adds to the direct grants", async () => {
    const res = await t.call("PATCH", acl(id), {
      access_control_list: [{ group_name: "analysts", permission_level: "CAN_RUN" }],
    });
    assert.deepEqual(grants(res.body), ["admin@example.com=CAN_MANAGE", "analysts=CAN_RUN"]);
  });

  it("PUT replaces every direct grant", async () => {
    await t.call("PATCH", acl(id), {
      access_control_list: [{ group_name: "analysts", permission_level: "CAN_RUN" }],
    });
    const res = await t.call("PUT", acl(id), {
      access_control_list: [
        {
          service_principal_name: "00000000-0000-4000-8000-00000000c1c0",
          permission_level: "CAN_MANAGE",
        },
      ],
    });
    assert.deepEqual(grants(res.body), ["00000000-0000-4000-8000-00000000c1c0=CAN_MANAGE"]);
  });

  it("rejects an unknown level and an unknown principal with 400", async () => {
    const bad = await t.call("PATCH", acl(id), {
      access_control_list: [{ group_name: "analysts", permission_level: "CAN_VIEW" }],
    });
    assert.equal(bad.status, 400);
    const nobody = await t.call("PATCH", acl(id), {
      access_control_list: [{ user_name: "ghost@example.com", permission_level: "CAN_RUN" }],
    });
    assert.equal(nobody.status, 400);
    assert.match(String(nobody.body["message"]), /UserName\(ghost@example.com\) does not exist/);
  });

  it("answers 404 on the old path /permissions/genie/spaces/{id}", async () => {
    assert.equal((await t.call("GET", `/api/2.0/permissions/genie/spaces/${id}`)).status, 404);
  });
});

describe("emulator: workspace, warehouses and Unity Catalog", () => {
  let t: Ctx;
  beforeEach(async () => (t = await emulator()));
  afterEach(() => t.emu.stop());

  it("mkdirs creates the folder and its parents; get-status finds them", async () => {
    assert.equal(
      (await t.call("GET", "/api/2.0/workspace/get-status?path=/Teams/sales")).status,
      404,
    );
    assert.equal(
      (await t.call("POST", "/api/2.0/workspace/mkdirs", { path: "/Workspace/Teams/sales" }))
        .status,
      200,
    );
    const res = await t.call("GET", "/api/2.0/workspace/get-status?path=/Workspace/Teams");
    assert.equal(res.body["object_type"], "DIRECTORY");
    // get-status answers with the path as asked (databricks.Directory compares it with its own).
    assert.equal(res.body["path"], "/Workspace/Teams");
  });

  it("a create into a folder made by mkdirs succeeds", async () => {
    await t.call("POST", "/api/2.0/workspace/mkdirs", { path: "/Teams/sales" });
    assert.equal(
      (await t.createSpace({ parent_path: "/Teams/sales" }))["parent_path"],
      "/Teams/sales",
    );
  });

  it("a folder named with a trailing slash after a space is the folder mkdirs made without it", async () => {
    // Fuzz seed 3563268: `/r/x /` was normalised to `/r/x ` for the create but `/r/x` for mkdirs.
    await t.call("POST", "/api/2.0/workspace/mkdirs", { path: "/r/x " });
    assert.equal((await t.createSpace({ parent_path: "/r/x /" }))["parent_path"], "/r/x");
  });

  it("SQL warehouses: get one, list all, 404 for an unknown id", async () => {
    assert.equal(
      (await t.call("GET", `/api/2.0/sql/warehouses/${WAREHOUSE}`)).body["name"],
      "Starter Warehouse",
    );
    assert.equal(
      ((await t.call("GET", "/api/2.0/sql/warehouses")).body["warehouses"] as unknown[]).length,
      2,
    );
    assert.equal((await t.call("GET", "/api/2.0/sql/warehouses/nope")).status, 404);
  });

  it("Unity Catalog: tables and functions from the seed, 404 otherwise", async () => {
    const table = await t.call("GET", "/api/2.1/unity-catalog/tables/dev.sales.orders");
    assert.equal(table.body["name"], "orders");
    assert.equal((await t.call("GET", "/api/2.1/unity-catalog/tables/dev.sales.nope")).status, 404);
    assert.equal(
      (await t.call("GET", "/api/2.1/unity-catalog/functions/dev.sales.fiscal_quarter")).status,
      200,
    );
    assert.equal(
      (await t.call("GET", "/api/2.1/unity-catalog/functions/dev.sales.nope")).status,
      404,
    );
  });

  it("an unknown route answers 404 naming the method and path", async () => {
    const res = await t.call("POST", "/api/2.0/genie/spaces/x/conversations/y/execute-query");
    assert.equal(res.status, 404);
    assert.match(
      String(res.body["message"]),
      /'POST \/api\/2\.0\/genie\/spaces\/x\/conversations\/y\/execute-query'/,
    );
  });
});

describe("emulator: faults, rate limit, UI edits", () => {
  let t: Ctx;
  beforeEach(async () => (t = await emulator()));
  afterEach(() => t.emu.stop());

  it("a 429 fault answers with Retry-After for its count, then stops", async () => {
    t.emu.addFault({
      kind: "status",
      status: 429,
      retryAfterSeconds: 7,
      path: "/api/2.0/genie/spaces",
      count: 2,
    });
    for (let i = 0; i < 2; i++) {
      const res = await t.call("GET", SPACES);
      assert.equal(res.status, 429);
      assert.equal(res.headers.get("retry-after"), "7");
      assert.equal(res.body["error_code"], "REQUEST_LIMIT_EXCEEDED");
    }
    assert.equal((await t.call("GET", SPACES)).status, 200);
  });

  it("500 and 503 faults answer INTERNAL_ERROR and TEMPORARILY_UNAVAILABLE, matched by method and wildcard", async () => {
    t.emu.addFault({ kind: "status", status: 500, method: "GET", path: "/api/2.0/genie/*" });
    t.emu.addFault({ kind: "status", status: 503, method: "GET", path: "/api/2.0/genie/*" });
    assert.equal((await t.call("GET", SPACES)).body["error_code"], "INTERNAL_ERROR");
    assert.equal((await t.call("GET", SPACES)).body["error_code"], "TEMPORARILY_UNAVAILABLE");
    assert.equal((await t.call("GET", SPACES)).status, 200);
  });

  it("a dropped connection gives the client a network error and is recorded with status 0", async () => {
    t.emu.addFault({ kind: "drop", path: SPACES });
    await assert.rejects(t.call("GET", SPACES));
    assert.equal(t.emu.requests.at(-1)?.status, 0);
  });

  it("a lost response carries out the write but never answers", async () => {
    t.emu.addFault({ kind: "lost-response", method: "POST", path: SPACES });
    await assert.rejects(t.createSpace());
    const listed = (await t.call("GET", SPACES)).body["spaces"] as unknown[];
    assert.equal(listed.length, 1, "the space exists although the client saw no answer");
  });

  it("a delay fault holds the answer back", async () => {
    t.emu.addFault({ kind: "delay", ms: 150, path: SPACES });
    const started = process.hrtime.bigint();
    assert.equal((await t.call("GET", SPACES)).status, 200);
    assert.ok(process.hrtime.bigint() - started >= 140_000_000n);
  });

  it("faults can be set over HTTP through the admin route, and cleared", async () => {
    const set = await fetch(`${t.emu.url}/__emulator/faults`, {
      method: "POST",
      body: JSON.stringify({ rules: [{ kind: "status", status: 503, path: SPACES, count: 5 }] }),
    });
    assert.equal(set.status, 200);
    assert.equal((await t.call("GET", SPACES)).status, 503);
    await fetch(`${t.emu.url}/__emulator/faults`, { method: "DELETE" });
    assert.equal((await t.call("GET", SPACES)).status, 200);
  });

  it("the rate limit answers 429 past N requests a second, then lets calls through a second later", async () => {
    t.emu.setRateLimit(3);
    for (let i = 0; i < 3; i++) assert.equal((await t.call("GET", SPACES)).status, 200);
    const limited = await t.call("GET", SPACES);
    assert.equal(limited.status, 429);
    assert.equal(limited.headers.get("retry-after"), "1");
    t.clock.advance(1000);
    assert.equal((await t.call("GET", SPACES)).status, 200);
  });

  it("the rate limit can be set over HTTP", async () => {
    await fetch(`${t.emu.url}/__emulator/rate-limit`, {
      method: "POST",
      body: JSON.stringify({ perSecond: 1 }),
    });
    assert.equal((await t.call("GET", SPACES)).status, 200);
    assert.equal((await t.call("GET", SPACES)).status, 429);
  });

  it("a UI edit changes the stored space and bumps its etag", async () => {
    const created = await t.createSpace();
    const id = String(created["space_id"]);
    t.emu.edit(id, {
      title: "Edited in the UI",
      instructions: "New rules",
      addTable: "brij_cat.default.aaa",
      columnDescription: {
        table: "brij_cat.default.requirements",
        column: "value",
        description: "The value",
      },
    });
    const got = await t.call("GET", `${SPACES}/${id}?include_serialized_space=true`);
    assert.equal(got.body["title"], "Edited in the UI");
    assert.notEqual(got.body["etag"], created["etag"]);
    const doc = JSON.parse(String(got.body["serialized_space"])) as {
      instructions: { text_instructions: { content: string[] }[] };
      data_sources: {
        tables: {
          identifier: string;
          column_configs?: { column_name: string; description?: string[] }[];
        }[];
      };
    };
    assert.deepEqual(doc.instructions.text_instructions[0]?.content, ["New rules"]);
    assert.equal(doc.data_sources.tables[0]?.identifier, "brij_cat.default.aaa", "kept sorted");
    const req = doc.data_sources.tables.find(
      (x) => x.identifier === "brij_cat.default.requirements",
    );
    assert.deepEqual(req?.column_configs?.find((c) => c.column_name === "value")?.description, [
      "The value",
    ]);
  });

  it("a UI edit over HTTP removes a table", async () => {
    const id = String((await t.createSpace())["space_id"]);
    await fetch(`${t.emu.url}/__emulator/spaces/${id}/edit`, {
      method: "POST",
      body: JSON.stringify({ removeTable: "brij_cat.default.requirements" }),
    });
    assert.deepEqual(
      t.emu.space(id)?.document.data_sources?.tables?.map((x) => x.identifier),
      ["brij_cat.default.employee_table"],
    );
  });

  it("records the method, path and status of every call", async () => {
    await t.call("GET", SPACES);
    await t.call("GET", `${SPACES}/nope`);
    assert.deepEqual(
      t.emu.requests.slice(-2).map(({ method, path, status }) => ({ method, path, status })),
      [
        { method: "GET", path: SPACES, status: 200 },
        { method: "GET", path: `${SPACES}/nope`, status: 404 },
      ],
    );
  });
});

describe("emulator: storage", () => {
  it("with a data directory, spaces survive a restart", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "genie-emu-"));
    try {
      const first = await emulator({ dataDir: dir });
      const id = String((await first.createSpace())["space_id"]);
      await first.emu.stop();
      const second = await emulator({ dataDir: dir });
      assert.equal((await second.call("GET", `${SPACES}/${id}`)).body["title"], "Sales");
      await second.emu.stop();
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it("writes one whole JSON file per space, leaves no temporary file, and no lock once stopped", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "genie-emu-"));
    try {
      const t = await emulator({ dataDir: dir });
      for (let i = 0; i < 5; i++) await t.createSpace({ title: `S${i}` });
      await t.emu.stop();
      assert.deepEqual(fs.readdirSync(dir), ["spaces"]);
      const files = fs.readdirSync(path.join(dir, "spaces"));
      assert.equal(files.length, 5);
      for (const f of files) {
        assert.match(f, /^[0-9a-f]{32}\.json$/);
        const record = JSON.parse(fs.readFileSync(path.join(dir, "spaces", f), "utf8")) as {
          space: { title: string };
        };
        assert.match(record.space.title, /^S\d$/);
      }
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it("refuses to start on a corrupt data file, saying how to recover", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "genie-emu-"));
    try {
      fs.mkdirSync(path.join(dir, "spaces"));
      fs.writeFileSync(path.join(dir, "spaces", "01f0aaaa.json"), "{torn");
      await assert.rejects(
        startEmulator({ dataDir: dir }),
        /spaces\/01f0aaaa\.json is not valid JSON.*move it away/,
      );
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it("in memory by default: a new emulator starts empty", async () => {
    const a = await emulator();
    await a.createSpace();
    await a.emu.stop();
    const b = await emulator();
    assert.deepEqual((await b.call("GET", SPACES)).body["spaces"], []);
    await b.emu.stop();
  });
});
