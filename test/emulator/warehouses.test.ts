import { strict as assert } from "node:assert";
import { ADMIN } from "../../emulator";
import { emulator } from "../support/emulator";
import { sqlEndpointCreate, warehouseAclPut } from "../support/provider-requests";

type Ctx = Awaited<ReturnType<typeof emulator>>;
const W = "/api/2.0/sql/warehouses";
const ANALYST = "emulator-token-analyst";

describe("emulator: SQL warehouses as databricks.SqlEndpoint drives them", () => {
  let t: Ctx;
  beforeEach(async () => (t = await emulator()));
  afterEach(() => t.emu.stop());

  const create = async (name = "genie-sales-dev") => {
    const res = await t.call("POST", W, sqlEndpointCreate(name));
    assert.equal(res.status, 200, JSON.stringify(res.body));
    return String(res.body["id"]);
  };

  it("create answers only the id; the warehouse is STARTING, then RUNNING as the clock advances", async () => {
    const res = await t.call("POST", W, sqlEndpointCreate("genie-sales-dev"));
    assert.deepEqual(Object.keys(res.body), ["id"]);
    assert.match(String(res.body["id"]), /^[0-9a-f]{16}$/);
    const id = String(res.body["id"]);
    assert.equal((await t.call("GET", `${W}/${id}`)).body["state"], "STARTING");
    t.clock.advance(1999);
    assert.equal((await t.call("GET", `${W}/${id}`)).body["state"], "STARTING");
    t.clock.advance(1);
    assert.equal((await t.call("GET", `${W}/${id}`)).body["state"], "RUNNING");
  });

  it("GET gives back every field create sent, with the creator and the connection details", async () => {
    const id = await create();
    const w = (await t.call("GET", `${W}/${id}`)).body;
    for (const [k, v] of Object.entries(sqlEndpointCreate("genie-sales-dev")))
      assert.deepEqual(w[k], v, k);
    assert.equal(w["id"], id);
    assert.equal(w["creator_name"], ADMIN);
    assert.equal(w["min_num_clusters"], 1);
    assert.deepEqual(w["channel"], { name: "CHANNEL_NAME_CURRENT" });
    assert.match(String(w["jdbc_url"]), new RegExp(`/sql/1.0/warehouses/${id}`));
    assert.equal((w["odbc_params"] as { path: string }).path, `/sql/1.0/warehouses/${id}`);
  });

  it("the data-source list the provider reads for data_source_id is a bare array naming the warehouse", async () => {
    const id = await create();
    const res = await t.call("GET", "/api/2.0/preview/sql/data_sources");
    assert.ok(Array.isArray(res.body));
    const ds = (res.body as unknown as { id: string; warehouse_id: string }[]).find(
      (d) => d.warehouse_id === id,
    );
    assert.ok(ds !== undefined && ds.id !== "");
  });

  it("edit (POST .../edit, the whole spec) changes what GET shows and keeps the state", async () => {
    const id = await create();
    t.clock.advance(2000);
    const res = await t.call("POST", `${W}/${id}/edit`, {
      ...sqlEndpointCreate("genie-sales-dev", "Small"),
      auto_stop_mins: 20,
    });
    assert.equal(res.status, 200);
    const w = (await t.call("GET", `${W}/${id}`)).body;
    assert.equal(w["cluster_size"], "Small");
    assert.equal(w["auto_stop_mins"], 20);
    assert.equal(w["state"], "RUNNING");
  });

  it("stop goes STOPPING then STOPPED; start goes STARTING then RUNNING", async () => {
    const id = await create();
    t.clock.advance(2000);
    assert.equal((await t.call("POST", `${W}/${id}/stop`)).status, 200);
    assert.equal((await t.call("GET", `${W}/${id}`)).body["state"], "STOPPING");
    t.clock.advance(2000);
    assert.equal((await t.call("GET", `${W}/${id}`)).body["state"], "STOPPED");
    assert.equal((await t.call("POST", `${W}/${id}/start`)).status, 200);
    assert.equal((await t.call("GET", `${W}/${id}`)).body["state"], "STARTING");
    t.clock.advance(2000);
    assert.equal((await t.call("GET", `${W}/${id}`)).body["state"], "RUNNING");
  });

  it("delete answers {}; afterwards GET is 404 RESOURCE_DOES_NOT_EXIST, so a refresh finds it gone", async () => {
    const id = await create();
    const res = await t.call("DELETE", `${W}/${id}`);
    assert.equal(res.status, 200);
    assert.deepEqual(res.body, {});
    const gone = await t.call("GET", `${W}/${id}`);
    assert.equal(gone.status, 404);
    assert.equal(gone.body["error_code"], "RESOURCE_DOES_NOT_EXIST");
  });

  it("refuses a second warehouse of the same name and an unknown cluster size with 400", async () => {
    await create("dup");
    const dup = await t.call("POST", W, sqlEndpointCreate("dup"));
    assert.equal(dup.status, 400);
    assert.match(String(dup.body["message"]), /SQL warehouse with name `dup` already exists/);
    const size = await t.call("POST", W, sqlEndpointCreate("x", "Huge"));
    assert.equal(size.status, 400);
  });

  it("a Genie space can be created on a warehouse made through the API, and not on a deleted one", async () => {
    const id = await create();
    assert.equal((await t.createSpace({ warehouse_id: id }))["warehouse_id"], id);
    await t.call("DELETE", `${W}/${id}`);
    await assert.rejects(t.createSpace({ warehouse_id: id }), /400/);
  });

  it("lists the seed's warehouses RUNNING with the ones made since", async () => {
    const id = await create();
    const list = (await t.call("GET", W)).body["warehouses"] as { id: string; state: string }[];
    assert.deepEqual(
      list.map((w) => w.id),
      ["a1b2c3d4e5f60718", "b2c3d4e5f6071829", id],
    );
    assert.equal(list[0]?.state, "RUNNING");
  });
});

