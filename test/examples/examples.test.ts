import { strict as assert } from "node:assert";
import { execFileSync, spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import * as yaml from "js-yaml";
import { devStackSeed } from "../../emulator";
import { DatabricksStandIn, GRANT, SQL_ENDPOINT, SQL_TABLE } from "../support/databricks-standin";
import { emulator } from "../support/emulator";
import { ProviderHost, secret } from "../support/host";
import { REPO, runProgram } from "../support/monitor";
import { entryPoint, ProgramEngine, stackConfig } from "../support/program-engine";
import { docExample } from "../support/readme";

/**
 * The examples a user copies (examples/, issue #22), run as `pulumi up` runs them: Pulumi's real
 * program runner against a recording monitor, the dynamic resources through Pulumi's real provider
 * host, against the emulator, and the Databricks provider's calls made by the stand-in. The engine
 * tier runs `promotion` under a real `pulumi` too (test/engine/examples.test.ts).
 */
const EXAMPLES = path.join(REPO, "examples");
const SPACE = "pulumi-nodejs:dynamic/genie:GenieSpace";
const ACL = "pulumi-nodejs:dynamic/genie:GenieSpacePermissions";
const TOKEN = "emulator-token-admin";

function file(example: string, name: string): string {
  return fs.readFileSync(path.join(EXAMPLES, example, name), "utf8");
}

/** One Pulumi stack of an example: its program run by the runner, the engine's state kept. */
async function stackOf(example: string, stack: string, config: Record<string, string>) {
  const dir = path.join(EXAMPLES, example);
  const project = /^name:\s*(\S+)/m.exec(file(example, "Pulumi.yaml"))?.[1] ?? example;
  return (dryRun: boolean, engine: ProgramEngine) =>
    runProgram({
      dir,
      entryPoint: entryPoint(dir),
      project,
      stack,
      config,
      secretKeys: ["databricks:token"],
      dryRun,
      responder: engine.responder,
    }).then(async (r) => {
      assert.deepEqual(r.monitor.errors(), [], r.stderr);
      assert.equal(r.code, 0, r.stderr);
      if (!dryRun) await engine.finish();
      return r;
    });
}

describe("examples/, as pulumi runs them, against the emulator", function () {
  this.timeout(300_000);

  it("smallest-space and whole-stack are the programs the README and docs/component.md show, word for word", () => {
    assert.equal(
      file("smallest-space", "index.ts"),
      docExample("README.md", "Five minutes against the emulator"),
    );
    assert.equal(
      file("whole-stack", "index.ts"),
      docExample("docs/component.md", "A whole stack in one file"),
    );
  });

  it("every TypeScript example compiles with its own tsconfig (Pulumi's template options)", () => {
    for (const example of ["smallest-space", "whole-stack", "promotion"]) {
      try {
        execFileSync(
          process.execPath,
          [require.resolve("typescript/bin/tsc"), "-p", path.join(EXAMPLES, example), "--noEmit"],
          { encoding: "utf8" },
        );
      } catch (e) {
        assert.fail(`${example} does not compile:\n${String((e as { stdout?: string }).stdout)}`);
      }
    }
  });

  it("smallest-space: up creates the space over dev.sales and its ACL; a second preview changes nothing", async () => {
    const t = await emulator();
    const config = { "databricks:host": t.emu.url, "databricks:token": TOKEN };
    const host = await ProviderHost.start({ ...config, "databricks:token": secret(TOKEN) });
    try {
      const engine = new ProgramEngine(host, new DatabricksStandIn(t));
      const run = await stackOf("smallest-space", "dev", config);
      const r = await run(false, engine);
      assert.deepEqual(
        engine.steps.map((s) => `${s.op} ${s.type}`).sort(),
        [`create ${SPACE}`, `create ${ACL}`].sort(),
      );
      const id = String(r.monitor.stackOutputs?.["spaceId"]);
      assert.deepEqual(
        (t.emu.space(id)?.document.data_sources?.tables ?? []).map((x) => x.identifier),
        ["dev.sales.customers", "dev.sales.orders"],
      );
      engine.steps = [];
      await run(true, engine);
      assert.ok(
        engine.steps.every((s) => s.op === "same"),
        JSON.stringify(engine.steps),
      );
    } finally {
      host.stop();
      await t.emu.stop();
    }
  });

  it("promotion: the one file deploys to dev and prod, each over its own catalog and warehouse, the rest the same", async () => {
    const t = await emulator();
    const host = await ProviderHost.start({
      "databricks:host": t.emu.url,
      "databricks:token": secret(TOKEN),
    });
    try {
      const made: Record<string, { warehouse: string; doc: string }> = {};
      for (const stack of ["dev", "prod"]) {
        const config = {
          ...stackConfig(path.join(EXAMPLES, "promotion", `Pulumi.${stack}.yaml`)),
          "databricks:host": t.emu.url,
          "databricks:token": TOKEN,
        };
        const engine = new ProgramEngine(host, new DatabricksStandIn(t));
        const r = await (await stackOf("promotion", stack, config))(false, engine);
        const live = t.emu.space(String(r.monitor.stackOutputs?.["spaceId"]));
        assert.equal(live?.title, `Sales analytics (${stack})`);
        assert.equal(live?.parent_path, `/Shared/genie/${stack}`);
        made[stack] = {
          warehouse: String(live?.warehouse_id),
          doc: JSON.stringify(live?.document),
        };
      }
      assert.equal(made["dev"]?.warehouse, "a1b2c3d4e5f60718");
      assert.equal(made["prod"]?.warehouse, "b2c3d4e5f6071829");
      assert.match(made["dev"]?.doc ?? "", /dev\.sales\.orders/);
      assert.doesNotMatch(made["prod"]?.doc ?? "", /dev\.sales/);
      assert.equal(made["prod"]?.doc, made["dev"]?.doc.replace(/\bdev\.sales\./g, "prod.sales."));
    } finally {
      host.stop();
      await t.emu.stop();
    }
  });

  it("whole-stack: up makes the warehouse, the tables on it, the grants, the folder, the space and its ACL", async () => {
    const t = await emulator({ seed: devStackSeed() });
    const config = { "databricks:host": t.emu.url, "databricks:token": TOKEN };
    const host = await ProviderHost.start({ ...config, "databricks:token": secret(TOKEN) });
    try {
      const engine = new ProgramEngine(host, new DatabricksStandIn(t));
      const r = await (await stackOf("whole-stack", "dev", config))(false, engine);
      const count = (type: string) => engine.steps.filter((s) => s.type === type).length;
      assert.equal(count(SQL_ENDPOINT), 1);
      assert.equal(count(SQL_TABLE), 2);
      assert.equal(count(GRANT), 4);
      assert.equal(count(SPACE), 1);
      assert.equal(count(ACL), 1);
      assert.ok(engine.steps.every((s) => s.op === "create"));
      assert.match(String(r.monitor.stackOutputs?.["url"]), /\/genie\/rooms\/[0-9a-f]{32}$/);
    } finally {
      host.stop();
      await t.emu.stop();
    }
  });

  it("github-actions: a pull request validates and previews prod, a merge deploys dev then prod, tokens only from secrets, and its genie steps pass on promotion", () => {
    const text = file("github-actions", "genie.yml");
    interface Step {
      run?: string;
      uses?: string;
      with?: Record<string, unknown>;
      env?: Record<string, string>;
    }
    interface Job {
      if: string;
      env?: Record<string, string>;
      steps: Step[];
    }
    const wf = yaml.load(text) as { on: Record<string, unknown>; jobs: Record<string, Job> };
    assert.deepEqual(Object.keys(wf.on).sort(), ["pull_request", "push"]);
    const { check, deploy } = wf.jobs;
    assert.ok(check !== undefined && deploy !== undefined);
    const pulumi = (job: Job) =>
      job.steps
        .filter((s) => s.uses?.startsWith("pulumi/actions@") === true)
        .map((s) => `${String(s.with?.["command"])} ${String(s.with?.["stack-name"])}`);
    assert.match(check.if, /pull_request/);
    assert.deepEqual(pulumi(check), ["preview prod"]);
    assert.match(deploy.if, /push/);
    assert.deepEqual(pulumi(deploy), ["up dev", "up prod"]);
    for (const m of text.matchAll(/DATABRICKS_TOKEN\w*:\s*(.+)/g))
      assert.match(m[1] as string, /^\$\{\{ secrets\.\w+ \}\}$/);

    const genieSteps = [...check.steps, ...deploy.steps]
      .map((s) => s.run ?? "")
      .filter((r) => r.startsWith("npx genie "));
    assert.equal(genieSteps.length, 2);
    for (const run of genieSteps) {
      const args = run.slice("npx genie ".length).split(/\s+/);
      const r = spawnSync(process.execPath, [path.join(REPO, "dist", "cli", "genie.js"), ...args], {
        cwd: path.join(EXAMPLES, "promotion"),
        encoding: "utf8",
      });
      assert.equal(r.status, 0, `${run}: ${r.stdout}${r.stderr}`);
    }
  });
});
