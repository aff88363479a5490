import { strict as assert } from "node:assert";
import * as fs from "node:fs";
import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { emulator } from "./support/emulator";
import { Engine } from "./support/engine";
import { type Props, ProviderHost, secret } from "./support/host";

/** `key: value` lines under `config:` of a stack file (ours are flat, no nesting). */
function stackConfig(file: string): Record<string, string> {
  const text = fs.readFileSync(path.join(__dirname, "..", file), "utf8");
  const out: Record<string, string> = {};
  for (const m of text.matchAll(/^\s+([\w-]+:[\w-]+):\s*(.+?)\s*$/gm))
    out[m[1] as string] = m[2] as string;
  return out;
}

describe("reference stack (index.ts) with the dev config", function () {
  this.timeout(60_000);
  const registered: { type: string; name: string; inputs: Props }[] = [];

  before(async () => {
    pulumi.runtime.setAllConfig(stackConfig("Pulumi.dev.yaml"));
    await pulumi.runtime.setMocks(
      {
        newResource: (args) => {
          registered.push({ type: args.type, name: args.name, inputs: args.inputs as Props });
          return { id: `${args.name}-id`, state: { ...args.inputs, spaceId: "01f0", url: "u" } };
        },
        call: (args) => {
          throw new Error(`unmocked call ${args.token}`);
        },
      },
      "genie-reference",
      "dev",
    );
    await import("../index");
    await new Promise((r) => setImmediate(r));
  });

  it("declares one GenieSpace with the dev warehouse, folder and variables, and no credential in its inputs", () => {
    const spaces = registered.filter((r) => r.type === "pulumi-nodejs:dynamic/genie:GenieSpace");
    assert.equal(spaces.length, 1);
    const inputs = spaces[0]?.inputs ?? {};
    assert.equal(inputs["warehouseId"], "a1b2c3d4e5f60718");
    assert.equal(inputs["title"], "Sales analytics (dev)");
    assert.deepEqual(inputs["variables"], { catalog: "dev", schema: "sales" });
    assert.ok(!JSON.stringify(inputs).includes("emulator-token-admin"));
  });

  it("runs through the provider host against the emulator: up, no-op preview, UI edit, refresh, up, destroy", async () => {
    const inputs = registered.find((r) => r.name === "sales")?.inputs ?? {};
    const t = await emulator();
    const config = stackConfig("Pulumi.dev.yaml");
    const host = await ProviderHost.start({
      ...config,
      "databricks:host": t.emu.url,
      "databricks:token": secret(config["databricks:token"] ?? ""),
    });
    try {
      const engine = new Engine(host);
      assert.equal(await engine.up("sales", inputs), "create");
      const id = String(engine.outputs("sales")["spaceId"]);
      assert.equal(t.emu.space(id)?.parent_path, "/Shared/genie");
      assert.ok(JSON.stringify(t.emu.space(id)?.document).includes("dev.sales.orders"));
      assert.equal(await engine.preview("sales", inputs), "same");
      t.emu.edit(id, { instructions: "Edited in the UI" });
      assert.equal(await engine.refresh("sales"), "refresh-changed");
      assert.equal(await engine.preview("sales", inputs), "update");
      assert.equal(await engine.up("sales", inputs), "update");
      assert.equal(await engine.preview("sales", inputs), "same");
      await engine.destroy("sales");
      assert.notEqual(t.emu.space(id)?.trashed_at, undefined);
    } finally {
      host.stop();
      await t.emu.stop();
    }
  });
});
