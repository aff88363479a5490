import { strict as assert } from "node:assert";
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";

const ROOT = path.join(__dirname, "..", "..");

/**
 * Consumers compile against our .d.ts files, often with Pulumi's template tsconfig, which neither
 * skips library checks nor enables esModuleInterop; zod 4's own typings fail there. So no
 * declaration reachable from a public entry point may import zod.
 */
describe("published typings", () => {
  let out: string;
  before(function () {
    this.timeout(120_000);
    out = fs.mkdtempSync(path.join(os.tmpdir(), "genie-dts-"));
    execFileSync(
      process.execPath,
      [
        require.resolve("typescript/bin/tsc"),
        "-p",
        "tsconfig.build.json",
        "--emitDeclarationOnly",
        "--outDir",
        out,
      ],
      { cwd: ROOT },
    );
  });
  after(() => fs.rmSync(out, { recursive: true, force: true }));

  function reachable(entry: string): Map<string, string> {
    const seen = new Map<string, string>();
    const visit = (file: string) => {
      if (seen.has(file)) return;
      const text = fs.readFileSync(file, "utf8");
      seen.set(file, text);
      for (const m of text.matchAll(/from "(\.[^"]+)"|import\("(\.[^"]+)"\)/g)) {
        const rel = (m[1] ?? m[2]) as string;
        const base = path.resolve(path.dirname(file), rel);
        visit(fs.existsSync(base + ".d.ts") ? base + ".d.ts" : path.join(base, "index.d.ts"));
      }
    };
    visit(path.join(out, entry));
    return seen;
  }

  for (const entry of ["provider/index.d.ts", "emulator/index.d.ts"]) {
    it(`no declaration reachable from ${entry} imports zod`, () => {
      const files = reachable(entry);
      assert.ok(files.size > 3, "walked the declarations");
      const offenders = [...files]
        .filter(([, text]) => /from "zod"|import\("zod"\)/.test(text))
        .map(([f]) => path.relative(out, f));
      assert.deepEqual(offenders, []);
    });
  }
});
