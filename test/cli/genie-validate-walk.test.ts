import { strict as assert } from "node:assert";
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { fixtureText } from "../support/fixtures";
import { cleanEnv, GENIE, startGenie } from "../support/genie-cli";
import { exec, type Run } from "../support/pulumi-cli";

const GOOD = fixtureText("nyc_taxi.v2.geniespace.json");

/** `genie validate <args>`, ended by a watchdog after 20 s (a walk into a cycle would not end). */
async function validate(args: string[], cwd: string): Promise<Run & { ended: boolean }> {
  const g = startGenie(["validate", ...args], { cwd, env: cleanEnv() });
  const watchdog = setTimeout(() => g.signal("SIGKILL"), 20_000);
  const code = await g.exited;
  clearTimeout(watchdog);
  return { code: code ?? -1, ...g.output(), ended: code !== null };
}

describe("genie validate DIR: the walk never follows a linked folder and goes on past what it cannot read", function () {
  this.timeout(60_000);
  let dir: string;
  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "genie-walk-"));
    fs.mkdirSync(path.join(dir, "spaces", "nested"), { recursive: true });
    fs.writeFileSync(path.join(dir, "spaces", "a.geniespace.json"), GOOD);
    fs.writeFileSync(path.join(dir, "spaces", "nested", "b.geniespace.json"), GOOD);
    // Two cycles (each alone repeats every file; together they made the walk run out of memory),
    // as `node_modules/<this package> -> ..` does in this repository.
    fs.symlinkSync("..", path.join(dir, "spaces", "nested", "up"));
    fs.symlinkSync("../..", path.join(dir, "spaces", "nested", "top"));
    // A link to a file is read (it cannot loop); a link to nothing is reported and passed.
    fs.symlinkSync("a.geniespace.json", path.join(dir, "spaces", "linked.geniespace.json"));
    fs.symlinkSync("gone.json", path.join(dir, "spaces", "dangling.geniespace.json"));
    // Reading a pipe would wait forever for a writer.
    execFileSync("mkfifo", [path.join(dir, "spaces", "pipe.geniespace.json")]);
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it("each file once, through no linked folder; a dangling link and a pipe reported per file; exit 1", async () => {
    const r = await validate(["spaces"], dir);
    assert.ok(r.ended, `the walk did not end:\n${r.stdout.slice(0, 2000)}`);
    assert.equal(r.code, 1, r.stderr);
    const lines = r.stdout.trimEnd().split("\n");
    assert.deepEqual(
      lines.filter((l) => !l.startsWith("  ")),
      [
        "spaces/a.geniespace.json: ok",
        "spaces/dangling.geniespace.json: 1 error, 0 warnings",
        "spaces/linked.geniespace.json: ok",
        "spaces/nested/b.geniespace.json: ok",
        "spaces/pipe.geniespace.json: 1 error, 0 warnings",
      ],
    );
    assert.match(r.stdout, /dangling\.geniespace\.json[^]*cannot read it: .*ENOENT/);
    assert.match(r.stdout, /pipe\.geniespace\.json[^]*not a regular file/);
    assert.doesNotMatch(r.stderr, /\n\s+at .+:\d+:\d+/);
  });

  it("--json gives the unreadable files as files with an error", async () => {
    const r = await validate(["spaces", "--json"], dir);
    const out = JSON.parse(r.stdout) as {
      file: string;
      valid: boolean;
      errors: { rule: string }[];
    }[];
    assert.deepEqual(
      out.filter((f) => !f.valid).map((f) => [f.file, f.errors.map((e) => e.rule)]),
      [
        ["spaces/dangling.geniespace.json", ["unreadable"]],
        ["spaces/pipe.geniespace.json", ["unreadable"]],
      ],
    );
  });

  it("a file or folder it may not read (EACCES) is reported and the walk goes on", async function () {
    const root = process.getuid?.() === 0;
    if (root && !fs.existsSync("/usr/sbin/runuser")) {
      console.log("      (skipped: running as root without runuser, so nothing is unreadable)");
      return this.skip();
    }
    const d = fs.mkdtempSync(path.join(os.tmpdir(), "genie-walk-eacces-"));
    try {
      fs.mkdirSync(path.join(d, "locked"));
      fs.writeFileSync(path.join(d, "locked", "hidden.geniespace.json"), GOOD);
      fs.writeFileSync(path.join(d, "ok.geniespace.json"), GOOD);
      fs.writeFileSync(path.join(d, "secret.geniespace.json"), GOOD);
      fs.chmodSync(path.join(d, "secret.geniespace.json"), 0o000);
      fs.chmodSync(path.join(d, "locked"), 0o000);
      fs.chmodSync(d, 0o755);
      // As root everything is readable: the command runs as nobody then.
      const [cmd, args] = root
        ? ["/usr/sbin/runuser", ["-u", "nobody", "--", process.execPath, GENIE]]
        : [process.execPath, [GENIE]];
      const r = await exec(cmd, [...args, "validate", "."], { cwd: d, env: cleanEnv() });
      assert.equal(r.code, 1, r.stderr);
      assert.match(r.stdout, /^locked: 1 error/m);
      assert.match(r.stdout, /cannot read it: EACCES/);
      assert.match(r.stdout, /^ok\.geniespace\.json: ok$/m);
      assert.match(r.stdout, /^secret\.geniespace\.json: 1 error/m);
    } finally {
      fs.chmodSync(path.join(d, "locked"), 0o755);
      fs.rmSync(d, { recursive: true, force: true });
    }
  });
});
