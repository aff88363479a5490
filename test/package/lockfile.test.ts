import { strict as assert } from "node:assert";
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";

const ROOT = path.join(__dirname, "..", "..");

/**
 * `npm install` rewrites a lockfile that disagrees with package.json (a `bin` added to the manifest
 * and not to the lock left every clone dirty after the README's first command; issue #22). The
 * check asks npm itself, offline, in a copy, so it covers whatever else npm would change.
 */
describe("the committed lockfile", function () {
  this.timeout(60_000);

  it("is what `npm install` would write: following the README leaves the clone clean", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "genie-lock-"));
    try {
      for (const file of ["package.json", "package-lock.json"])
        fs.copyFileSync(path.join(ROOT, file), path.join(dir, file));
      execFileSync(
        "npm",
        [
          "install",
          "--package-lock-only",
          "--offline",
          "--ignore-scripts",
          "--no-audit",
          "--no-fund",
        ],
        { cwd: dir, stdio: "pipe", encoding: "utf8" },
      );
      const committed = fs.readFileSync(path.join(ROOT, "package-lock.json"), "utf8");
      const rewritten = fs.readFileSync(path.join(dir, "package-lock.json"), "utf8");
      assert.ok(
        committed === rewritten,
        "npm install would change package-lock.json: run `npm install` and commit the lockfile",
      );
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
