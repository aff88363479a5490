import { strict as assert } from "node:assert";
import * as path from "node:path";
import { devStackSeed } from "../emulator";
import { consumerProject, typescriptProject } from "./support/consumer";
import {
  DatabricksStandIn,
  DIRECTORY,
  GRANT,
  PERMISSIONS,
  SQL_ENDPOINT,
  SQL_TABLE,
} from "./support/databricks-standin";
import { emulator, WAREHOUSE } from "./support/emulator";
import { ProviderHost, secret } from "./support/host";
import { REPO, runProgram, type ProgramRun, UNKNOWN } from "./support/monitor";
import { entryPoint, ProgramEngine, stackConfig } from "./support/program-engine";
import { assertSpaceAfterItsDependencies, timelineEvents } from "./support/timeline";

/**
 * The Node side of `pulumi up` and `pulumi preview`, for real: the program runner the Node language
 * host starts (`@pulumi/pulumi/cmd/run`), with the arguments and environment the host gives it,
 * against a resource monitor served over gRPC by the test. What `pulumi` would do with the
 * registrations (check, diff, create, update through the dynamic-provider host) is done by the
 * real provider host against the emulator, and what the Databricks provider would do with the
 * `@pulumi/databricks` ones is done by a stand-in making its REST calls against the emulator.
 */

const STACK_TYPE = "pulumi:pulumi:Stack";
const COMPONENT = "genie:index:GenieAnalyticsSpace";
const SPACE = "pulumi-nodejs:dynamic/genie:GenieSpace";
const ACL = "pulumi-nodejs:dynamic/genie:GenieSpacePermissions";

const DEV = stackConfig(path.join(REPO, "Pulumi.dev.yaml"));

async function run(config: Record<string, string>, dryRun: boolean, engine?: ProgramEngine) {
  const r = await runProgram({
    dir: REPO,
    entryPoint: entryPoint(REPO),
    project: "genie-reference",
    stack: "dev",
    config,
    secretKeys: ["databricks:token"],
    dryRun,
    responder: engine?.responder,
  });
  if (!dryRun) await engine?.finish();
  return r;
}

/** Every custom resource of the dev stack, by type, sorted. */
const DEV_RESOURCES = [
  ...Array<string>(4).fill(GRANT),
  DIRECTORY,
  PERMISSIONS,
  SQL_ENDPOINT,
  SQL_TABLE,
  SQL_TABLE,
  SPACE,
  ACL,
].sort();

function succeeded(r: ProgramRun): void {
  assert.deepEqual(r.monitor.errors(), [], r.stderr);
  assert.deepEqual(r.monitor.unserved, []);
  assert.equal(r.code, 0, r.stderr);
}

