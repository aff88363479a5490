import { strict as assert } from "node:assert";
import { createHash } from "node:crypto";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { emulator } from "../support/emulator";
import { cleanEnv, genie, startGenie } from "../support/genie-cli";

/**
 * What `genie` tells a CLI user to set names what a CLI user can set (flags, environment,
 * profiles), and inside a Pulumi project with a selected stack it reads that stack's
 * `databricks:*` config, as the stack's provider would (issues #24 and #22).
 */
describe("genie: credentials a CLI user can set, and a stack's config (against the emulator)", function () {
  this.timeout(60_000);
  let t: Awaited<ReturnType<typeof emulator>>;
  let dir: string;
  before(async () => {
    t = await emulator();
    await t.createSpace({ title: "Sales" });
  });
  after(async () => await t?.emu.stop());
  beforeEach(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), "genie-creds-"))));
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  /** A Pulumi project in `dir` with stack files, and a PULUMI_HOME whose workspace selects `selected`. */
  function project(stacks: Record<string, string>, selected?: string): NodeJS.ProcessEnv {
    fs.writeFileSync(path.join(dir, "Pulumi.yaml"), "name: shop\nruntime: nodejs\n");
    for (const [stack, config] of Object.entries(stacks))
      fs.writeFileSync(path.join(dir, `Pulumi.${stack}.yaml`), `config:\n${config}`);
    const home = path.join(dir, ".pulumi-home");
    fs.mkdirSync(path.join(home, "workspaces"), { recursive: true });
    if (selected !== undefined) {
      // Where `pulumi stack select` keeps the choice (pkg/workspace: <name>-<sha1 of the
      // project file's path>-workspace.json under PULUMI_HOME/workspaces).
      const hash = createHash("sha1").update(path.join(dir, "Pulumi.yaml")).digest("hex");
      fs.writeFileSync(
        path.join(home, "workspaces", `shop-${hash}-workspace.json`),
        JSON.stringify({ stack: selected }),
      );
    }
    return cleanEnv({ PULUMI_HOME: home });
  }

  it("no host outside any project: names --host, DATABRICKS_HOST and a profile, and where it looked; no stack keys", async () => {
    const r = await genie(["list"], { cwd: dir, env: cleanEnv() });
    assert.equal(r.code, 2);
    assert.match(r.stderr, /--host/);
    assert.match(r.stderr, /DATABRICKS_HOST/);
    assert.match(r.stderr, /~\/\.databrickscfg|\.databrickscfg/);
    assert.match(r.stderr, /no Pulumi project \(Pulumi\.yaml\) in /);
    assert.doesNotMatch(r.stderr, /databricks:/);
  });

  it("no credential: the methods tried name environment variables and profile keys, not databricks:token", async () => {
    const r = await genie(["list"], { cwd: dir, env: cleanEnv({ DATABRICKS_HOST: t.emu.url }) });
    assert.equal(r.code, 2);
    assert.match(r.stderr, /no Databricks credentials work/);
    assert.match(r.stderr, /no token \(DATABRICKS_TOKEN, token in a profile\)/);
    assert.doesNotMatch(r.stderr, /databricks:/);
  });

  it("inside a project with a selected stack: its databricks:host and token are used, and said so", async () => {
    const env = project(
      {
        dev: `  databricks:host: ${t.emu.url}\n  databricks:token: ${t.emu.token}\n`,
        other: `  databricks:host: http://127.0.0.1:1\n`,
      },
      "dev",
    );
    fs.mkdirSync(path.join(dir, "sub"));
    const r = await genie(["list", "--json"], { cwd: path.join(dir, "sub"), env });
    assert.equal(r.code, 0, r.stderr);
    assert.equal((JSON.parse(r.stdout) as unknown[]).length, 1);
    assert.match(
      r.stderr,
      /using databricks:host, databricks:token of stack dev \(.*Pulumi\.dev\.yaml\)/,
    );
    // PULUMI_STACK wins over the selected stack, as it does for pulumi.
    const other = await genie(["list"], { cwd: dir, env: { ...env, PULUMI_STACK: "other" } });
    assert.equal(other.code, 2);
    assert.match(other.stderr, /127\.0\.0\.1:1/);
    assert.match(other.stderr, /databricks:token in .*Pulumi\.other\.yaml/);
  });

  it("a secret in the stack file cannot be read without pulumi: the message says so and what to do", async () => {
    const env = project(
      { dev: `  databricks:host: ${t.emu.url}\n  databricks:token:\n    secure: v1:AAAA\n` },
      "dev",
    );
    const r = await genie(["list"], { cwd: dir, env });
    assert.equal(r.code, 2);
    assert.match(r.stderr, /databricks:token of stack dev is a secret/);
    assert.match(r.stderr, /DATABRICKS_TOKEN/);
    const viaEnv = await genie(["list"], {
      cwd: dir,
      env: { ...env, DATABRICKS_TOKEN: t.emu.token },
    });
    assert.equal(viaEnv.code, 0, viaEnv.stderr);
  });

  it("a project without a selected stack, or --host given: the stack config is not read, and that is said", async () => {
    const env = project({
      dev: `  databricks:host: ${t.emu.url}\n  databricks:token: ${t.emu.token}\n`,
    });
    const none = await genie(["list"], { cwd: dir, env });
    assert.equal(none.code, 2);
    assert.match(
      none.stderr,
      /no stack selected in .*Pulumi\.yaml \(pulumi stack select, or PULUMI_STACK\)/,
    );
    // --host names another workspace: the stack's token must not travel there.
    const selected = project({ dev: `  databricks:token: ${t.emu.token}\n` }, "dev");
    const host = await genie(["list", "--host", t.emu.url], { cwd: dir, env: selected });
    assert.equal(host.code, 2);
    assert.match(host.stderr, /no Databricks credentials work/);
  });

  it("every number a user passes is bounded, with a clear message (exit 2)", async () => {
    const env = cleanEnv({ DATABRICKS_HOST: t.emu.url, DATABRICKS_TOKEN: t.emu.token });
    const cases: [string[], RegExp, NodeJS.ProcessEnv?][] = [
      [
        ["pull", "0".repeat(32), "f.json", "--watch", "--interval", "3000000"],
        /--interval takes a number of seconds from 0\.01 to 2147483/,
      ],
      [["pull", "0".repeat(32), "f.json", "--watch", "--interval", "0.0001"], /--interval takes/],
      [["list", "--page-size", "1e21"], /--page-size takes a whole number from 1 to 100/],
      [["list", "--page-size", "101"], /--page-size takes a whole number from 1 to 100/],
      [
        ["list"],
        /GENIE_CLI_RETRY_SECONDS takes a number of seconds from 0 to 2147483/,
        { GENIE_CLI_RETRY_SECONDS: "1e300" },
      ],
      [
        ["emulator", "--port", "0", "--trash-lag-ms=-5"],
        /--trash-lag-ms takes a whole number of milliseconds from 0 to 2147483647/,
      ],
      [
        ["emulator", "--port", "0", "--stale-read-ms", "soon"],
        /--stale-read-ms takes a whole number/,
      ],
    ];
    for (const [args, message, extra] of cases) {
      const g = startGenie(args, { cwd: dir, env: { ...env, ...extra } });
      // A number let through would keep it running (polling every millisecond, serving): stop it.
      const watchdog = setTimeout(() => g.signal("SIGKILL"), 10_000);
      const code = await g.exited;
      clearTimeout(watchdog);
      assert.equal(code, 2, `${args.join(" ")}: ${g.output().stderr}`);
      assert.match(g.output().stderr, message);
    }
  });
});
