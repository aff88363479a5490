import { strict as assert } from "node:assert";
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { startEmulator } from "../../emulator";
import { pulumiArgs } from "../../cli/dev-stack";
import { exec, freePort } from "../support/pulumi-cli";

const ROOT = path.join(__dirname, "..", "..");

/**
 * A stand-in `pulumi`: records its arguments, checks the backend folder as the real one does on
 * `stack select`, and on any other command calls the emulator's API, as the real one would through
 * the provider, failing if it does not answer.
 */
const STAND_IN = `#!/usr/bin/env node
const fs = require("node:fs");
const args = process.argv.slice(2);
fs.appendFileSync(process.env.STAND_IN_LOG, JSON.stringify(args) + "\\n");
if (args[0] === "version") { console.log("v3.0.0-stand-in"); process.exit(0); }
if (args[0] === "stack" && args[1] === "select") {
  const dir = new URL(process.env.PULUMI_BACKEND_URL).pathname;
  if (!fs.existsSync(dir)) {
    console.error('error: unable to open state directory "' + process.env.PULUMI_BACKEND_URL + '": no such file or directory');
    process.exit(255);
  }
  process.exit(0);
}
fetch("http://127.0.0.1:" + process.env.GENIE_EMULATOR_PORT + "/api/2.0/genie/spaces", {
  headers: { authorization: "Bearer emulator-token-admin" },
  signal: AbortSignal.timeout(5000),
}).then(
  (res) => { console.log(JSON.stringify({ emulator: res.status })); process.exit(res.status === 200 ? 0 : 1); },
  (e) => { console.error("the emulator did not answer: " + e.message); process.exit(1); },
);
`;

/** A copy of what dev-stack needs, so the run touches none of this repository's folders. */
function project(): { dir: string; bin: string; log: string } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "genie-dev-stack-"));
  for (const f of ["Pulumi.yaml", "Pulumi.dev.yaml", "tsconfig.json"])
    fs.copyFileSync(path.join(ROOT, f), path.join(dir, f));
  for (const d of ["cli", "emulator", "provider"])
    fs.cpSync(path.join(ROOT, d), path.join(dir, d), { recursive: true });
  fs.symlinkSync(path.join(ROOT, "node_modules"), path.join(dir, "node_modules"), "junction");
  const bin = path.join(dir, "bin");
  fs.mkdirSync(bin);
  fs.writeFileSync(path.join(bin, "pulumi"), STAND_IN, { mode: 0o755 });
  return { dir, bin, log: path.join(dir, "stand-in.log") };
}

async function devStack(p: ReturnType<typeof project>, port: number, args: string[]) {
  const backend = path.join(p.dir, "state", "nested");
  const r = await exec(
    process.execPath,
    ["-r", "ts-node/register/transpile-only", "cli/dev-stack.ts", ...args],
    {
      cwd: p.dir,
      env: {
        ...process.env,
        PATH: `${p.bin}${path.delimiter}${process.env["PATH"] ?? ""}`,
        GENIE_EMULATOR_PORT: String(port),
        PULUMI_BACKEND_URL: `file://${backend}`,
        STAND_IN_LOG: p.log,
      },
    },
  );
  const calls = fs.existsSync(p.log)
    ? fs
        .readFileSync(p.log, "utf8")
        .trim()
        .split("\n")
        .map((l) => JSON.parse(l) as string[])
    : [];
  fs.rmSync(p.log, { force: true });
  return { ...r, calls, backend };
}

