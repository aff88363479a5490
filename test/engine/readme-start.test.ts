import { strict as assert } from "node:assert";
import { type ChildProcess, spawn } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { consumerProject, typescriptProject } from "../support/consumer";
import { exec, freePort, requirePulumi } from "../support/pulumi-cli";
import { docExample } from "../support/readme";

/**
 * Engine tier (a real `pulumi`; skipped with a reason where none is on PATH): the README's
 * "Five minutes against the emulator", its shell lines run as written, with three stand-ins:
 * the project comes laid out as `pulumi new typescript` makes it (which needs the internet for
 * its template), with the package from `npm pack` (test/package/install.test.ts installs the
 * git URL and the tarball for real), port 8787 is a free port, and `pulumi login --local` logs in
 * to a folder of a temporary HOME (`--local` is the account's home whatever HOME says, measured
 * with v3.259.0: a stack another run left there made `stack init` fail). PULUMI_HOME is
 * temporary too. The emulator runs as a user starts it: refusing tables its Unity Catalog lacks,
 * as the workspace does.
 */
const HEADING = "Five minutes against the emulator";

/** The ```sh blocks of the README's section, each as its commands (continued lines joined). */
function shellBlocks(): string[][] {
  const readme = fs.readFileSync(path.join(__dirname, "..", "..", "README.md"), "utf8");
  const from = readme.indexOf(`## ${HEADING}`);
  const to = readme.indexOf("\n## ", from + 1);
  const section = readme.slice(from, to < 0 ? undefined : to);
  return [...section.matchAll(/```sh\n([\s\S]*?)```/g)].map((m) =>
    (m[1] as string)
      .replace(/\\\n\s*/g, "")
      .split("\n")
      .filter((l) => l.trim() !== ""),
  );
}

describe("engine tier: the README's five-minute start, line by line, under a real pulumi", function () {
  this.timeout(900_000);
  let dir: string;
  let home: string;
  let port: number;
  let env: NodeJS.ProcessEnv;
  let emulator: ChildProcess | undefined;

  before(async function () {
    requirePulumi(this);
    port = await freePort();
    dir = consumerProject();
    typescriptProject(dir, "sales-genie", docExample("README.md", HEADING));
    home = fs.mkdtempSync(path.join(os.tmpdir(), "genie-readme-home-"));
    env = { ...process.env };
    for (const k of Object.keys(env))
      if (/^(PULUMI_|DATABRICKS_|TS_NODE_|NODE_OPTIONS$|GENIE_EMULATOR_)/.test(k)) delete env[k];
    Object.assign(env, {
      HOME: home,
      PULUMI_HOME: path.join(home, ".pulumi"),
      PULUMI_SKIP_UPDATE_CHECK: "true",
      PATH: `${path.join(dir, "node_modules", ".bin")}${path.delimiter}${process.env["PATH"] ?? ""}`,
    });
  });
  after(() => {
    emulator?.kill("SIGTERM");
    for (const d of [dir, home])
      if (d !== undefined) fs.rmSync(d, { recursive: true, force: true });
  });

  const sh = async (line: string) => {
    const r = await exec("bash", ["-c", line.replaceAll("8787", String(port))], { cwd: dir, env });
    assert.equal(r.code, 0, `${line}\n${r.stdout}\n${r.stderr}`);
    return r.stdout;
  };

  it("every command works as written, the preview names the UI edit, and destroy trashes the space", async () => {
    const [setup, start, lifecycle] = shellBlocks();
    assert.ok(setup !== undefined && start !== undefined && lifecycle !== undefined);

    for (const line of setup) {
      if (line.startsWith("mkdir ")) continue; // the folder is made
      if (line.startsWith("npm install ")) continue; // installed from npm pack
      if (line === "pulumi login --local") {
        await sh(`pulumi login file://${home}`); // see above: --local ignores HOME
        continue;
      }
      const exported = /^export (\w+)="(.*)"/.exec(line);
      if (exported !== null) env[exported[1] as string] = exported[2];
      else if (line.startsWith("pulumi new typescript")) {
        assert.match(line, /--stack dev/);
        await sh("pulumi stack init dev"); // what pulumi new does beside the layout
      } else await sh(line);
    }

    assert.deepEqual(start, ["npx genie emulator --data-dir .genie-emulator"]);
    const child = spawn(
      "npx",
      ["genie", "emulator", "--data-dir", ".genie-emulator", "--port", String(port)],
      {
        cwd: dir,
        env,
      },
    );
    emulator = child;
    let banner = "";
    await new Promise<void>((resolve, reject) => {
      child.stdout?.on("data", (d: Buffer) => {
        banner += d.toString();
        if (/tables: .*\n/.test(banner)) resolve();
      });
      child.on("exit", (code) => reject(new Error(`the emulator exited ${code}: ${banner}`)));
    });
    for (const value of [
      "a1b2c3d4e5f60718",
      "dev.sales.orders",
      "dev.sales.customers",
      "emulator-token-admin",
    ])
      assert.ok(banner.includes(value), `the emulator names ${value} on start:\n${banner}`);

    let spaceId = "";
    for (const line of lifecycle) {
      const out = await sh(line);
      if (line.startsWith("pulumi up") && spaceId === "")
        spaceId = (await sh("pulumi stack output spaceId")).trim();
      if (line.startsWith("pulumi preview --diff")) {
        assert.match(out, /~ instructions/, out);
        assert.match(out, /1 to update/, out);
      }
    }
    assert.match(spaceId, /^[0-9a-f]{32}$/);
    const res = await fetch(`http://127.0.0.1:${port}/api/2.0/genie/spaces/${spaceId}`, {
      headers: { authorization: "Bearer emulator-token-admin" },
    });
    assert.equal(res.status, 404, "destroy trashed the space");
  });
});