describe("emulator: warehouse permissions as databricks.Permissions (sqlEndpointId) drives them", () => {
  let t: Ctx;
  let id: string;
  const acl = (wid: string) => `/api/2.0/permissions/sql/warehouses/${wid}`;
  beforeEach(async () => {
    t = await emulator();
    id = String((await t.call("POST", W, sqlEndpointCreate("genie-sales-dev"))).body["id"]);
  });
  afterEach(() => t.emu.stop());

  const direct = (body: Record<string, unknown>) =>
    (body["access_control_list"] as Record<string, unknown>[]).flatMap((e) =>
      (e["all_permissions"] as { permission_level: string; inherited: boolean }[])
        .filter((p) => !p.inherited)
        .map(
          (p) =>
            `${String(e["user_name"] ?? e["group_name"] ?? e["service_principal_name"])}=${p.permission_level}`,
        ),
    );

  it("a new warehouse is owned by its creator; admins manage it by inheritance", async () => {
    const res = await t.call("GET", acl(id));
    assert.equal(res.body["object_type"], "warehouses");
    assert.equal(res.body["object_id"], `/sql/warehouses/${id}`);
    assert.deepEqual(direct(res.body), [`${ADMIN}=IS_OWNER`]);
    const admins = (res.body["access_control_list"] as Record<string, unknown>[]).find(
      (e) => e["group_name"] === "admins",
    );
    assert.deepEqual(admins?.["all_permissions"], [
      {
        permission_level: "CAN_MANAGE",
        inherited: true,
        inherited_from_object: ["/sql/warehouses/"],
      },
    ]);
  });

  it("the provider's PUT (consumers, caller as CAN_MANAGE and IS_OWNER) reads back as sent", async () => {
    const put = await t.call("PUT", acl(id), warehouseAclPut(ADMIN, ["analysts"]));
    assert.equal(put.status, 200);
    assert.deepEqual(direct((await t.call("GET", acl(id))).body).sort(), [
      `${ADMIN}=CAN_MANAGE`,
      `${ADMIN}=IS_OWNER`,
      "analysts=CAN_USE",
    ]);
  });

  it("the provider's delete PUT (caller and owner only) removes the consumers", async () => {
    await t.call("PUT", acl(id), warehouseAclPut(ADMIN, ["analysts"]));
    await t.call("PUT", acl(id), warehouseAclPut(ADMIN, []));
    assert.deepEqual(direct((await t.call("GET", acl(id))).body).sort(), [
      `${ADMIN}=CAN_MANAGE`,
      `${ADMIN}=IS_OWNER`,
    ]);
  });

  it("a PUT without IS_OWNER keeps the owner; the older path /permissions/warehouses answers too", async () => {
    await t.call("PUT", acl(id), {
      access_control_list: [{ group_name: "analysts", permission_level: "CAN_USE" }],
    });
    const res = await t.call("GET", `/api/2.0/permissions/warehouses/${id}`);
    assert.deepEqual(direct(res.body).sort(), [`${ADMIN}=IS_OWNER`, "analysts=CAN_USE"]);
  });

  it("CAN_USE lets a consumer see the warehouse; without it, no edit", async () => {
    assert.equal((await t.call("GET", `${W}/${id}`, undefined, ANALYST)).status, 403);
    await t.call("PUT", acl(id), warehouseAclPut(ADMIN, ["analysts"]));
    assert.equal((await t.call("GET", `${W}/${id}`, undefined, ANALYST)).status, 200);
    const edit = await t.call(
      "POST",
      `${W}/${id}/edit`,
      sqlEndpointCreate("genie-sales-dev", "Small"),
      ANALYST,
    );
    assert.equal(edit.status, 403);
  });

  it("rejects a level warehouses do not have and an unknown principal with 400", async () => {
    const bad = await t.call("PUT", acl(id), {
      access_control_list: [{ group_name: "analysts", permission_level: "CAN_RUN" }],
    });
    assert.equal(bad.status, 400);
    const nobody = await t.call("PUT", acl(id), {
      access_control_list: [{ group_name: "ghosts", permission_level: "CAN_USE" }],
    });
    assert.equal(nobody.status, 400);
  });

  it("the ACL of a deleted warehouse is 404, which the provider's read and delete count as gone", async () => {
    await t.call("DELETE", `${W}/${id}`);
    assert.equal((await t.call("GET", acl(id))).status, 404);
  });
});
