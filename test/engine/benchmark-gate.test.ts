import { strict as assert } from "node:assert";
import * as fs from "node:fs";
import * as path from "node:path";
import { type Emulator, startEmulator } from "../../emulator";
import { benchmarkDocument } from "../support/benchmarks";
import { consumerProject, typescriptProject } from "../support/consumer";
import { WAREHOUSE } from "../support/emulator";
import { PulumiProject, requirePulumi, STACK_TRACE } from "../support/pulumi-cli";

/**
 * Engine tier (a real `pulumi`; skipped with a reason where none is on PATH): a stack whose space
 * is gated on its benchmarks. `up` fails when the space scores below the gate, naming the failing
 * questions; passes otherwise; a no-op preview runs no evaluation.
 */
const PROGRAM = `import * as fs from "fs";
import * as pulumi from "@pulumi/pulumi";
import { GenieBenchmarkGate, GenieSpace } from "pulumi-databricks-genie";

const config = new pulumi.Config();
const sales = new GenieSpace("sales", {
  title: "Sales",
  warehouseId: config.require("warehouseId"),
  serializedSpace: fs.readFileSync(config.require("file"), "utf8"),
});
const gate = new GenieBenchmarkGate("sales-benchmarks", {
  spaceId: sales.id,
  etag: sales.etag,
  minAccuracy: 0.8,
});
export const accuracy = gate.accuracy;
export const evalRunId = gate.evalRunId;
`;

describe("engine tier: a stack gated on its space's benchmarks", function () {
  this.timeout(900_000);
  let emu: Emulator;
  let project: PulumiProject;
  const evalPosts = () =>
    emu.requests.filter((r) => r.method === "POST" && r.path.endsWith("/eval-runs")).length;

  before(async function () {
    requirePulumi(this);
    emu = await startEmulator({ config: { evalStartMs: 5, evalQuestionMs: 5 } });
    const dir = consumerProject();
    typescriptProject(dir, "genie-gate", PROGRAM);
    fs.writeFileSync(path.join(dir, "good.geniespace.json"), benchmarkDocument({ fixed: true }));
    fs.writeFileSync(path.join(dir, "worse.geniespace.json"), benchmarkDocument());
    project = new PulumiProject(dir, "dev");
    await project.init(
      {
        "genie-gate:warehouseId": WAREHOUSE,
        "genie-gate:file": "good.geniespace.json",
        "databricks:host": emu.url,
      },
      { "databricks:token": "emulator-token-admin" },
    );
  });
  after(async () => {
    project?.remove();
    await emu?.stop();
  });

  it("up passes a space that scores at or above the gate, recording the accuracy", async () => {
    await project.must(["up"]);
    const out = await project.outputs();
    assert.equal(out["accuracy"], 1);
    assert.match(String(out["evalRunId"]), /^[0-9a-f]{32}$/);
  });

  it("a no-op preview and up run no evaluation", async () => {
    const before = evalPosts();
    await project.must(["preview", "--expect-no-changes"]);
    await project.must(["up", "--expect-no-changes"]);
    assert.equal(evalPosts(), before);
  });

  it("up fails when the changed space scores below the gate, naming the failing question and its reasons", async () => {
    await project.must(["config", "set", "file", "worse.geniespace.json"]);
    const r = await project.pulumi(["up"]);
    assert.notEqual(r.code, 0);
    const said = r.stdout + r.stderr;
    assert.match(said, /accuracy 0\.67 \(2 of 3 GOOD\) is below the minimum 0\.80/);
    assert.match(said, /'Top customer': BAD \(EMPTY_RESULT\)/);
    assert.match(said, /already applied/);
    assert.doesNotMatch(said, STACK_TRACE);
  });

  it("reverting the change passes the gate again", async () => {
    await project.must(["config", "set", "file", "good.geniespace.json"]);
    await project.must(["up"]);
    assert.equal((await project.outputs())["accuracy"], 1);
    await project.must(["destroy"]);
  });
});
