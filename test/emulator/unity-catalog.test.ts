import { strict as assert } from "node:assert";
import { ADMIN } from "../../emulator";
import { emulator, WAREHOUSE } from "../support/emulator";
import { ORDERS, executeStatement, grantPatch, sqlTableCreate } from "../support/provider-requests";

type Ctx = Awaited<ReturnType<typeof emulator>>;
const UC = "/api/2.1/unity-catalog";
const ANALYST = "emulator-token-analyst";

describe("emulator: Unity Catalog catalogs, schemas and tables over REST", () => {
  let t: Ctx;
  beforeEach(async () => (t = await emulator()));
  afterEach(() => t.emu.stop());

  it("databricks.Catalog: create comes with default and information_schema; the provider deletes default", async () => {
    const res = await t.call("POST", `${UC}/catalogs`, { name: "Genie", comment: "for genie" });
    assert.equal(res.status, 200);
    assert.equal(res.body["name"], "genie");
    assert.equal(res.body["owner"], ADMIN);
    assert.equal(res.body["catalog_type"], "MANAGED_CATALOG");
    const schemas = async () =>
      (
        (await t.call("GET", `${UC}/schemas?catalog_name=genie`)).body["schemas"] as {
          name: string;
        }[]
      )
        .map((s) => s.name)
        .sort();
    assert.deepEqual(await schemas(), ["default", "information_schema"]);
    assert.equal((await t.call("DELETE", `${UC}/schemas/genie.default`)).status, 200);
    assert.deepEqual(await schemas(), ["information_schema"]);
    assert.equal((await t.call("GET", `${UC}/catalogs/genie`)).body["comment"], "for genie");
  });

  it("databricks.Catalog: PATCH changes comment and owner; a second create is 409; a missing one 404", async () => {
    await t.call("POST", `${UC}/catalogs`, { name: "genie" });
    const patched = await t.call("PATCH", `${UC}/catalogs/genie`, {
      comment: "c",
      owner: "analysts",
    });
    assert.equal(patched.body["comment"], "c");
    assert.equal(patched.body["owner"], "analysts");
    const dup = await t.call("POST", `${UC}/catalogs`, { name: "genie" });
    assert.equal(dup.status, 409);
    assert.equal(dup.body["error_code"], "CATALOG_ALREADY_EXISTS");
    const missing = await t.call("GET", `${UC}/catalogs/nope`);
    assert.equal(missing.status, 404);
    assert.equal(missing.body["error_code"], "CATALOG_DOES_NOT_EXIST");
  });

  it("deleting a catalog with schemas in it needs force=true", async () => {
    await t.call("POST", `${UC}/catalogs`, { name: "genie" });
    assert.equal((await t.call("DELETE", `${UC}/catalogs/genie`)).status, 400);
    assert.equal((await t.call("DELETE", `${UC}/catalogs/genie?force=true`)).status, 200);
    assert.equal((await t.call("GET", `${UC}/schemas/genie.default`)).status, 404);
  });

  it("databricks.Schema: create, read, PATCH, and delete (force=true when it holds tables)", async () => {
    const res = await t.call("POST", `${UC}/schemas`, {
      name: "genie",
      catalog_name: "dev",
      comment: "spaces",
    });
    assert.equal(res.status, 200);
    assert.equal(res.body["full_name"], "dev.genie");
    assert.equal((await t.call("GET", `${UC}/schemas/dev.genie`)).body["comment"], "spaces");
    assert.equal(
      (await t.call("PATCH", `${UC}/schemas/dev.genie`, { comment: "x" })).body["comment"],
      "x",
    );
    await executeStatement(t, WAREHOUSE, sqlTableCreate("dev.genie.orders", ORDERS));
    assert.equal((await t.call("DELETE", `${UC}/schemas/dev.genie`)).status, 400);
    assert.equal((await t.call("DELETE", `${UC}/schemas/dev.genie?force=true`)).status, 200);
    assert.equal((await t.call("GET", `${UC}/tables/dev.genie.orders`)).status, 404);
    const missing = await t.call("POST", `${UC}/schemas`, { name: "x", catalog_name: "nope" });
    assert.equal(missing.body["error_code"], "CATALOG_DOES_NOT_EXIST");
  });

  it("tables: read, exists, owner change (Tables.Update), delete; names are case-insensitive", async () => {
    const table = await t.call("GET", `${UC}/tables/DEV.Sales.Orders`);
    assert.equal(table.body["full_name"], "dev.sales.orders");
    assert.deepEqual((await t.call("GET", `${UC}/tables/dev.sales.orders/exists`)).body, {
      table_exists: true,
    });
    await t.call("PATCH", `${UC}/tables/dev.sales.orders`, { owner: "data-engineers" });
    assert.equal(
      (await t.call("GET", `${UC}/tables/dev.sales.orders`)).body["owner"],
      "data-engineers",
    );
    assert.equal((await t.call("DELETE", `${UC}/tables/dev.sales.orders`)).status, 200);
    assert.deepEqual((await t.call("GET", `${UC}/tables/dev.sales.orders/exists`)).body, {
      table_exists: false,
    });
  });

  it("the current metastore assignment names the workspace", async () => {
    const res = await t.call("GET", `${UC}/current-metastore-assignment`);
    assert.equal(res.body["workspace_id"], 1234567890123456);
    assert.equal(typeof res.body["metastore_id"], "string");
  });
});

