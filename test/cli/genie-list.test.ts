import { strict as assert } from "node:assert";
import * as fs from "node:fs";
import * as path from "node:path";
import { COMMANDS } from "../../cli/genie";
import { emulator } from "../support/emulator";
import * as os from "node:os";
import { cleanEnv, emulatorEnv, genie, startGenie } from "../support/genie-cli";
import { freePort } from "../support/pulumi-cli";

describe("genie: help, exit codes, credentials and list (against the emulator)", function () {
  this.timeout(60_000);
  let t: Awaited<ReturnType<typeof emulator>>;
  const ids: string[] = [];
  before(async () => {
    t = await emulator();
    for (const title of ["Sales", "Finance", "Ops", "HR", "Support"])
      ids.push(String((await t.createSpace({ title }))["space_id"]));
  });
  after(async () => await t?.emu.stop());

  it("genie --help lists every command; no command at all is a usage error (exit 2)", async () => {
    const help = await genie(["--help"]);
    assert.equal(help.code, 0);
    for (const c of COMMANDS) assert.match(help.stdout, new RegExp(`^  ${c.name} `, "m"));
    const none = await genie([]);
    assert.equal(none.code, 2);
  });

  for (const name of ["list", "export", "generate", "validate", "diff", "pull", "emulator"])
    it(`genie ${name} --help prints its usage and options and exits 0`, async () => {
      const r = await genie([name, "--help"]);
      assert.equal(r.code, 0, r.stderr);
      assert.match(r.stdout, new RegExp(`^genie ${name}`));
      assert.match(r.stdout, /Options:\n/);
      assert.match(r.stdout, /--json/);
    });

  it("genie emulator --json prints where it listens as JSON on stdout", async () => {
    const e = startGenie(["emulator", "--port", "0", "--json"], {
      cwd: os.tmpdir(),
      env: cleanEnv(),
    });
    try {
      await e.waitFor(/storage: .*\n|\}\n/); // the text it printed before, or the JSON's end
      const out = JSON.parse(e.output().stdout) as { url: string; token: string };
      assert.match(out.url, /^http:\/\/127\.0\.0\.1:\d+$/);
      assert.equal(out.token, "emulator-token-admin");
      e.child.kill("SIGTERM");
      assert.equal(await e.exited, 0);
    } finally {
      e.signal("SIGKILL");
    }
  });

  it("genie emulator stopped by SIGTERM right after it says where it listens exits 0 (20 times)", async () => {
    // The handlers used to be installed after that line: about 1 in 10 such stops killed it.
    for (let i = 0; i < 20; i++) {
      const e = startGenie(["emulator", "--port", "0"], { cwd: os.tmpdir(), env: cleanEnv() });
      try {
        await e.waitFor(/storage: .*\n/);
        e.child.kill("SIGTERM");
        assert.equal(await e.exited, 0, `run ${i}`);
      } finally {
        e.signal("SIGKILL");
      }
    }
  });

  it("an unknown command, an unknown option or a missing argument exits 2 and says why", async () => {
    const cmd = await genie(["lsit"]);
    assert.equal(cmd.code, 2);
    assert.match(cmd.stderr, /unknown command 'lsit'/);
    const opt = await genie(["list", "--bogus"]);
    assert.equal(opt.code, 2);
    assert.match(opt.stderr, /Unknown option '--bogus'/);
    const arg = await genie(["diff", "only-one"]);
    assert.equal(arg.code, 2);
    assert.match(arg.stderr, /missing argument/);
  });

  it("list follows page tokens: every space, in a table and as --json", async () => {
    const r = await genie(["list", "--page-size", "2"], { env: emulatorEnv(t.emu) });
    assert.equal(r.code, 0, r.stderr);
    const lines = r.stdout.trimEnd().split("\n");
    assert.match(lines[0] ?? "", /^ID\s+TITLE\s+FOLDER\s+WAREHOUSE$/);
    assert.equal(lines.length, 6);
    for (const id of ids) assert.match(r.stdout, new RegExp(`^${id}\\s`, "m"));
    const pages = t.emu.requests.filter(
      (q) => q.method === "GET" && q.path === "/api/2.0/genie/spaces",
    );
    assert.ok(pages.length >= 3, `${pages.length} list requests`);
    const json = await genie(["list", "--json"], { env: emulatorEnv(t.emu) });
    const rows = JSON.parse(json.stdout) as Record<string, string>[];
    assert.deepEqual(rows.map((r) => r["id"]).sort(), [...ids].sort());
    assert.deepEqual(Object.keys(rows[0] ?? {}), ["id", "title", "folder", "warehouse"]);
    assert.equal(rows[0]?.["warehouse"], "a1b2c3d4e5f60718");
    assert.equal(rows[0]?.["folder"], "/Users/admin@example.com");
  });

  it("takes credentials as the provider does: --profile from ~/.databrickscfg, --host over the environment", async () => {
    const env = cleanEnv();
    fs.writeFileSync(
      path.join(env["HOME"] as string, ".databrickscfg"),
      `[emu]\nhost = ${t.emu.url}\ntoken = ${t.emu.token}\n`,
    );
    const viaProfile = await genie(["list", "--profile", "emu", "--json"], { env });
    assert.equal(viaProfile.code, 0, viaProfile.stderr);
    assert.equal((JSON.parse(viaProfile.stdout) as unknown[]).length, 5);
    const viaHost = await genie(["list", "--json", "--host", t.emu.url], {
      env: { ...env, DATABRICKS_HOST: "http://127.0.0.1:1", DATABRICKS_TOKEN: t.emu.token },
    });
    assert.equal(viaHost.code, 0, viaHost.stderr);
  });

  it("a bad --host is named as the flag it came from, not as a stack config key", async () => {
    const r = await genie(["list", "--host", "not a host"], {
      env: cleanEnv({ DATABRICKS_TOKEN: t.emu.token }),
    });
    assert.equal(r.code, 2);
    assert.match(r.stderr, /--host/);
    assert.doesNotMatch(r.stderr, /databricks:host/);
  });

  it("no credentials, a refused token or an unreachable workspace: exit 2 with the reason, no stack trace", async () => {
    const none = await genie(["list"], { env: cleanEnv({ DATABRICKS_HOST: t.emu.url }) });
    assert.equal(none.code, 2);
    assert.match(none.stderr, /no Databricks credentials work/);
    const bad = await genie(["list"], {
      env: cleanEnv({ DATABRICKS_HOST: t.emu.url, DATABRICKS_TOKEN: "wrong" }),
    });
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /HTTP 401/);
    assert.doesNotMatch(bad.stderr, /wrong/);
    const port = await freePort();
    const down = await genie(["list"], {
      env: cleanEnv({ DATABRICKS_HOST: `http://127.0.0.1:${port}`, DATABRICKS_TOKEN: "x" }),
    });
    assert.equal(down.code, 2);
    assert.match(down.stderr, /cannot list genie spaces/);
    for (const r of [none, bad, down]) assert.doesNotMatch(r.stderr, /\n\s+at .+:\d+:\d+/);
  });
});
