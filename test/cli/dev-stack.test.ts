import { strict as assert } from "node:assert";
import { spawnSync } from "node:child_process";
import * as path from "node:path";

const ROOT = path.join(__dirname, "..", "..");

describe("npm run up:dev (cli/dev-stack.ts)", () => {
  it("without the Pulumi CLI, says how to install it, with no stack trace, and starts nothing", function () {
    if (spawnSync("pulumi", ["version"]).status === 0) {
      console.log("    skipped: a Pulumi CLI is installed here, so its absence cannot be observed");
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
    assert.doesNotMatch(res.stdout, /started the emulator/);
  });
});
