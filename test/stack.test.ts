import { strict as assert } from "node:assert";
import * as fs from "node:fs";
import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { emulator, WAREHOUSE } from "./support/emulator";
import { Engine } from "./support/engine";
import { type Props, ProviderHost, secret } from "./support/host";

/** `key: value` lines under `config:` of a stack file (ours are flat, no nesting). */
function stackConfig(file: string): Record<string, string> {
  const text = fs.readFileSync(path.join(__dirname, "..", file), "utf8");
  const out: Record<string, string> = {};
  for (const m of text.matchAll(/^\s+([\w-]+:[\w-]+):\s*(.+?)\s*$/gm))
    out[m[1] as string] = (m[2] as string).replace(/^"(.*)"$/, "$1");
  return out;
}

const SPACE = "pulumi-nodejs:dynamic/genie:GenieSpace";
const ACL = "pulumi-nodejs:dynamic/genie:GenieSpacePermissions";
const SQL_ENDPOINT = "databricks:index/sqlEndpoint:SqlEndpoint";
const SQL_TABLE = "databricks:index/sqlTable:SqlTable";

describe("reference stack (index.ts) with the dev config", function () {
  this.timeout(60_000);
  const registered: { type: string; name: string; inputs: Props }[] = [];
  let exported: { spaceId: pulumi.Output<string>; url: pulumi.Output<string> };

  before(async () => {
    pulumi.runtime.setAllConfig(stackConfig("Pulumi.dev.yaml"));
    await pulumi.runtime.setMocks(
      {
        newResource: (args) => {
          registered.push({ type: args.type, name: args.name, inputs: args.inputs as Props });
          const outs =
            args.type === SPACE
              ? {
                  spaceId: "01f0aaaabbbbccccddddeeeeffff0000",
                  url: "https://ws/genie/rooms/01f0aaaabbbbccccddddeeeeffff0000",
                }
              : {};
          // The warehouse the stack creates answers with the id of the emulator's warehouse, so
          // the Genie resources below can run against the emulator with these inputs.
          const id = args.type === SQL_ENDPOINT ? WAREHOUSE : `${args.name}-id`;
          return { id, state: { ...args.inputs, ...outs } };
        },
        call: (args) => {
          throw new Error(`unmocked call ${args.token}`);
        },
      },
      "genie-reference",
      "dev",
    );
    exported = (await import("../index")) as typeof exported;
    await new Promise<void>((resolve) =>
      pulumi.all([exported.spaceId, exported.url]).apply(() => resolve()),
    );
    // The ACL registers once the space's id is known.
    while (!registered.some((r) => r.type === ACL)) await new Promise((r) => setImmediate(r));
  });

  it("declares the prod shape in dev: the warehouse and its ACL, the two tables, the grants, the folder, the space and its ACL", () => {
    assert.deepEqual(
      registered.map((r) => `${r.type} ${r.name}`).sort(),
      [
        "genie:index:GenieAnalyticsSpace sales",
        `${SQL_ENDPOINT} sales-warehouse`,
        "databricks:index/permissions:Permissions sales-warehouse-users",
        `${SQL_TABLE} sales-table-dev-sales-orders`,
        `${SQL_TABLE} sales-table-dev-sales-customers`,
        "databricks:index/grant:Grant sales-grant-catalog-dev-analysts",
        "databricks:index/grant:Grant sales-grant-schema-dev-sales-analysts",
        "databricks:index/grant:Grant sales-grant-table-dev-sales-orders-analysts",
        "databricks:index/grant:Grant sales-grant-table-dev-sales-customers-analysts",
        "databricks:index/directory:Directory sales-folder",
        `${SPACE} sales-space`,
        `${ACL} sales-acl`,
      ].sort(),
    );
  });

  it("wires the new warehouse into the tables and the space, the folder, variables and consumers, with no credential in any input", () => {
    const space = registered.find((r) => r.type === SPACE)?.inputs ?? {};
    assert.equal(space["warehouseId"], WAREHOUSE);
    assert.ok(
      registered
        .filter((r) => r.type === SQL_TABLE)
        .every((r) => r.inputs["warehouseId"] === WAREHOUSE),
      "the tables' DDL runs on the stack's warehouse",
    );
    assert.equal(space["title"], "Sales analytics (dev)");
    assert.equal(space["parentPath"], "/Workspace/Shared/genie/dev");
    assert.deepEqual(space["variables"], { catalog: "dev", schema: "sales" });
    assert.deepEqual(registered.find((r) => r.type === ACL)?.inputs["grants"], [
      { groupName: "analysts", level: "CAN_RUN" },
    ]);
    assert.ok(!JSON.stringify(registered).includes("emulator-token-admin"));
  });

  it("exports the space id and URL", async () => {
    assert.equal(
      await new Promise((r) => exported.spaceId.apply(r)),
      "01f0aaaabbbbccccddddeeeeffff0000",
    );
    assert.match(String(await new Promise((r) => exported.url.apply(r))), /\/genie\/rooms\/01f0/);
  });

  it("runs its Genie resources through the provider host against the emulator: up, no-op preview, UI edit, refresh, up, destroy", async () => {
    const spaceInputs = registered.find((r) => r.type === SPACE)?.inputs ?? {};
    const aclInputs = registered.find((r) => r.type === ACL)?.inputs ?? {};
    const t = await emulator();
    const config = stackConfig("Pulumi.dev.yaml");
    const host = await ProviderHost.start({
      ...config,
      "databricks:host": t.emu.url,
      "databricks:token": secret(config["databricks:token"] ?? ""),
    });
    try {
      const engine = new Engine(host);
      assert.equal(await engine.up("sales-space", spaceInputs), "create");
      const id = String(engine.outputs("sales-space")["spaceId"]);
      const acl = { ...aclInputs, spaceId: id };
      assert.equal(await engine.up("sales-acl", acl), "create");
      assert.equal(t.emu.space(id)?.parent_path, "/Shared/genie/dev");
      assert.ok(JSON.stringify(t.emu.space(id)?.document).includes("dev.sales.orders"));
      const perms = await t.call("GET", `/api/2.0/permissions/genie/${id}`);
      assert.ok(JSON.stringify(perms.body).includes('"group_name":"analysts"'));

      assert.equal(await engine.preview("sales-space", spaceInputs), "same");
      assert.equal(await engine.preview("sales-acl", acl), "same");
      t.emu.edit(id, { instructions: "Edited in the UI" });
      assert.equal(await engine.refresh("sales-space"), "refresh-changed");
      assert.equal(await engine.refresh("sales-acl"), "refresh-same");
      assert.equal(await engine.preview("sales-space", spaceInputs), "update");
      assert.equal(await engine.up("sales-space", spaceInputs), "update");
      assert.equal(await engine.preview("sales-space", spaceInputs), "same");
      await engine.destroy("sales-acl");
      await engine.destroy("sales-space");
      assert.notEqual(t.emu.space(id)?.trashed_at, undefined);
    } finally {
      host.stop();
      await t.emu.stop();
    }
  });
});
