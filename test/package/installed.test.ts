import { strict as assert } from "node:assert";
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { WAREHOUSE } from "../support/emulator";
import { Engine } from "../support/engine";
import { type Props, ProviderHost, secret } from "../support/host";
import { emulator } from "../support/emulator";

const ROOT = path.join(__dirname, "..", "..");

/**
 * A new project that installed the package from `npm pack`. Its other dependencies are linked from
 * this repository's node_modules, so nothing is downloaded.
 */
function consumerProject(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "genie-consumer-"));
  const out = execFileSync(
    "npm",
    ["pack", "--ignore-scripts", "--silent", "--pack-destination", dir],
    { cwd: ROOT, encoding: "utf8" },
  );
  const tarball = path.join(dir, out.trim().split("\n").pop() as string);
  const modules = path.join(dir, "node_modules");
  fs.mkdirSync(modules);
  execFileSync("tar", ["-xzf", tarball, "-C", dir]);
  fs.renameSync(path.join(dir, "package"), path.join(modules, "pulumi-databricks-genie"));
  for (const dep of ["@pulumi", "@types", "axios", "zod", "typescript"]) {
    fs.symlinkSync(path.join(ROOT, "node_modules", dep), path.join(modules, dep), "junction");
  }
  fs.writeFileSync(
    path.join(dir, "package.json"),
    JSON.stringify({ name: "consumer", version: "1.0.0", private: true }),
  );
  return dir;
}

/** A plain-node program (no ts-node) that declares a GenieSpace under mocks and prints its inputs. */
const PROGRAM = `
const pulumi = require("@pulumi/pulumi");
pulumi.runtime.setMocks({
  newResource: (a) => { process.stdout.write(JSON.stringify(a.inputs)); return { id: "x", state: a.inputs }; },
  call: () => { throw new Error("unmocked"); },
}, "consumer", "dev").then(() => {
  const { GenieSpace } = require("pulumi-databricks-genie");
  new GenieSpace("sales", {
    title: "Installed",
    warehouseId: "${WAREHOUSE}",
    space: { tables: ["\${catalog}.sales.orders"], instructions: "From an installed package." },
    variables: { catalog: "dev" },
  });
});
`;

/** Pulumi's TypeScript template settings: strict, no skipLibCheck, no esModuleInterop. */
const TSCONFIG = {
  compilerOptions: {
    strict: true,
    outDir: "bin",
    target: "es2020",
    module: "commonjs",
    moduleResolution: "node",
    noImplicitReturns: true,
    forceConsistentCasingInFileNames: true,
  },
  files: ["index.ts"],
};

describe("the package installed from npm pack into a new project", function () {
  this.timeout(180_000);
  let dir: string;
  let inputs: Props;
  before(() => {
    dir = consumerProject();
    fs.writeFileSync(path.join(dir, "program.js"), PROGRAM);
    inputs = JSON.parse(
      execFileSync(process.execPath, ["program.js"], { cwd: dir, encoding: "utf8" }),
    ) as Props;
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
