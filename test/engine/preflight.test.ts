import { strict as assert } from "node:assert";
import * as fs from "node:fs";
import { consumerProject, typescriptProject } from "../support/consumer";
import { emulator, WAREHOUSE } from "../support/emulator";
import { PulumiProject, requirePulumi, STACK_TRACE } from "../support/pulumi-cli";

/**
 * Engine tier (a real `pulumi`; skipped with a reason where none is on PATH): with
 * `databricks-genie:preflight: true`, `pulumi preview` names a misspelled table at its path before
 * anything is deployed, in one line per problem, and makes no write.
 */
const SOURCE = `import * as pulumi from "@pulumi/pulumi";
import { GenieSpace } from "pulumi-databricks-genie";
const catalog = new pulumi.Config().require("catalog");
new GenieSpace("sales", {
  title: "Sales",
  warehouseId: "${WAREHOUSE}",
  space: { tables: ["\${catalog}.sales.orders", "\${catalog}.sales.ordres"] },
  variables: { catalog },
});
`;

describe("engine tier: the preflight at pulumi preview", function () {
  this.timeout(900_000);
  let t: Awaited<ReturnType<typeof emulator>>;
  let dir: string;
  let project: PulumiProject | undefined;
  before(async function () {
    requirePulumi(this);
    t = await emulator();
    dir = consumerProject();
    typescriptProject(dir, "genie-preflight", SOURCE);
  });
  after(async () => {
    project?.remove();
    await t?.emu.stop();
    if (dir !== undefined) fs.rmSync(dir, { recursive: true, force: true });
  });

  it("names the misspelled table at space.tables[1] with a fix, and writes nothing", async () => {
    project = new PulumiProject(dir, "preflight");
    await project.init(
      { catalog: "dev", "databricks:host": t.emu.url, "databricks-genie:preflight": "true" },
      { "databricks:token": t.emu.token },
    );
    const before = t.emu.requests.length;
    const r = await project.pulumi(["preview"]);
    const out = r.stdout + r.stderr;
    assert.notEqual(r.code, 0, out);
    assert.match(
      out,
      /resource 'sales' has a problem: space\.tables\[1\]: table 'dev\.sales\.ordres' does not exist in this workspace's Unity Catalog \(fix: correct the name/,
    );
    assert.doesNotMatch(out, /\{<nil>\}/);
    assert.doesNotMatch(out, STACK_TRACE);
    const writes = t.emu.requests.slice(before).filter((q) => q.method !== "GET");
    assert.deepEqual(writes, []);
  });
});
