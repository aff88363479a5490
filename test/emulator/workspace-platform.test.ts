import { strict as assert } from "node:assert";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { ADMIN, defaultSeed, startEmulator } from "../../emulator";
import { emulator, WAREHOUSE } from "../support/emulator";
import {
  CUSTOMERS,
  ORDERS,
  executeStatement,
  grantPatch,
  sqlEndpointCreate,
  sqlTableCreate,
  warehouseAclPut,
} from "../support/provider-requests";

type Ctx = Awaited<ReturnType<typeof emulator>>;

describe("emulator: the workspace identity the Databricks SDK resolves", () => {
  let t: Ctx;
  beforeEach(async () => (t = await emulator()));
  afterEach(() => t.emu.stop());

  it("every answer carries X-Databricks-Org-Id with a numeric workspace id, errors and 401s too", async () => {
    for (const res of [
      await t.call("GET", "/api/2.0/preview/scim/v2/Me?excludedAttributes=entitlements"),
      await t.call("GET", "/api/2.0/sql/warehouses/nope"),
      await t.call("GET", "/api/2.0/sql/warehouses", undefined, null),
    ]) {
      assert.equal(res.headers.get("x-databricks-org-id"), "1234567890123456");
    }
  });

  it("SCIM Me (CurrentWorkspaceID's call) answers the caller's userName and the header the SDK parses as int64", async () => {
    const res = await t.call("GET", "/api/2.0/preview/scim/v2/Me?excludedAttributes=entitlements");
    assert.equal(res.status, 200);
    assert.equal(res.body["userName"], ADMIN);
    assert.ok(/^\d{1,19}$/.test(String(res.headers.get("x-databricks-org-id"))));
  });

  it("/.well-known/databricks-config answers without a token: workspace_id as a string, and the OIDC root", async () => {
    const res = await t.call("GET", "/.well-known/databricks-config", undefined, null);
    assert.equal(res.status, 200);
    assert.equal(res.body["workspace_id"], "1234567890123456");
    assert.equal(res.body["oidc_endpoint"], `${t.emu.url}/oidc`);
  });

  it("the seed may name another workspace id", async () => {
    const other = await emulator({ seed: { ...defaultSeed(), workspaceId: "42" } });
    try {
      const res = await other.call("GET", "/.well-known/databricks-config", undefined, null);
      assert.equal(res.body["workspace_id"], "42");
      assert.equal(res.headers.get("x-databricks-org-id"), "42");
    } finally {
      await other.emu.stop();
    }
  });
});

describe("emulator: folders as databricks.Directory drives them", () => {
  let t: Ctx;
  beforeEach(async () => (t = await emulator()));
  afterEach(() => t.emu.stop());

  const status = (p: string) =>
    t.call("GET", `/api/2.0/workspace/get-status?path=${encodeURIComponent(p)}`);

  it("mkdirs, then get-status answers DIRECTORY with the declared path and a stable object_id", async () => {
    assert.equal(
      (await t.call("POST", "/api/2.0/workspace/mkdirs", { path: "/Workspace/Shared/genie" }))
        .status,
      200,
    );
    const first = await status("/Workspace/Shared/genie");
    assert.equal(first.body["object_type"], "DIRECTORY");
    assert.equal(first.body["path"], "/Workspace/Shared/genie");
    assert.equal(typeof first.body["object_id"], "number");
    await t.call("POST", "/api/2.0/workspace/mkdirs", { path: "/Workspace/Shared/other" });
    assert.equal((await status("/Shared/genie")).body["object_id"], first.body["object_id"]);
    assert.equal((await status("/Shared/genie")).body["path"], "/Shared/genie");
  });

  it("delete {path, recursive: false} removes an empty folder; a second delete is 404 (the provider counts it as gone)", async () => {
    await t.call("POST", "/api/2.0/workspace/mkdirs", { path: "/Workspace/Shared/genie" });
    const res = await t.call("POST", "/api/2.0/workspace/delete", {
      path: "/Workspace/Shared/genie",
      recursive: false,
    });
    assert.equal(res.status, 200);
    assert.equal((await status("/Workspace/Shared/genie")).status, 404);
    const again = await t.call("POST", "/api/2.0/workspace/delete", {
      path: "/Workspace/Shared/genie",
      recursive: false,
    });
    assert.equal(again.status, 404);
    assert.equal(again.body["error_code"], "RESOURCE_DOES_NOT_EXIST");
  });

  it("a folder with a space in it is deleted only recursively, which trashes the space", async () => {
    await t.call("POST", "/api/2.0/workspace/mkdirs", { path: "/Workspace/Shared/genie" });
    const id = String(
      (await t.createSpace({ parent_path: "/Workspace/Shared/genie" }))["space_id"],
    );
    const plain = await t.call("POST", "/api/2.0/workspace/delete", {
      path: "/Workspace/Shared/genie",
      recursive: false,
    });
    assert.equal(plain.status, 400);
    assert.equal(plain.body["error_code"], "DIRECTORY_NOT_EMPTY");
    await t.call("POST", "/api/2.0/workspace/delete", {
      path: "/Workspace/Shared/genie",
      recursive: true,
    });
    assert.equal((await t.call("GET", `/api/2.0/genie/spaces/${id}`)).status, 404);
  });
});

