import { strict as assert } from "node:assert";
import * as fs from "node:fs";
import * as path from "node:path";
import { systemClock } from "../../emulator";
import { consumerProject, typescriptProject } from "../support/consumer";
import { emulator } from "../support/emulator";
import { PulumiProject, requirePulumi } from "../support/pulumi-cli";

/**
 * Engine tier (a real `pulumi`; skipped with a reason where none is on PATH): examples/promotion as
 * a user runs it, its files copied into a new project with the package from `npm pack`: one file,
 * deployed to dev, promoted to prod, each stack with its own catalog and warehouse (issue #22).
 */
const EXAMPLE = path.join(__dirname, "..", "..", "examples", "promotion");

describe("engine tier: examples/promotion, dev then prod, under a real pulumi", function () {
  this.timeout(900_000);
  let t: Awaited<ReturnType<typeof emulator>>;
  let dir: string;
  const projects: PulumiProject[] = [];

  before(async function () {
    requirePulumi(this);
    t = await emulator({ clock: systemClock });
    dir = consumerProject();
    typescriptProject(dir, "promotion", fs.readFileSync(path.join(EXAMPLE, "index.ts"), "utf8"));
    for (const f of ["sales.geniespace.json", "Pulumi.dev.yaml", "Pulumi.prod.yaml"])
      fs.copyFileSync(path.join(EXAMPLE, f), path.join(dir, f));
  });
  after(async () => {
    for (const p of projects) p.remove();
    if (dir !== undefined) fs.rmSync(dir, { recursive: true, force: true });
    await t?.emu.stop();
  });

  it("each stack makes its own space from the one file; a second preview changes nothing; destroy trashes both", async () => {
    const ids: Record<string, string> = {};
    for (const stack of ["dev", "prod"]) {
      const project = new PulumiProject(dir, stack);
      projects.push(project);
      await project.init(
        { "databricks:host": t.emu.url },
        { "databricks:token": "emulator-token-admin" },
      );
      await project.must(["up"]);
      await project.must(["preview", "--expect-no-changes"]);
      ids[stack] = String((await project.outputs())["spaceId"]);
    }
    const dev = t.emu.space(ids["dev"] as string);
    const prod = t.emu.space(ids["prod"] as string);
    assert.notEqual(ids["dev"], ids["prod"]);
    assert.equal(dev?.warehouse_id, "a1b2c3d4e5f60718");
    assert.equal(prod?.warehouse_id, "b2c3d4e5f6071829");
    assert.deepEqual(
      prod?.document.data_sources?.tables?.map((x) => x.identifier),
      ["prod.sales.customers", "prod.sales.orders"],
    );
    assert.equal(
      JSON.stringify(prod?.document),
      JSON.stringify(dev?.document).replace(/\bdev\.sales\./g, "prod.sales."),
    );
    for (const p of projects) await p.must(["destroy"]);
    for (const id of Object.values(ids)) assert.notEqual(t.emu.space(id)?.trashed_at, undefined);
    assert.notEqual(t.emu.space(ids["prod"] as string)?.trashed_at, undefined);
  });
});
