import { strict as assert } from "node:assert";
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { Engine } from "../support/engine";
import { type Props, ProviderHost, secret } from "../support/host";
import { emulator } from "../support/emulator";
import {
  consumerInputs,
  consumerProject,
  PULUMI_TEMPLATE_COMPILER_OPTIONS,
  ROOT,
} from "../support/consumer";

const TSCONFIG = { compilerOptions: PULUMI_TEMPLATE_COMPILER_OPTIONS, files: ["index.ts"] };

describe("the package installed from npm pack into a new project", function () {
  this.timeout(180_000);
  let dir: string;
  let inputs: Props;
  before(() => {
    dir = consumerProject();
    inputs = consumerInputs(dir);
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it("its serialized provider is under 4 KB and has no absolute path", () => {
    const text = String(inputs["__provider"]);
    assert.ok(Buffer.byteLength(text) < 4096, `${Buffer.byteLength(text)} bytes`);
    for (const banned of [dir, ROOT, os.tmpdir(), os.homedir()])
      assert.ok(!text.includes(banned), `contains ${banned}`);
  });

  it("loads and works in the real host run from the new project", async () => {
    const t = await emulator();
    const host = await ProviderHost.start(
      { "databricks:host": t.emu.url, "databricks:token": secret(t.emu.token) },
      dir,
    );
    try {
      const engine = new Engine(host);
      assert.equal(await engine.up("sales", inputs), "create");
      assert.equal(await engine.preview("sales", inputs), "same");
      assert.equal(await engine.refresh("sales"), "refresh-same");
      const id = String(engine.outputs("sales")["spaceId"]);
      assert.equal(t.emu.space(id)?.title, "Installed");
      await engine.destroy("sales");
      assert.notEqual(t.emu.space(id)?.trashed_at, undefined);
    } finally {
      host.stop();
      await t.emu.stop();
    }
  });

  it("compiles in a TypeScript program with Pulumi's template tsconfig", () => {
    fs.writeFileSync(path.join(dir, "tsconfig.json"), JSON.stringify(TSCONFIG));
    fs.writeFileSync(
      path.join(dir, "index.ts"),
      `import { GenieSpace, toSerializedSpace, validateSpace, databricks } from "pulumi-databricks-genie";
import { startEmulator } from "pulumi-databricks-genie/emulator";
const space = new GenieSpace("s", { title: "t", warehouseId: "w", space: { tables: ["a.b.c"] } });
export const url = space.url;
export const ok = validateSpace(toSerializedSpace({ tables: ["a.b.c"] }).document).valid;
export const client = typeof databricks;
export const emu = typeof startEmulator;
`,
    );
    try {
      execFileSync(
        process.execPath,
        [path.join(ROOT, "node_modules", "typescript", "bin", "tsc"), "-p", "."],
        { cwd: dir, encoding: "utf8" },
      );
    } catch (e) {
      assert.fail(`tsc failed:\n${String((e as { stdout?: string }).stdout)}`);
    }
    assert.ok(fs.existsSync(path.join(dir, "bin", "index.js")));
  });
});
