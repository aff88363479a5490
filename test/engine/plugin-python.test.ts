import { strict as assert } from "node:assert";
import * as fs from "node:fs";
import * as path from "node:path";
import { type Emulator, startEmulator } from "../../emulator";
import { adminCaller, WAREHOUSE } from "../support/emulator";
import { cliVersion, OFFLINE_NPM, pythonVenv, repositoryCopy } from "../support/plugin-project";
import {
  databricksPlugin,
  PULUMI,
  PulumiProject,
  requirePulumi,
  STACK_TRACE,
} from "../support/pulumi-cli";

type Body = Record<string, unknown>;

/**
 * Engine tier (a real `pulumi` and Python; skipped with the reason where either is missing): the
 * example Python program (examples/python-space) through the genie provider plugin, from a fresh
 * checkout: `pulumi install` builds the plugin and installs its generated SDK, then the whole
 * lifecycle against the emulator, `pulumi import` included. With the Databricks plugin installed,
 * the component too (its warehouse, grants, space and ACL).
 */
describe("engine tier: a Python program through the genie provider plugin", function () {
  this.timeout(1_200_000);
  let emu: Emulator;
  let project: PulumiProject;
  let dir: string;
  let analytics = false;
  const token = "emulator-token-admin";

  const call = (method: string, p: string, body?: unknown) => adminCaller(emu)(method, p, body);
  const spaces = async () =>
    ((await call("GET", "/api/2.0/genie/spaces"))["spaces"] ?? []) as Body[];
  const program = () => path.join(dir, "__main__.py");
  /** `pulumi import`'s generated code, added to the program as a user would (unprotected). */
  const adopt = (file: string) =>
    fs.appendFileSync(
      program(),
      "\n" +
        fs
          .readFileSync(file, "utf8")
          .split("\n")
          .filter((l) => !/^import /.test(l))
          .join("\n")
          .replace(/,?\s*opts = pulumi\.ResourceOptions\(protect=True\)/, ""),
    );

  before(async function () {
    requirePulumi(this);
    const version = cliVersion(PULUMI) as string;
    const { venv, why } = pythonVenv(version);
    if (venv === undefined) {
      console.log(`    (skipped: ${why}; this tier needs Python and Pulumi's SDK from PyPI)`);
      this.skip();
    }
    emu = await startEmulator({ port: 0, config: { trashLagMs: 0, staleReadMs: 0 } });
    dir = path.join(repositoryCopy(), "examples", "python-space");
    // The project's virtualenv is the kept one (its Pulumi.yaml names it by absolute path).
    const yaml = path.join(dir, "Pulumi.yaml");
    fs.writeFileSync(
      yaml,
      fs.readFileSync(yaml, "utf8").replace(/virtualenv: venv/, `virtualenv: ${venv as string}`),
    );
    project = new PulumiProject(dir, "dev", OFFLINE_NPM);
    project.usePlugins();
    analytics = databricksPlugin() !== undefined;
    if (!analytics)
      console.log(
        "    (the component's part is left out: no databricks resource plugin installed)",
      );
    await project.init(
      {
        "genie-python-space:warehouseId": WAREHOUSE,
        "genie-python-space:analytics": String(analytics),
        "genie:host": emu.url,
        "databricks:host": emu.url,
      },
      { "genie:token": token, "databricks:token": token },
    );
  });
  after(async () => {
    project?.remove();
    await emu?.stop();
  });

  it("pulumi install on a fresh checkout builds the plugin and installs its Python SDK", async () => {
    const r = await project.mustWithoutStack(["install"]);
    assert.match(r.stdout + r.stderr, /pulumi_genie/);
    assert.ok(fs.existsSync(path.join(dir, "sdks", "genie", "pulumi_genie", "genie_space.py")));
  });

  it("up creates the space and its ACL (and the component's warehouse, grants, space and ACL)", async () => {
    const up = await project.must(["up"]);
    assert.doesNotMatch(up.stdout + up.stderr, STACK_TRACE);
    assert.equal((await spaces()).length, analytics ? 2 : 1);
    const { spaceId } = (await project.outputs()) as { spaceId: string };
    const acl = await call("GET", `/api/2.0/permissions/genie/${spaceId}`);
    assert.match(
      JSON.stringify(acl),
      /"group_name":"analysts","all_permissions":\[\{"permission_level":"CAN_RUN"/,
    );
    if (analytics) {
      const { analyticsWarehouseId } = (await project.outputs()) as {
        analyticsWarehouseId: string;
      };
      const w = await call("GET", `/api/2.0/sql/warehouses/${analyticsWarehouseId}`);
      assert.equal(w["name"], "genie-analytics-dev");
      const grants = await call("GET", "/api/2.1/unity-catalog/permissions/table/dev.sales.orders");
      assert.match(JSON.stringify(grants), /"principal":"analysts","privileges":\["SELECT"\]/);
    }
    await project.must(["preview", "--expect-no-changes"]);
  });

  it("a UI edit: refresh finds it, preview --diff names exactly space.instructions, one resource to update", async () => {
    const { spaceId } = (await project.outputs()) as { spaceId: string };
    await call("POST", `/__emulator/spaces/${spaceId}/edit`, { instructions: "Edited in the UI" });
    await project.must(["refresh"]);
    const diff = await project.must(["preview", "--diff"]);
    assert.match(
      diff.stdout,
      /~ space: \{\n\s+~ instructions: "Edited in the UI" => "Amounts are in EUR\."\n\s+\}/,
    );
    assert.match(diff.stdout, /~ 1 to update/);
    assert.doesNotMatch(diff.stdout, /to replace/);
    await project.must(["up"]);
    await project.must(["preview", "--expect-no-changes"]);
  });

  it("a change to the space previews one update: the ACL, fed by the spaceId output, shows no change", async () => {
    await project.must(["config", "set", "instructions", "Amounts are in USD."]);
    const preview = await project.must(["preview", "--diff"]);
    assert.match(preview.stdout, /~ 1 to update/);
    assert.doesNotMatch(preview.stdout, /GenieSpacePermissions: \(update\)/);
    const up = await project.must(["up"]);
    assert.match(up.stdout, /1 updated/);
  });

  it("pulumi import of a space and its ACL made outside: the generated Python runs and previews no change", async () => {
    const made = await call("POST", "/api/2.0/genie/spaces", {
      warehouse_id: WAREHOUSE,
      title: "Made in the UI",
      serialized_space: JSON.stringify({
        version: 2,
        data_sources: { tables: [{ identifier: "dev.sales.orders" }] },
        config: {
          sample_questions: [
            { id: "01f0c3a1b2c3d4e5f60718293a4b5c6d", question: ["How many orders?"] },
          ],
        },
      }),
    });
    const id = String(made["space_id"]);
    await call("PATCH", `/api/2.0/permissions/genie/${id}`, {
      access_control_list: [{ group_name: "analysts", permission_level: "CAN_READ" }],
    });
    const out = path.join(project.backend, "imported.py");
    const aclOut = path.join(project.backend, "imported-acl.py");
    await project.must(["import", "genie:index:GenieSpace", "legacy", id, "--out", out, "--yes"]);
    await project.must([
      "import",
      "genie:index:GenieSpacePermissions",
      "legacy-acl",
      `${id}/permissions`,
      "--out",
      aclOut,
      "--yes",
    ]);
    assert.match(fs.readFileSync(out, "utf8"), /"sample_questions": \["How many orders\?"\]/);
    assert.match(fs.readFileSync(aclOut, "utf8"), /group_name.*analysts/);
    adopt(out);
    adopt(aclOut);
    await project.must(["state", "unprotect", "--all", "--yes"]);
    await project.must(["preview", "--expect-no-changes"]);
    assert.equal((await spaces()).filter((s) => s["space_id"] === id).length, 1);
  });

  it("the import resource option takes over a space a program declares as it is", async () => {
    const made = await call("POST", "/api/2.0/genie/spaces", {
      warehouse_id: WAREHOUSE,
      title: "Taken over",
      serialized_space: JSON.stringify({
        version: 2,
        data_sources: { tables: [{ identifier: "dev.sales.customers" }] },
      }),
    });
    fs.appendFileSync(
      program(),
      [
        "",
        "genie.GenieSpace(",
        '    "taken-over",',
        '    title="Taken over",',
        `    warehouse_id="${WAREHOUSE}",`,
        '    parent_path="/Users/admin@example.com",',
        '    space=genie.GenieSpaceSpecArgs(tables=["dev.sales.customers"]),',
        `    opts=pulumi.ResourceOptions(import_="${String(made["space_id"])}"),`,
        ")",
        "",
      ].join("\n"),
    );
    const up = await project.must(["up"]);
    assert.match(up.stdout, /1 imported/);
    await project.must(["preview", "--expect-no-changes"]);
  });

  it("destroy trashes every space, the imported ones too, with no stack trace", async () => {
    const d = await project.must(["destroy"]);
    assert.doesNotMatch(d.stdout + d.stderr, STACK_TRACE);
    assert.match(d.stdout + d.stderr, /its conversation history is lost for good/);
    assert.deepEqual(await spaces(), []);
  });
});