describe("emulator: the timeline of changes, for deploy-order assertions", () => {
  let t: Ctx;
  afterEach(() => t.emu.stop());

  it("records the one-file stack's changes in the order they were made, readable over HTTP", async () => {
    t = await emulator({ seed: { ...defaultSeed(), tables: [], schemas: ["dev.sales"] } });
    const wid = String(
      (await t.call("POST", "/api/2.0/sql/warehouses", sqlEndpointCreate("w"))).body["id"],
    );
    t.clock.advance(2000);
    await t.call(
      "PUT",
      `/api/2.0/permissions/sql/warehouses/${wid}`,
      warehouseAclPut(ADMIN, ["analysts"]),
    );
    await executeStatement(t, wid, sqlTableCreate("dev.sales.orders", ORDERS));
    await executeStatement(t, wid, sqlTableCreate("dev.sales.customers", CUSTOMERS));
    await t.call(
      "PATCH",
      "/api/2.1/unity-catalog/permissions/table/dev.sales.orders",
      grantPatch("analysts", ["SELECT"]),
    );
    await t.call("POST", "/api/2.0/workspace/mkdirs", { path: "/Workspace/Shared/genie" });
    const space = await t.createSpace({
      warehouse_id: wid,
      parent_path: "/Workspace/Shared/genie",
    });
    await t.call("PATCH", `/api/2.0/permissions/genie/${String(space["space_id"])}`, {
      access_control_list: [{ group_name: "analysts", permission_level: "CAN_RUN" }],
    });
    const lines = t.emu.timeline.map((e) => `${e.action} ${e.object} ${e.name}`);
    assert.deepEqual(lines, [
      `create warehouse ${wid}`,
      `update warehouse-acl ${wid}`,
      "create table dev.sales.orders",
      "create table dev.sales.customers",
      "grant grant table:dev.sales.orders analysts SELECT",
      "create folder /Shared/genie",
      `create space ${String(space["space_id"])}`,
      `update space-acl ${String(space["space_id"])}`,
    ]);
    const over = await t.call("GET", "/__emulator/timeline", undefined, null);
    assert.deepEqual(
      (over.body["events"] as { seq: number }[]).map((e) => e.seq),
      [1, 2, 3, 4, 5, 6, 7, 8],
    );
  });

  it("a failed create of a space leaves no event", async () => {
    t = await emulator();
    await assert.rejects(t.createSpace({ warehouse_id: "nope" }));
    assert.deepEqual(t.emu.timeline, []);
  });
});

describe("emulator: warehouses and Unity Catalog survive a restart with a data directory", () => {
  it("a warehouse, its ACL, a table and a grant are read back after a restart", async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "genie-emu-"));
    try {
      const first = await emulator({ dataDir });
      const wid = String(
        (await first.call("POST", "/api/2.0/sql/warehouses", sqlEndpointCreate("w"))).body["id"],
      );
      await first.call(
        "PUT",
        `/api/2.0/permissions/sql/warehouses/${wid}`,
        warehouseAclPut(ADMIN, ["analysts"]),
      );
      await executeStatement(first, WAREHOUSE, sqlTableCreate("dev.sales.returns", ORDERS));
      await first.call(
        "PATCH",
        "/api/2.1/unity-catalog/permissions/table/dev.sales.returns",
        grantPatch("analysts", ["SELECT"]),
      );
      await first.emu.stop();
      assert.ok(fs.existsSync(path.join(dataDir, "platform.json")));

      const again = await startEmulator({ dataDir });
      const get = (p: string) =>
        fetch(again.url + p, { headers: { authorization: `Bearer ${again.token}` } }).then(
          async (r) => ({ status: r.status, body: (await r.json()) as Record<string, unknown> }),
        );
      try {
        assert.equal((await get(`/api/2.0/sql/warehouses/${wid}`)).body["name"], "w");
        const acl = (await get(`/api/2.0/permissions/sql/warehouses/${wid}`)).body;
        assert.ok(JSON.stringify(acl).includes('"group_name":"analysts"'));
        assert.equal((await get("/api/2.1/unity-catalog/tables/dev.sales.returns")).status, 200);
        assert.deepEqual(
          (await get("/api/2.1/unity-catalog/permissions/table/dev.sales.returns")).body,
          { privilege_assignments: [{ principal: "analysts", privileges: ["SELECT"] }] },
        );
      } finally {
        await again.stop();
      }
    } finally {
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
