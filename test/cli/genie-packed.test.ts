import { strict as assert } from "node:assert";
import * as fs from "node:fs";
import * as path from "node:path";
import { consumerProject } from "../support/consumer";
import { cleanEnv, startGenie } from "../support/genie-cli";
import { exec } from "../support/pulumi-cli";
import { fixtureText } from "../support/fixtures";
import { WAREHOUSE } from "../support/emulator";

/**
 * `npx genie` in a new project that installed the package from `npm pack`: the `bin` entry, the
 * shebang, and every command running from dist/ with no ts-node and no source in reach. The
 * emulator is the packed one too (`npx genie emulator`).
 */
describe("npx genie, from the package installed from npm pack into a new project", function () {
  this.timeout(180_000);
  let dir: string;
  let emu: ReturnType<typeof startGenie>;
  let env: NodeJS.ProcessEnv;
  let id: string;
  // `npx genie ...` as a user types it; offline, so a missing bin fails instead of fetching some
  // other package named genie. npm's own warnings (about this machine's npm config) are dropped.
  const npx = async (args: string[]) => {
    const r = await exec("npx", ["genie", ...args], {
      cwd: dir,
      env: { ...env, npm_config_offline: "true" },
    });
    return { ...r, stderr: r.stderr.replace(/^npm warn .*\n/gm, "") };
  };

  before(async () => {
    dir = consumerProject();
    env = cleanEnv({ npm_config_offline: "true" });
    emu = startGenie(["emulator", "--port", "0"], {
      cwd: dir,
      env,
      command: ["npx", "genie"],
    });
    const [, url] = await emu.waitFor(/DATABRICKS_HOST=(\S+)/);
    env = { ...env, DATABRICKS_HOST: url, DATABRICKS_TOKEN: "emulator-token-admin" };
    const res = await fetch(`${url}/api/2.0/genie/spaces`, {
      method: "POST",
      headers: { authorization: "Bearer emulator-token-admin" },
      body: JSON.stringify({
        warehouse_id: WAREHOUSE,
        title: "Sales",
        serialized_space: fixtureText("server_export.v2.geniespace.json"),
      }),
    });
    id = ((await res.json()) as { space_id: string }).space_id;
  });
  after(async () => {
    emu?.signal("SIGTERM");
    await emu?.exited;
    if (dir !== undefined) fs.rmSync(dir, { recursive: true, force: true });
  });

  it("the bin is linked to dist/cli/genie.js, which starts with #!/usr/bin/env node", () => {
    const link = fs.readlinkSync(path.join(dir, "node_modules", ".bin", "genie"));
    assert.equal(link, path.join("..", "pulumi-databricks-genie", "dist", "cli", "genie.js"));
    const text = fs.readFileSync(path.join(dir, "node_modules", ".bin", "genie"), "utf8");
    assert.match(text, /^#!\/usr\/bin\/env node\n/);
  });

  it("npx genie --help", async () => {
    const r = await npx(["--help"]);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /^genie <command> \[options\]/);
  });

  it("npx genie list, against the emulator that npx genie emulator started", async () => {
    const r = await npx(["list"]);
    assert.equal(r.code, 0, r.stderr);
    assert.match(
      r.stdout,
      new RegExp(`^${id}\\s+Sales\\s+/Users/admin@example.com\\s+${WAREHOUSE}$`, "m"),
    );
  });

  it("npx genie export, validate, diff, generate and pull", async () => {
    const ex = await npx([
      "export",
      id,
      "-o",
      "s.geniespace.json",
      "--templatize",
      "catalog=brij_cat",
    ]);
    assert.equal(ex.code, 0, ex.stderr);
    const v = await npx(["validate", "s.geniespace.json", "--vars", "catalog=brij_cat"]);
    assert.deepEqual([v.code, v.stdout], [0, "s.geniespace.json: ok\n"]);
    const d = await npx(["diff", id, "s.geniespace.json", "--vars", "catalog=brij_cat"]);
    assert.deepEqual([d.code, d.stdout], [0, "no differences\n"]);
    const g = await npx(["generate", id, "--name", "sales"]);
    assert.equal(g.code, 0, g.stderr);
    assert.match(g.stdout, /new GenieSpace\("sales", \{/);
    const p = await npx(["pull", id, "s.geniespace.json"]);
    assert.deepEqual([p.code, p.stderr], [0, "s.geniespace.json is up to date (pulled)\n"]);
  });
});
