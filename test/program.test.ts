import { strict as assert } from "node:assert";
import * as path from "node:path";
import { consumerProject, typescriptProject } from "./support/consumer";
import { emulator, WAREHOUSE } from "./support/emulator";
import { ProviderHost, secret } from "./support/host";
import { REPO, runProgram, type ProgramRun, UNKNOWN } from "./support/monitor";
import { entryPoint, ProgramEngine, stackConfig } from "./support/program-engine";

/**
 * The Node side of `pulumi up` and `pulumi preview`, for real: the program runner the Node language
 * host starts (`@pulumi/pulumi/cmd/run`), with the arguments and environment the host gives it,
 * against a resource monitor served over gRPC by the test. What `pulumi` would do with the
 * registrations (check, diff, create, update through the dynamic-provider host) is done by the
 * real provider host against the emulator.
 */

const STACK_TYPE = "pulumi:pulumi:Stack";
const COMPONENT = "genie:index:GenieAnalyticsSpace";
const SPACE = "pulumi-nodejs:dynamic/genie:GenieSpace";
const ACL = "pulumi-nodejs:dynamic/genie:GenieSpacePermissions";

const DEV = stackConfig(path.join(REPO, "Pulumi.dev.yaml"));

function run(config: Record<string, string>, dryRun: boolean, engine?: ProgramEngine) {
  return runProgram({
    dir: REPO,
    entryPoint: entryPoint(REPO),
    project: "genie-reference",
    stack: "dev",
    config,
    secretKeys: ["databricks:token"],
    dryRun,
    responder: engine?.responder,
  });
}

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
      r.monitor.registrations.map((x) => x.type),
      [STACK_TYPE, COMPONENT, SPACE, ACL],
    );
    assert.deepEqual(Object.keys(r.monitor.stackOutputs ?? {}).sort(), ["spaceId", "url"]);
    const wire = JSON.stringify(r.monitor.registrations.map((x) => x.wire));
    assert.ok(!wire.includes(DEV["databricks:token"] as string), "no credential in any input");
  });

  it("the dev config registers the emulator's warehouse, the folder, the variables and the group's grant", async () => {
    const r = await run(DEV, true);
    succeeded(r);
    const space = r.monitor.of(SPACE)[0]?.inputs ?? {};
    assert.equal(space["warehouseId"], DEV["genie-reference:warehouseId"]);
    assert.equal(space["title"], "Sales analytics (dev)");
    assert.equal(space["parentPath"], "/Workspace/Shared/genie");
    assert.deepEqual(space["variables"], { catalog: "dev", schema: "sales" });
    const acl = r.monitor.of(ACL)[0]?.inputs ?? {};
    assert.deepEqual(acl["grants"], [{ groupName: "analysts", level: "CAN_RUN" }]);
    assert.equal(acl["spaceId"], UNKNOWN, "in a first preview the space id is not known yet");
  });

  describe("through the real provider host against the emulator", () => {
    let stop: () => Promise<void>;
    let engine: ProgramEngine;
    let config: Record<string, string>;
    let spaces: () => Promise<Record<string, unknown>[]>;

    before(async () => {
      const t = await emulator();
      config = { ...DEV, "databricks:host": t.emu.url };
      const host = await ProviderHost.start({
        ...config,
        "databricks:token": secret(DEV["databricks:token"] as string),
      });
      engine = new ProgramEngine(host);
      spaces = async () =>
        ((await t.call("GET", "/api/2.0/genie/spaces")).body["spaces"] ?? []) as Record<
          string,
          unknown
        >[];
      stop = async () => {
        host.stop();
        await t.emu.stop();
      };
    });
    after(() => stop());

    it("up creates the space and its ACL, and exports the space's id and URL", async () => {
      const r = await run(config, false, engine);
      succeeded(r);
      assert.deepEqual(
        engine.steps.map((s) => s.op),
        ["create", "create"],
      );
      const live = await spaces();
      assert.equal(live.length, 1);
      const id = live[0]?.["space_id"] as string;
      assert.deepEqual(r.monitor.stackOutputs, {
        spaceId: id,
        url: `${config["databricks:host"]}/genie/rooms/${id}`,
      });
      assert.equal(r.monitor.of(ACL)[0]?.inputs["spaceId"], id);
    });

    it("a preview with no change to the program changes nothing", async () => {
      engine.steps = [];
      const r = await run(config, true, engine);
      succeeded(r);
      assert.deepEqual(
        engine.steps.map((s) => s.op),
        ["same", "same"],
      );
    });

    it("a preview of a change to the space shows an update of the space and never a replacement of its ACL", async () => {
      engine.steps = [];
      const moved = { ...config, "genie-reference:folder": "/Workspace/Shared/genie-moved" };
      const r = await run(moved, true, engine);
      succeeded(r);
      // The space's outputs are unknown during the preview of its update (the dynamic-provider
      // host does not preview updates), so the ACL sees an unknown spaceId.
      assert.equal(r.monitor.of(ACL)[0]?.inputs["spaceId"], UNKNOWN);
      assert.deepEqual(
        engine.steps.map((s) => [s.op, s.replaces]),
        [
          ["update", []],
          ["update", []],
        ],
      );
      const up = await run(moved, false, engine);
      succeeded(up);
      assert.deepEqual((await spaces()).length, 1, "the space was moved, not replaced");
    });

    it("destroy removes the ACL, then trashes the space", async () => {
      await engine.destroy();
      assert.deepEqual(await spaces(), []);
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