describe("the reference program as pulumi runs it (cmd/run against a recording monitor)", function () {
  this.timeout(180_000);

  it("Pulumi.yaml names index.ts as the program, so pulumi runs the stack and never the library", async () => {
    assert.equal(entryPoint(REPO), "index.ts");
    const r = await run(DEV, true);
    succeeded(r);
    assert.deepEqual(
      r.monitor.registrations.map((x) => x.type).sort(),
      [STACK_TYPE, COMPONENT, ...DEV_RESOURCES].sort(),
    );
    assert.deepEqual(Object.keys(r.monitor.stackOutputs ?? {}).sort(), ["spaceId", "url"]);
    const wire = JSON.stringify(r.monitor.registrations.map((x) => x.wire));
    assert.ok(!wire.includes(DEV["databricks:token"] as string), "no credential in any input");
  });

  it("the dev config has the prod shape: a new warehouse, the tables made on it, the grants, the folder, the space and its ACL", async () => {
    const r = await run(DEV, true);
    succeeded(r);
    const inputs = (type: string) => r.monitor.of(type).map((x) => x.inputs);
    const [warehouse] = inputs(SQL_ENDPOINT);
    assert.equal(warehouse?.["name"], "genie-sales-dev");
    assert.equal(warehouse?.["enableServerlessCompute"], true);
    assert.deepEqual(inputs(PERMISSIONS)[0]?.["accessControls"], [
      { groupName: "analysts", permissionLevel: "CAN_USE" },
    ]);
    const tables = inputs(SQL_TABLE);
    assert.deepEqual(
      tables.map((t) => `${t["catalogName"]}.${t["schemaName"]}.${t["name"]}`).sort(),
      ["dev.sales.customers", "dev.sales.orders"],
    );
    assert.ok(
      tables.every((t) => t["warehouseId"] === UNKNOWN && t["tableType"] === "MANAGED"),
      "each table runs its DDL on the warehouse the stack creates (its id is not known yet)",
    );
    assert.deepEqual(
      inputs(GRANT)
        .map(
          (g) =>
            `${g["principal"]} ${JSON.stringify(g["privileges"])} ${g["catalog"] ?? g["schema"] ?? g["table"]}`,
        )
        .sort(),
      [
        'analysts ["SELECT"] dev.sales.customers',
        'analysts ["SELECT"] dev.sales.orders',
        'analysts ["USE_CATALOG"] dev',
        'analysts ["USE_SCHEMA"] dev.sales',
      ],
    );
    assert.equal(inputs(DIRECTORY)[0]?.["path"], "/Workspace/Shared/genie/dev");
    const space = inputs(SPACE)[0] ?? {};
    assert.equal(space["warehouseId"], UNKNOWN, "the space's warehouse is the one the stack makes");
    assert.equal(space["title"], "Sales analytics (dev)");
    assert.equal(space["parentPath"], "/Workspace/Shared/genie/dev");
    assert.deepEqual(space["variables"], { catalog: "dev", schema: "sales" });
    const acl = inputs(ACL)[0] ?? {};
    assert.deepEqual(acl["grants"], [{ groupName: "analysts", level: "CAN_RUN" }]);
    assert.equal(acl["spaceId"], UNKNOWN, "in a first preview the space id is not known yet");
  });

  describe("through the real provider host and the Databricks stand-in, against the emulator", () => {
    let stop: () => Promise<void>;
    let engine: ProgramEngine;
    let config: Record<string, string>;
    let t: Awaited<ReturnType<typeof emulator>>;
    const spaces = async () =>
      ((await t.call("GET", "/api/2.0/genie/spaces")).body["spaces"] ?? []) as Record<
        string,
        unknown
      >[];
    const events = (from = 0) => timelineEvents(t.emu, from);
    const ops = (types: string[]) =>
      engine.steps.filter((s) => types.includes(s.type)).map((s) => [s.op, s.replaces]);

    before(async () => {
      // The workspace npm run up:dev starts: dev.sales exists, without the tables the stack makes.
      t = await emulator({ seed: devStackSeed() });
      config = { ...DEV, "databricks:host": t.emu.url };
      const host = await ProviderHost.start({
        ...config,
        "databricks:token": secret(DEV["databricks:token"] as string),
      });
      engine = new ProgramEngine(host, new DatabricksStandIn(t));
      stop = async () => {
        host.stop();
        await t.emu.stop();
      };
    });
    after(() => stop());

    it("up creates the warehouse, the tables, the grants, the folder, the space and its ACL, the space after its tables, grants and folder", async () => {
      const r = await run(config, false, engine);
      succeeded(r);
      assert.deepEqual(
        engine.steps.map((s) => s.op),
        Array<string>(DEV_RESOURCES.length).fill("create"),
      );
      const live = await spaces();
      assert.equal(live.length, 1);
      const id = live[0]?.["space_id"] as string;
      assert.deepEqual(r.monitor.stackOutputs, {
        spaceId: id,
        url: `${config["databricks:host"]}/genie/rooms/${id}`,
      });
      assert.equal(r.monitor.of(ACL)[0]?.inputs["spaceId"], id);

      const warehouses = (await t.call("GET", "/api/2.0/sql/warehouses")).body[
        "warehouses"
      ] as Record<string, unknown>[];
      const made = warehouses.find((w) => w["name"] === "genie-sales-dev");
      assert.equal(made?.["state"], "RUNNING");
      assert.equal(t.emu.space(id)?.warehouse_id, made?.["id"], "the space runs on it");
      assert.equal(t.emu.space(id)?.parent_path, "/Shared/genie/dev");
      const orders = (await t.call("GET", "/api/2.1/unity-catalog/tables/dev.sales.orders")).body;
      assert.deepEqual(
        (orders["columns"] as { name: string; type_text: string }[]).map(
          (c) => `${c.name} ${c.type_text}`,
        ),
        ["order_id bigint", "customer_id bigint", "amount decimal(10,2)", "order_date date"],
      );
      const perms = await t.call("GET", `/api/2.0/permissions/genie/${id}`);
      assert.ok(JSON.stringify(perms.body).includes('"group_name":"analysts"'));

      const seen = events();
      const at = (e: string) => seen.indexOf(e);
      assertSpaceAfterItsDependencies(seen, id);
      assert.ok(
        at(`create warehouse ${String(made?.["id"])}`) < at("create table dev.sales.orders"),
      );
      assert.ok(at(`update space-acl ${id}`) > at(`create space ${id}`));
    });

    it("a preview with no change to the program changes nothing", async () => {
      engine.steps = [];
      const r = await run(config, true, engine);
      succeeded(r);
      assert.deepEqual(
        engine.steps.map((s) => s.op),
        Array<string>(DEV_RESOURCES.length).fill("same"),
      );
    });

    it("a preview of a change to the space shows an update of the space and never a replacement of its ACL", async () => {
      engine.steps = [];
      const moved = { ...config, "genie-reference:folder": "/Workspace/Shared/genie-moved" };
      const r = await run(moved, true, engine);
      succeeded(r);
      // The space's outputs are unknown during the preview of its update (the dynamic-provider
      // host does not preview updates), but its id is not: the ACL takes the id (issue #20), so
      // it previews no change, and one resource is updated where one changes.
      const id = (await spaces())[0]?.["space_id"];
      assert.equal(r.monitor.of(ACL)[0]?.inputs["spaceId"], id);
      assert.notEqual(id, UNKNOWN);
      assert.deepEqual(ops([SPACE, ACL]), [
        ["update", []],
        ["same", []],
      ]);
      // The folder is a databricks.Directory, whose path the provider replaces on.
      assert.deepEqual(ops([DIRECTORY]), [["replace", ["path"]]]);
      const up = await run(moved, false, engine);
      succeeded(up);
      const live = await spaces();
      assert.deepEqual(live.length, 1, "the space was moved, not replaced");
      assert.equal(live[0]?.["parent_path"], "/Shared/genie-moved");
      const old = await t.call("GET", "/api/2.0/workspace/get-status?path=/Shared/genie/dev");
      assert.equal(old.status, 404, "the old folder is deleted once the space left it");
    });

    it("destroy deletes everything, each after what depends on it: the space before its tables, the tables before their warehouse", async () => {
      const from = t.emu.timeline.length;
      await engine.destroy();
      assert.deepEqual(await spaces(), []);
      assert.equal(
        (await t.call("GET", "/api/2.1/unity-catalog/tables/dev.sales.orders")).status,
        404,
      );
      const warehouses = (await t.call("GET", "/api/2.0/sql/warehouses")).body[
        "warehouses"
      ] as Record<string, unknown>[];
      assert.ok(!warehouses.some((w) => w["name"] === "genie-sales-dev"));
      assert.deepEqual(
        (await t.call("GET", "/api/2.1/unity-catalog/permissions/catalog/dev")).body,
        {},
        "the catalog and schema grants are revoked",
      );
      const seen = events(from);
      const first = (prefix: string) => seen.findIndex((e) => e.startsWith(prefix));
      const last = (prefix: string) =>
        seen.length - 1 - [...seen].reverse().findIndex((e) => e.startsWith(prefix));
      assert.ok(first("delete space ") >= 0, seen.join("\n"));
      assert.ok(first("delete space ") < first("delete table "), seen.join("\n"));
      assert.ok(first("delete space ") < first("revoke grant "), seen.join("\n"));
      assert.ok(first("delete space ") < first("delete folder "), seen.join("\n"));
      assert.ok(last("delete table ") < first("delete warehouse "), seen.join("\n"));
    });
  });
});