describe("npm run dev (cli/dev-stack.ts)", function () {
  this.timeout(60_000);

  it("without the Pulumi CLI, says how to install it, with no stack trace, and starts nothing", function () {
    if (spawnSync("pulumi", ["version"]).status === 0) {
      console.log("    (skipped: a Pulumi CLI is installed here, so this path cannot be observed)");
      this.skip();
    }
    const res = spawnSync(
      process.execPath,
      ["-r", "ts-node/register/transpile-only", "cli/dev-stack.ts", "up"],
      {
        cwd: ROOT,
        env: { ...process.env, PATH: path.dirname(process.execPath) },
        encoding: "utf8",
      },
    );
    assert.equal(res.status, 1);
    assert.match(
      res.stderr,
      /the Pulumi CLI is not installed \(or not on PATH\): see https:\/\/www\.pulumi\.com\/docs\/install\//,
    );
    assert.doesNotMatch(res.stderr, /\s+at .*:\d+:\d+/);
    assert.doesNotMatch(res.stderr, /started the emulator/);
  });

  it("makes the local backend folder, and the emulator answers while pulumi runs", async () => {
    const p = project();
    const port = await freePort();
    const r = await devStack(p, port, ["preview", "--diff"]);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stderr, /started the emulator on http:\/\/127\.0\.0\.1:\d+/);
    assert.ok(fs.existsSync(r.backend), "the backend folder was made before pulumi ran");
    assert.deepEqual(r.calls, [
      ["version"],
      ["stack", "select", "dev", "--create"],
      ["preview", "--diff", "--stack", "dev"],
    ]);
    assert.deepEqual(JSON.parse(r.stdout), { emulator: 200 });
    // The emulator it started is stopped once pulumi is done.
    await assert.rejects(fetch(`http://127.0.0.1:${port}/api/2.0/genie/spaces`));
  });

  it("the emulator it starts has dev.sales without the tables the dev stack creates", async () => {
    const p = project();
    fs.writeFileSync(
      path.join(p.bin, "pulumi"),
      STAND_IN.replace("/api/2.0/genie/spaces", "/api/2.1/unity-catalog/tables/dev.sales.orders"),
      { mode: 0o755 },
    );
    const r = await devStack(p, await freePort(), ["up"]);
    assert.deepEqual(JSON.parse(r.stdout), { emulator: 404 }, "no CREATE of it can collide");
  });

  it("a second run works, and an emulator already up on the port is used and left running", async () => {
    const p = project();
    const port = await freePort();
    assert.equal((await devStack(p, port, ["up"])).code, 0);
    const emu = await startEmulator({ port });
    try {
      const r = await devStack(p, port, ["stack", "output", "--json"]);
      assert.equal(r.code, 0, r.stderr);
      assert.match(r.stderr, /using the emulator already on/);
      assert.deepEqual(r.calls.at(-1), ["stack", "output", "--json", "--stack", "dev"]);
      assert.deepEqual(JSON.parse(r.stdout), { emulator: 200 }, "stdout carries pulumi's alone");
      const still = await fetch(`${emu.url}/api/2.0/genie/spaces`, {
        headers: { authorization: `Bearer ${emu.token}` },
      });
      assert.equal(still.status, 200);
    } finally {
      await emu.stop();
    }
  });

  it("passes any command through with the dev stack named, confirming only the commands that ask", () => {
    assert.deepEqual(pulumiArgs([]), ["up", "--yes", "--stack", "dev"]);
    assert.deepEqual(pulumiArgs(["up"]), ["up", "--yes", "--stack", "dev"]);
    assert.deepEqual(pulumiArgs(["refresh"]), ["refresh", "--yes", "--stack", "dev"]);
    assert.deepEqual(pulumiArgs(["refresh", "--preview-only"]), [
      "refresh",
      "--preview-only",
      "--stack",
      "dev",
    ]);
    assert.deepEqual(pulumiArgs(["preview", "--diff"]), ["preview", "--diff", "--stack", "dev"]);
    assert.deepEqual(pulumiArgs(["stack", "output", "-s", "dev"]), [
      "stack",
      "output",
      "-s",
      "dev",
    ]);
  });

  it("destroy is never confirmed for the user: trashing a space loses its conversations", () => {
    assert.deepEqual(pulumiArgs(["destroy"]), ["destroy", "--stack", "dev"]);
    assert.deepEqual(pulumiArgs(["destroy", "--yes"]), ["destroy", "--yes", "--stack", "dev"]);
  });

  it("refuses any stack but dev, so an inherited backend never gets a command meant for the emulator", () => {
    for (const args of [
      ["destroy", "-s", "prod"],
      ["up", "--stack", "prod"],
      ["preview", "--stack=prod"],
    ])
      assert.throws(
        () => pulumiArgs(args),
        /runs the 'dev' stack against the emulator, not 'prod'/,
      );
  });

  it("a pulumi that exits non-zero makes the command exit with its code", async () => {
    const p = project();
    fs.writeFileSync(
      path.join(p.bin, "pulumi"),
      STAND_IN.replace("process.exit(res.status === 200 ? 0 : 1)", "process.exit(3)"),
      { mode: 0o755 },
    );
    const r = await devStack(p, await freePort(), ["up"]);
    assert.equal(r.code, 3);
    assert.doesNotMatch(r.stderr, /\s+at .*:\d+:\d+/);
  });
});
