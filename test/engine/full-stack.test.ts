import { strict as assert } from "node:assert";
import * as fs from "node:fs";
import { devStackSeed, type Emulator, startEmulator } from "../../emulator";
import { consumerProject, typescriptProject } from "../support/consumer";
import {
  databricksPlugin,
  PulumiProject,
  requireDatabricksPlugin,
  STACK_TRACE,
} from "../support/pulumi-cli";
import { docExample } from "../support/readme";
import { assertSpaceAfterItsDependencies, timelineEvents } from "../support/timeline";

type Body = Record<string, unknown>;

/**
 * The README's one-file stack (a warehouse, two tables, a space shared with a group) under a real
 * `pulumi` and the real Databricks provider, against the emulator. Engine tier: skipped with the
 * reason printed unless `pulumi` is on PATH and `pulumi plugin ls` lists a `databricks` resource
 * plugin (these build machines have neither the plugin nor a way to download it). The project is
 * a new one, with the package installed from `npm pack`, and its stack is `dev`, so the README's
 * catalog is `dev`, whose `sales` schema the emulator starts empty.
 */
describe("engine tier: docs/component.md's one-file stack under a real pulumi and the Databricks provider", function () {
  this.timeout(900_000);
  let emu: Emulator;
  let project: PulumiProject | undefined;

  const send = async (method: string, path: string, body?: unknown) => {
    const res = await fetch(emu.url + path, {
      method,
      headers: { authorization: `Bearer ${emu.token}`, "content-type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    return { status: res.status, body: (text === "" ? {} : JSON.parse(text)) as Body };
  };
  const call = async (method: string, path: string, body?: unknown) =>
    (await send(method, path, body)).body;
  const pulumi = (args: string[]) => (project as PulumiProject).must(args);
  const warehouse = async () =>
    ((await call("GET", "/api/2.0/sql/warehouses"))["warehouses"] as Body[]).find(
      (w) => w["name"] === "genie-sales-dev",
    );
  const spaces = async () =>
    ((await call("GET", "/api/2.0/genie/spaces"))["spaces"] ?? []) as Body[];
  const privileges = async (securable: string) =>
    (
      ((await call("GET", `/api/2.1/unity-catalog/permissions/${securable}`))[
        "privilege_assignments"
      ] ?? []) as { principal: string; privileges: string[] }[]
    ).find((a) => a.principal === "analysts")?.privileges ?? [];
  const columns = async (table: string) =>
    ((await call("GET", `/api/2.1/unity-catalog/tables/${table}`))["columns"] as Body[]).map(
      (c) => `${String(c["name"])} ${String(c["type_text"])}`,
    );
  const events = (from = 0) => timelineEvents(emu, from);
  /** Refresh finds what changed outside, up restores it, and then nothing is left to change. */
  const refreshUpSettled = async () => {
    await pulumi(["refresh"]);
    const up = await pulumi(["up"]);
    assert.doesNotMatch(up.stdout + up.stderr, STACK_TRACE);
    await pulumi(["preview", "--expect-no-changes"]);
  };

  before(async function () {
    requireDatabricksPlugin(this);
    // Pulumi runs the plugin version @pulumi/databricks names, and downloads it when that one is
    // not installed: a different installed version fails the run with the version it needs.
    const wanted = (
      JSON.parse(fs.readFileSync(require.resolve("@pulumi/databricks/package.json"), "utf8")) as {
        version: string;
      }
    ).version;
    console.log(
      `    (Databricks plugin ${String(databricksPlugin())}; @pulumi/databricks asks for ${wanted})`,
    );
    emu = await startEmulator({ port: 0, seed: devStackSeed() });
    const dir = consumerProject();
    typescriptProject(
      dir,
      "genie-readme",
      docExample("docs/component.md", "A whole stack in one file"),
    );
    project = new PulumiProject(dir, "dev");
    project.usePlugins();
    await project.init({ "databricks:host": emu.url }, { "databricks:token": emu.token });
  });
  after(async () => {
    project?.remove();
    await emu?.stop();
  });

  it("up creates the warehouse, both tables, the grants, the folder, the space and its ACL, the space after its tables and grants", async () => {
    const up = await pulumi(["up"]);
    assert.doesNotMatch(up.stdout + up.stderr, STACK_TRACE);
    const w = await warehouse();
    assert.equal(w?.["state"], "RUNNING");
    assert.deepEqual(await columns("dev.sales.orders"), [
      "order_id bigint",
      "customer_id bigint",
      "amount decimal(10,2)",
    ]);
    assert.deepEqual(await columns("dev.sales.customers"), ["id bigint", "name string"]);
    assert.deepEqual(await privileges("catalog/dev"), ["USE_CATALOG"]);
    assert.deepEqual(await privileges("schema/dev.sales"), ["USE_SCHEMA"]);
    assert.deepEqual(await privileges("table/dev.sales.orders"), ["SELECT"]);
    assert.deepEqual(await privileges("table/dev.sales.customers"), ["SELECT"]);
    const [space] = await spaces();
    assert.equal(space?.["warehouse_id"], w?.["id"]);
    assert.equal(space?.["parent_path"], "/Shared/genie/dev");
    const acl = await call("GET", `/api/2.0/permissions/genie/${String(space?.["space_id"])}`);
    assert.match(JSON.stringify(acl), /"group_name":"analysts".*?"permission_level":"CAN_RUN"/);
    const out = await (project as PulumiProject).outputs();
    assert.match(String(out["url"]), new RegExp(`/genie/rooms/${String(space?.["space_id"])}$`));

    assertSpaceAfterItsDependencies(events(), String(space?.["space_id"]));
  });

  it("a preview finds nothing to change, and after a refresh still nothing", async () => {
    await pulumi(["preview", "--expect-no-changes"]);
    await pulumi(["refresh"]);
    await pulumi(["preview", "--expect-no-changes"]);
  });

  it("a warehouse deleted outside is found by refresh and made again by up, and the space moves to it", async () => {
    const old = String((await warehouse())?.["id"]);
    assert.equal((await send("DELETE", `/api/2.0/sql/warehouses/${old}`)).status, 200);
    await refreshUpSettled();
    const made = await warehouse();
    assert.equal(made?.["state"], "RUNNING");
    assert.notEqual(made?.["id"], old);
    assert.equal((await spaces())[0]?.["warehouse_id"], made?.["id"]);
    const acl = await call("GET", `/api/2.0/permissions/sql/warehouses/${String(made?.["id"])}`);
    assert.match(JSON.stringify(acl), /"group_name":"analysts".*?"CAN_USE"/);
    assert.deepEqual(await columns("dev.sales.customers"), ["id bigint", "name string"]);
  });

  it("a grant revoked outside is found by refresh and restored by up", async () => {
    await call("PATCH", "/api/2.1/unity-catalog/permissions/table/dev.sales.orders", {
      changes: [{ principal: "analysts", remove: ["SELECT"] }],
    });
    assert.deepEqual(await privileges("table/dev.sales.orders"), []);
    await refreshUpSettled();
    assert.deepEqual(await privileges("table/dev.sales.orders"), ["SELECT"]);
  });

  it("a table dropped outside is found by refresh and made again by up, with its columns and its grant", async () => {
    const drop = await call("POST", "/api/2.0/sql/statements", {
      statement: "DROP TABLE `dev`.`sales`.`customers`",
      warehouse_id: (await warehouse())?.["id"],
      wait_timeout: "50s",
    });
    assert.equal((drop["status"] as Body)["state"], "SUCCEEDED");
    await refreshUpSettled();
    assert.deepEqual(await columns("dev.sales.customers"), ["id bigint", "name string"]);
    assert.deepEqual(await privileges("table/dev.sales.customers"), ["SELECT"]);
  });

  it("destroy deletes everything, each after what depends on it", async () => {
    const from = emu.timeline.length;
    const d = await pulumi(["destroy"]);
    assert.doesNotMatch(d.stdout + d.stderr, STACK_TRACE);
    assert.deepEqual(await spaces(), []);
    assert.equal(await warehouse(), undefined);
    assert.equal((await send("GET", "/api/2.1/unity-catalog/tables/dev.sales.orders")).status, 404);
    assert.deepEqual(await privileges("catalog/dev"), []);
    const folder = await send("GET", "/api/2.0/workspace/get-status?path=/Shared/genie/dev");
    assert.equal(folder.status, 404);
    const seen = events(from);
    const first = (p: string) => seen.findIndex((e) => e.startsWith(p));
    const lastTable =
      seen.length - 1 - [...seen].reverse().findIndex((e) => e.startsWith("delete table "));
    assert.ok(first("delete space ") >= 0, seen.join("\n"));
    for (const after of ["delete table ", "revoke grant ", "delete folder "])
      assert.ok(
        first("delete space ") < first(after),
        `space before ${after}:\n${seen.join("\n")}`,
      );
    assert.ok(lastTable < first("delete warehouse "), seen.join("\n"));
  });
});