describe("a new TypeScript project (as `pulumi new typescript` lays it out) using the package from npm pack", function () {
  this.timeout(180_000);

  it("registers its GenieSpace and GenieSpacePermissions and exports the URL, run as pulumi runs it", async () => {
    const dir = consumerProject();
    typescriptProject(
      dir,
      "genie-consumer",
      [
        'import * as pulumi from "@pulumi/pulumi";',
        'import { GenieSpace, GenieSpacePermissions } from "pulumi-databricks-genie";',
        "const config = new pulumi.Config();",
        'const space = new GenieSpace("sales", {',
        '  title: "Sales",',
        '  warehouseId: config.require("warehouseId"),',
        '  space: { tables: ["${catalog}.sales.orders"], instructions: "Amounts are in EUR." },',
        '  variables: { catalog: config.require("catalog") },',
        "});",
        'new GenieSpacePermissions("sales-acl", {',
        "  spaceId: space.spaceId,",
        '  grants: [{ groupName: "analysts", level: "CAN_RUN" }],',
        "});",
        "export const url = space.url;",
        "",
      ].join("\n"),
    );
    const r = await runProgram({
      dir,
      entryPoint: entryPoint(dir),
      project: "genie-consumer",
      stack: "dev",
      config: { "genie-consumer:warehouseId": WAREHOUSE, "genie-consumer:catalog": "dev" },
      dryRun: true,
    });
    succeeded(r);
    assert.deepEqual(
      r.monitor.registrations.map((x) => x.type),
      [STACK_TYPE, SPACE, ACL],
    );
    const provider = String(r.monitor.of(SPACE)[0]?.inputs["__provider"]);
    assert.match(provider, /require\("pulumi-databricks-genie\/runtime"\)/);
    assert.ok(!provider.includes(dir), "the serialized provider holds no absolute path");
    assert.deepEqual(Object.keys(r.monitor.stackOutputs ?? {}), ["url"]);
  });
});
