import { strict as assert } from "node:assert";
import * as fs from "node:fs";
import * as path from "node:path";
import { type Emulator, startEmulator } from "../../emulator";
import { canonicalize, toSerializedSpace } from "../../provider";
import { consumerProject, typescriptProject } from "../support/consumer";
import { WAREHOUSE } from "../support/emulator";
import { exec, PulumiProject, requirePulumi, type Run } from "../support/pulumi-cli";

/**
 * Engine tier (a real `pulumi`; skipped with a reason where none is on PATH): the README's
 * walkthrough from a space made in the UI to a promoted one, with the package installed from
 * `npm pack` and `npx genie` run in the project. `genie generate` writes the program; the first
 * `pulumi up` of dev adopts the space and the next preview shows no change; a UI edit comes back
 * with `genie pull`, and the up that records it keeps it; prod, with other variables, gets a space
 * of its own.
 */
const SPACE = {
  tables: ["dev.sales.orders", "dev.sales.customers"],
  instructions: "Revenue means SUM(dev.sales.orders.amount).\nAmounts are in EUR.",
  sampleQuestions: ["What was revenue last month?"],
  joins: [
    {
      left: "dev.sales.orders",
      right: "dev.sales.customers",
      sql: "orders.customer_id = customers.id",
      relationship: "MANY_TO_ONE" as const,
    },
  ],
  benchmarks: [{ question: "How many orders?", sql: "SELECT COUNT(*) FROM dev.sales.orders" }],
};

describe("engine tier: genie generate, pulumi up adopts, genie pull after a UI edit, prod promoted", function () {
  this.timeout(900_000);
  let emu: Emulator;
  let dir: string;
  let dev: PulumiProject;
  let prod: PulumiProject | undefined;
  let id: string;
  const token = "emulator-token-admin";
  const genie = async (args: string[]): Promise<Run> => {
    const r = await exec("npx", ["genie", ...args], {
      cwd: dir,
      env: {
        ...dev.env,
        DATABRICKS_HOST: emu.url,
        DATABRICKS_TOKEN: token,
        npm_config_offline: "true",
      },
    });
    assert.equal(r.code, 0, `genie ${args.join(" ")}:\n${r.stdout}\n${r.stderr}`);
    return r;
  };
  const live = (spaceId: string) => JSON.stringify(emu.space(spaceId)?.document);

  before(async function () {
    requirePulumi(this);
    emu = await startEmulator({ config: { trashLagMs: 0, staleReadMs: 0 } });
    const res = await fetch(`${emu.url}/api/2.0/genie/spaces`, {
      method: "POST",
      headers: { authorization: `Bearer ${token}` },
      body: JSON.stringify({
        warehouse_id: WAREHOUSE,
        title: "Sales analytics",
        description: "Made in the UI",
        parent_path: "/Shared/Genie",
        serialized_space: JSON.stringify(toSerializedSpace(SPACE).document),
      }),
    });
    id = ((await res.json()) as { space_id: string }).space_id;
    dir = consumerProject();
    typescriptProject(dir, "genie-generated", "");
    dev = new PulumiProject(dir, "dev");
    await dev.init({ "databricks:host": emu.url }, { "databricks:token": token });
  });
  after(async () => {
    dev?.remove();
    prod?.remove();
    await emu?.stop();
    if (dir !== undefined) fs.rmSync(dir, { recursive: true, force: true });
  });

  it("genie generate writes index.ts; the first up of dev adopts the space (no new one) and preview shows no change", async () => {
    await genie([
      "generate",
      id,
      "-o",
      "index.ts",
      "--templatize",
      "catalog=dev,schema=sales",
      "--name",
      "sales",
    ]);
    const before = live(id);
    const up = await dev.must(["up"]);
    assert.match(up.stdout, /GenieSpace sales created/); // new in the state, not in the workspace
    const outputs = await dev.outputs();
    assert.equal(outputs["salesId"], id);
    assert.equal(
      emu.requests.filter((r) => r.method === "POST" && r.path === "/api/2.0/genie/spaces").length,
      1,
    );
    assert.deepEqual(canonicalize(live(id)), canonicalize(before));
    await dev.must(["preview", "--expect-no-changes"]);
  });

  it("a UI edit, pulled back with genie pull: a reviewable change of index.ts; up keeps the edit, then nothing to change", async () => {
    emu.edit(id, { instructions: "Revenue means SUM(dev.sales.orders.amount) net of refunds." });
    const program = fs.readFileSync(path.join(dir, "index.ts"), "utf8");
    await genie(["pull", id, "index.ts"]);
    const pulled = fs.readFileSync(path.join(dir, "index.ts"), "utf8");
    assert.notEqual(pulled, program);
    assert.match(
      pulled,
      /instructions: "Revenue means SUM\(\$\{catalog\}\.\$\{schema\}\.orders\.amount\) net of refunds\."/,
    );
    // The state still holds the document last applied: the next up records the pulled one,
    // which is the live one, so the UI edit stays.
    const preview = await dev.must(["preview", "--diff"]);
    assert.match(preview.stdout, /~ 1 to update/);
    assert.doesNotMatch(preview.stdout, /to replace|to create|to delete/);
    const edited = live(id);
    await dev.must(["up"]);
    assert.deepEqual(canonicalize(live(id)), canonicalize(edited));
    await dev.must(["preview", "--expect-no-changes"]);
  });

  it("prod, the same program with catalog=prod: a space of its own, not dev's", async () => {
    prod = new PulumiProject(dir, "prod");
    await prod.init(
      { "databricks:host": emu.url, "genie-generated:catalog": "prod" },
      { "databricks:token": token },
    );
    await prod.must(["up"]);
    const prodId = (await prod.outputs())["salesId"] as string;
    assert.notEqual(prodId, id);
    assert.match(live(prodId), /"prod\.sales\.orders"/);
    assert.doesNotMatch(live(prodId), /dev\.sales/);
    assert.match(live(id), /"dev\.sales\.orders"/);
    await prod.must(["preview", "--expect-no-changes"]);
  });
});
