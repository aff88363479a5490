import { strict as assert } from "node:assert";
import * as fs from "node:fs";
import { defaultSeed, systemClock } from "../../emulator";
import { consumerProject, typescriptProject } from "../support/consumer";
import { emulator, WAREHOUSE } from "../support/emulator";
import { PulumiProject, requirePulumi, STACK_TRACE } from "../support/pulumi-cli";

/**
 * Engine tier (a real `pulumi`; skipped with a reason where none is on PATH): a token in the stack
 * config is rotated and the old one revoked. `refresh` and `destroy` use the provider config the
 * state saved at the last update, so they are refused until `--run-program` (or `up`) saves the
 * new one; the refusal says so, once. docs/credentials.md documents exactly this path (issue #22).
 */
const PROGRAM = `import { GenieSpace } from "pulumi-databricks-genie";
const space = new GenieSpace("rotated", {
  title: "Rotated",
  warehouseId: "${WAREHOUSE}",
  space: { tables: ["dev.sales.orders"] },
});
export const spaceId = space.spaceId;
`;
const OLD = "emulator-token-rotation-old";
const NEW = "emulator-token-rotation-new";

describe("engine tier: rotating and revoking a token kept in the stack config", function () {
  this.timeout(600_000);
  let t: Awaited<ReturnType<typeof emulator>>;
  let project: PulumiProject;
  let dir: string;
  const seed = defaultSeed();
  seed.tokens[OLD] = "admin@example.com";
  seed.tokens[NEW] = "admin@example.com";

  before(async function () {
    requirePulumi(this);
    t = await emulator({ seed, clock: systemClock });
    dir = consumerProject();
    typescriptProject(dir, "genie-rotation", PROGRAM);
    project = new PulumiProject(dir, "dev");
    await project.init({ "databricks:host": t.emu.url }, { "databricks:token": OLD });
  });
  after(async () => {
    project?.remove();
    if (dir !== undefined) fs.rmSync(dir, { recursive: true, force: true });
    await t?.emu.stop();
  });

  it("follows the documented path: refused refresh and destroy name --run-program; it works; then plain commands work again", async () => {
    await project.must(["up"]);
    const id = String((await project.outputs())["spaceId"]);
    assert.ok(
      !(await project.exported()).includes(OLD),
      "the token is in the state encrypted only",
    );

    await project.must(["config", "set", "--secret", "databricks:token", NEW]);
    delete seed.tokens[OLD]; // revoked

    for (const command of ["refresh", "destroy"]) {
      const r = await project.pulumi([command]);
      const shown = `${r.stdout}\n${r.stderr}`;
      assert.notEqual(r.code, 0, `plain ${command} used the saved, revoked token: ${shown}`);
      assert.match(shown, /HTTP 401/);
      assert.match(shown, /Pulumi config databricks:token/);
      assert.match(shown, /pulumi refresh --run-program/);
      assert.doesNotMatch(shown, STACK_TRACE);
      assert.ok(!shown.includes(NEW) && !shown.includes(OLD), "no token in the output");
    }
    assert.equal(t.emu.space(id)?.trashed_at, undefined, "the refused destroy trashed nothing");

    await project.must(["refresh", "--run-program"]);
    await project.must(["refresh"]); // the state now holds the new token
    await project.must(["destroy"]);
    assert.notEqual(t.emu.space(id)?.trashed_at, undefined);
  });
});