describe("emulator: Unity Catalog grants as databricks.Grant drives them", () => {
  let t: Ctx;
  beforeEach(async () => (t = await emulator()));
  afterEach(() => t.emu.stop());

  const perms = (type: string, name: string) => `${UC}/permissions/${type}/${name}`;

  it("PATCH add, then GET shows the principal's privileges", async () => {
    const res = await t.call(
      "PATCH",
      perms("catalog", "dev"),
      grantPatch("analysts", ["USE_CATALOG"]),
    );
    assert.equal(res.status, 200);
    assert.deepEqual(res.body["privilege_assignments"], [
      { principal: "analysts", privileges: ["USE_CATALOG"] },
    ]);
    assert.deepEqual((await t.call("GET", perms("catalog", "dev"))).body, {
      privilege_assignments: [{ principal: "analysts", privileges: ["USE_CATALOG"] }],
    });
  });

  it("an update adds and removes in one change; a delete removes all, and GET then has no list", async () => {
    await t.call("PATCH", perms("table", "dev.sales.orders"), grantPatch("analysts", ["SELECT"]));
    await t.call(
      "PATCH",
      perms("table", "dev.sales.orders"),
      grantPatch("analysts", ["MODIFY"], ["SELECT"]),
    );
    assert.deepEqual(
      (await t.call("GET", perms("table", "dev.sales.orders"))).body["privilege_assignments"],
      [{ principal: "analysts", privileges: ["MODIFY"] }],
    );
    await t.call(
      "PATCH",
      perms("table", "dev.sales.orders"),
      grantPatch("analysts", [], ["MODIFY"]),
    );
    assert.deepEqual((await t.call("GET", perms("table", "dev.sales.orders"))).body, {});
  });

  it("other principals' grants stay; ?principal= filters; 'USE SCHEMA' is answered as USE_SCHEMA", async () => {
    await t.call(
      "PATCH",
      perms("schema", "dev.sales"),
      grantPatch("data-engineers", ["USE SCHEMA"]),
    );
    await t.call("PATCH", perms("schema", "dev.sales"), grantPatch("analysts", ["USE_SCHEMA"]));
    const all = (await t.call("GET", perms("schema", "dev.sales"))).body["privilege_assignments"];
    assert.equal((all as unknown[]).length, 2);
    const one = await t.call("GET", `${perms("schema", "dev.sales")}?principal=data-engineers`);
    assert.deepEqual(one.body["privilege_assignments"], [
      { principal: "data-engineers", privileges: ["USE_SCHEMA"] },
    ]);
  });

  it("refuses what Unity Catalog refuses: a privilege not for this type, add and remove of the same, an unknown principal or securable", async () => {
    const wrong = await t.call(
      "PATCH",
      perms("table", "dev.sales.orders"),
      grantPatch("analysts", ["USE_CATALOG"]),
    );
    assert.equal(wrong.status, 400);
    const both = await t.call(
      "PATCH",
      perms("catalog", "dev"),
      grantPatch("analysts", ["SELECT"], ["SELECT"]),
    );
    assert.match(
      String(both.body["message"]),
      /Duplicate privileges to add and delete for principal analysts/,
    );
    const ghost = await t.call("PATCH", perms("catalog", "dev"), grantPatch("ghosts", ["SELECT"]));
    assert.equal(ghost.status, 404);
    assert.equal(ghost.body["error_code"], "PRINCIPAL_DOES_NOT_EXIST");
    const table = await t.call("GET", perms("table", "dev.sales.nope"));
    assert.equal(table.body["error_code"], "TABLE_DOES_NOT_EXIST");
  });

  it("only an owner, an admin or a holder of MANAGE may change grants", async () => {
    const res = await t.call(
      "PATCH",
      perms("catalog", "dev"),
      grantPatch("analysts", ["USE_CATALOG"]),
      ANALYST,
    );
    assert.equal(res.status, 403);
    await t.call("PATCH", perms("catalog", "dev"), grantPatch("analysts", ["MANAGE"]));
    const managed = await t.call(
      "PATCH",
      perms("table", "dev.sales.orders"),
      grantPatch("analysts", ["SELECT"]),
      ANALYST,
    );
    assert.equal(managed.status, 200);
  });

  it("databricks.Grants: one PATCH with changes for several principals makes the list the declared one", async () => {
    await t.call("PATCH", perms("schema", "dev.sales"), grantPatch("data-engineers", ["MODIFY"]));
    const res = await t.call("PATCH", perms("schema", "dev.sales"), {
      changes: [
        { principal: "analysts", add: ["USE_SCHEMA", "SELECT"] },
        { principal: "data-engineers", remove: ["MODIFY"] },
      ],
    });
    assert.deepEqual(res.body["privilege_assignments"], [
      { principal: "analysts", privileges: ["SELECT", "USE_SCHEMA"] },
    ]);
  });

  it("effective permissions list what is granted on the table and what it inherits from schema and catalog", async () => {
    await t.call("PATCH", perms("catalog", "dev"), grantPatch("analysts", ["USE_CATALOG"]));
    await t.call("PATCH", perms("schema", "dev.sales"), grantPatch("analysts", ["USE_SCHEMA"]));
    await t.call("PATCH", perms("table", "dev.sales.orders"), grantPatch("analysts", ["SELECT"]));
    const res = await t.call(
      "GET",
      `${UC}/effective-permissions/table/dev.sales.orders?principal=analysts`,
    );
    assert.deepEqual(res.body["privilege_assignments"], [
      {
        principal: "analysts",
        privileges: [
          { privilege: "SELECT" },
          {
            privilege: "USE_SCHEMA",
            inherited_from_type: "SCHEMA",
            inherited_from_name: "dev.sales",
          },
          { privilege: "USE_CATALOG", inherited_from_type: "CATALOG", inherited_from_name: "dev" },
        ],
      },
    ]);
  });

  it("a table dropped and created again starts with no grants", async () => {
    await t.call("PATCH", perms("table", "dev.sales.orders"), grantPatch("analysts", ["SELECT"]));
    await executeStatement(t, WAREHOUSE, "DROP TABLE `dev`.`sales`.`orders`");
    await executeStatement(t, WAREHOUSE, sqlTableCreate("dev.sales.orders", ORDERS));
    assert.deepEqual((await t.call("GET", perms("table", "dev.sales.orders"))).body, {});
  });
});
