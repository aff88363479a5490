import { strict as assert } from "node:assert";
import { startEmulator } from "../../emulator";
import { emulator, WAREHOUSE } from "../support/emulator";

type Ctx = Awaited<ReturnType<typeof emulator>>;
const SPACES = "/api/2.0/genie/spaces";
const UC = "/api/2.1/unity-catalog";
const ANALYST = "emulator-token-analyst";

const doc = (data: Record<string, unknown>, instructions?: Record<string, unknown>) =>
  JSON.stringify({
    version: 2,
    data_sources: data,
    ...(instructions === undefined ? {} : { instructions }),
  });
const tables = (...names: string[]) => ({ tables: names.map((identifier) => ({ identifier })) });

describe("emulator: tables, functions and columns the document names (requireTables)", () => {
  let t: Ctx;
  beforeEach(async () => (t = await emulator({ config: { requireTables: true } })));
  afterEach(() => t.emu.stop());

  const create = (serialized_space: string, token?: string) =>
    t.call("POST", SPACES, { warehouse_id: WAREHOUSE, title: "S", serialized_space }, token);

  it("create over tables that exist answers 200", async () => {
    const res = await create(doc(tables("dev.sales.customers", "dev.sales.orders")));
    assert.equal(res.status, 200, JSON.stringify(res.body));
  });

  it("create naming a table that does not exist answers 403 PERMISSION_DENIED naming it", async () => {
    const res = await create(doc(tables("dev.sales.orders", "dev.sales.ordres")));
    assert.equal(res.status, 403);
    assert.deepEqual(res.body, {
      error_code: "PERMISSION_DENIED",
      message:
        "Table or view 'dev.sales.ordres' does not exist or you do not have permission to read it.",
    });
  });

  it("create naming a metric view that does not exist is refused the same way", async () => {
    const res = await create(doc({ metric_views: [{ identifier: "dev.sales.mv_revenue" }] }));
    assert.equal(res.status, 403);
    assert.match(String(res.body["message"]), /'dev\.sales\.mv_revenue' does not exist/);
  });

  it("a table the caller cannot read is refused; with USE CATALOG, USE SCHEMA and SELECT it is taken", async () => {
    const space = doc(tables("dev.sales.orders"));
    assert.equal((await create(space, ANALYST)).status, 403);
    for (const [type, name, privilege] of [
      ["catalog", "dev", "USE_CATALOG"],
      ["schema", "dev.sales", "USE_SCHEMA"],
      ["table", "dev.sales.orders", "SELECT"],
    ] as const) {
      const res = await t.call("PATCH", `${UC}/permissions/${type}/${name}`, {
        changes: [{ principal: "analysts", add: [privilege] }],
      });
      assert.equal(res.status, 200, JSON.stringify(res.body));
    }
    assert.equal((await create(space, ANALYST)).status, 200);
  });

  it("GET of a table needs USE CATALOG, USE SCHEMA and SELECT, as the tables API says", async () => {
    const path = `${UC}/tables/dev.sales.orders`;
    assert.equal((await t.call("GET", path)).status, 200);
    const res = await t.call("GET", path, undefined, ANALYST);
    assert.equal(res.status, 403);
    assert.equal(
      res.body["message"],
      "User analyst@example.com does not have USE CATALOG on Catalog 'dev'.",
    );
  });

  it("a SQL function that does not exist fails with the server's 500 'Failed to retrieve schema from unity catalog.'", async () => {
    const fn = (identifier: string) => ({
      sql_functions: [{ id: "01f0000000000000000000000000000a", identifier }],
    });
    const ok = await create(doc(tables("dev.sales.orders"), fn("dev.sales.fiscal_quarter")));
    assert.equal(ok.status, 200, JSON.stringify(ok.body));
    const res = await create(doc(tables("dev.sales.orders"), fn("dev.sales.fiscal_quartr")));
    assert.equal(res.status, 500);
    assert.deepEqual(res.body, {
      error_code: "INTERNAL_ERROR",
      message: "Failed to retrieve schema from unity catalog.",
    });
  });

  it("a column setting for a column the table lacks fails the same way", async () => {
    const withColumn = (column_name: string) =>
      doc({ tables: [{ identifier: "dev.sales.orders", column_configs: [{ column_name }] }] });
    assert.equal((await create(withColumn("amount"))).status, 200);
    const res = await create(withColumn("amount_eur"));
    assert.equal(res.status, 500);
    assert.equal(res.body["message"], "Failed to retrieve schema from unity catalog.");
  });

  it("an update naming a missing table is refused and leaves the space as it was", async () => {
    const made = await create(doc(tables("dev.sales.orders")));
    const id = String(made.body["space_id"]);
    const res = await t.call("PATCH", `${SPACES}/${id}`, {
      serialized_space: doc(tables("dev.sales.nope", "dev.sales.orders")),
    });
    assert.equal(res.status, 403);
    const after = await t.call("GET", `${SPACES}/${id}?include_serialized_space=true`);
    assert.equal(after.body["etag"], made.body["etag"]);
    assert.doesNotMatch(String(after.body["serialized_space"]), /nope/);
  });

  it("the UI edit addTable refuses a table that does not exist", async () => {
    const made = await create(doc(tables("dev.sales.orders")));
    const id = String(made.body["space_id"]);
    const res = await fetch(`${t.emu.url}/__emulator/spaces/${id}/edit`, {
      method: "POST",
      body: JSON.stringify({ addTable: "dev.sales.missing" }),
    });
    assert.equal(res.status, 404);
    assert.match(await res.text(), /Table 'dev\.sales\.missing' does not exist/);
    const ok = await fetch(`${t.emu.url}/__emulator/spaces/${id}/edit`, {
      method: "POST",
      body: JSON.stringify({ addTable: "dev.sales.customers" }),
    });
    assert.equal(ok.status, 200);
  });

  it("requireTables: false (POST /__emulator/config) accepts tables that do not exist", async () => {
    await fetch(`${t.emu.url}/__emulator/config`, {
      method: "POST",
      body: JSON.stringify({ requireTables: false }),
    });
    assert.equal((await create(doc(tables("nowhere.at.all")))).status, 200);
  });

  it("is on by default, where the environment does not turn it off", async () => {
    const saved = process.env["GENIE_EMULATOR_REQUIRE_TABLES"];
    delete process.env["GENIE_EMULATOR_REQUIRE_TABLES"];
    try {
      const emu = await startEmulator({ port: 0 });
      assert.equal(emu.config.requireTables, true);
      await emu.stop();
    } finally {
      if (saved !== undefined) process.env["GENIE_EMULATOR_REQUIRE_TABLES"] = saved;
    }
  });
});
