import { strict as assert } from "node:assert";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { devStackSeed, type Emulator, startEmulator } from "../../emulator";
import { REPO } from "../support/monitor";
import {
  exec,
  freePort,
  requireDatabricksPlugin,
  type Run,
  STACK_TRACE,
} from "../support/pulumi-cli";

/**
 * The README's main job, verbatim, under a real `pulumi` (engine tier: skipped with a reason unless
 * a CLI is on PATH and `pulumi plugin ls` lists the Databricks plugin, which the dev stack's
 * warehouse, tables, grants and folder need): `npm run up:dev`, then the lifecycle a user goes through with
 * `npm run dev -- <command>`. It runs in a copy of the project, so the repository's own .pulumi
 * and .genie-emulator are not touched, on a free port (GENIE_EMULATOR_PORT, with the copy's
 * databricks:host pointed at it).
 */
describe("engine tier: the README's main job under a real pulumi", function () {
  this.timeout(600_000);
  let dir: string;
  let port: number;
  let env: NodeJS.ProcessEnv;
  let emu: Emulator | undefined;
  const npm = (args: string[]): Promise<Run> => exec("npm", args, { cwd: dir, env });
  const dev = async (args: string[], expectCode = 0): Promise<Run> => {
    const r = await npm(["run", "--silent", "dev", "--", ...args]);
    assert.equal(r.code, expectCode, `npm run dev -- ${args.join(" ")}:\n${r.stdout}\n${r.stderr}`);
    return r;
  };
  const call = async (method: string, p: string, body?: unknown) => {
    const res = await fetch(`http://127.0.0.1:${port}${p}`, {
      method,
      headers: { authorization: "Bearer emulator-token-admin", "content-type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    return (text === "" ? {} : JSON.parse(text)) as Record<string, unknown>;
  };
  const spaces = async () =>
    ((await call("GET", "/api/2.0/genie/spaces"))["spaces"] ?? []) as {
      space_id: string;
      title: string;
    }[];

  let stackFile: string;
  before(async function () {
    requireDatabricksPlugin(this);
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "genie-main-job-"));
    for (const f of ["Pulumi.yaml", "index.ts", "tsconfig.json", "package.json"])
      fs.copyFileSync(path.join(REPO, f), path.join(dir, f));
    for (const d of ["provider", "components", "emulator", "cli"])
      fs.cpSync(path.join(REPO, d), path.join(dir, d), { recursive: true });
    fs.symlinkSync(path.join(REPO, "node_modules"), path.join(dir, "node_modules"), "junction");
    port = await freePort();
    stackFile = fs
      .readFileSync(path.join(REPO, "Pulumi.dev.yaml"), "utf8")
      .replace("http://127.0.0.1:8787", `http://127.0.0.1:${port}`);
    fs.writeFileSync(path.join(dir, "Pulumi.dev.yaml"), stackFile);
    env = { ...process.env, GENIE_EMULATOR_PORT: String(port), PULUMI_SKIP_UPDATE_CHECK: "true" };
    for (const k of Object.keys(env))
      if (
        k.startsWith("PULUMI_BACKEND") ||
        k === "PULUMI_CONFIG_PASSPHRASE" ||
        k.startsWith("TS_NODE")
      )
        delete env[k];
  });
  after(async () => {
    await emu?.stop();
    if (dir !== undefined) fs.rmSync(dir, { recursive: true, force: true });
  });

  it("npm run up:dev makes the backend folder, starts the emulator and creates the stack's prod shape in it", async () => {
    const r = await npm(["run", "--silent", "up:dev"]);
    assert.equal(r.code, 0, `${r.stdout}\n${r.stderr}`);
    assert.match(r.stderr, /started the emulator on http:\/\/127\.0\.0\.1:\d+/);
    // The stack, the component, the warehouse and its ACL, two tables, four grants, the folder,
    // the space and its ACL.
    assert.match(r.stdout, /\+ 13 created/);
    assert.ok(fs.existsSync(path.join(dir, ".pulumi")), "the local backend folder was made");
    assert.equal(
      fs.readFileSync(path.join(dir, "Pulumi.dev.yaml"), "utf8"),
      stackFile,
      "the stack file is as committed: its encryptionsalt is the empty passphrase's, so pulumi adds none",
    );
    const out = JSON.parse((await dev(["stack", "output", "--json"])).stdout) as Record<
      string,
      string
    >;
    assert.deepEqual(Object.keys(out).sort(), ["spaceId", "url"]);
    assert.match(out["url"] as string, new RegExp(`/genie/rooms/${out["spaceId"]}$`));
  });

  it("a second run, and a preview, find nothing to change", async () => {
    await dev(["up"]);
    await dev(["preview", "--expect-no-changes"]);
  });

  it("with an emulator already up on the port, it is used: a UI edit is found by refresh and named by preview --diff, and up restores it", async () => {
    emu = await startEmulator({
      port,
      dataDir: path.join(dir, ".genie-emulator"),
      seed: devStackSeed(),
    });
    const [space] = await spaces();
    assert.ok(space !== undefined);
    await call("POST", `/__emulator/spaces/${space.space_id}/edit`, {
      title: "Renamed in the UI",
      instructions: "Edited in the UI",
    });
    const refresh = await dev(["refresh"]);
    assert.match(refresh.stderr, /using the emulator already on/);
    const diff = await dev(["preview", "--diff"]);
    assert.match(diff.stdout, /title\s*: "Renamed in the UI" => "Sales analytics \(dev\)"/);
    // A text of several lines is shown line by line, as the real CLI prints it.
    assert.match(diff.stdout, /~ instructions\s*:\s*\n\s*- Edited in the UI\n\s*\+ Revenue means/);
    assert.doesNotMatch(
      diff.stdout,
      /to replace|\(replace\)/,
      "the ACL is updated, never replaced",
    );
    assert.doesNotMatch(diff.stdout, /~ parentPath/, "no spurious folder difference");
    await dev(["up"]);
    assert.equal((await spaces())[0]?.title, "Sales analytics (dev)");
    await dev(["preview", "--expect-no-changes"]);
  });

  it("each serialized provider in the state is at most 4 KB, and destroy trashes the space", async () => {
    const exported = JSON.parse((await dev(["stack", "export"])).stdout) as {
      deployment: { resources: { inputs?: { __provider?: string } }[] };
    };
    const providers = exported.deployment.resources
      .map((r) => r.inputs?.__provider)
      .filter((p): p is string => p !== undefined);
    assert.equal(providers.length, 2);
    for (const p of providers) assert.ok(Buffer.byteLength(p) <= 4096, `${p.length} bytes`);
    const d = await dev(["destroy", "--yes"]);
    assert.doesNotMatch(d.stdout + d.stderr, STACK_TRACE);
    assert.deepEqual(await spaces(), []);
  });
});
