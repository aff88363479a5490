import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";

/**
 * The host and engine tests run `dist/` (the provider host loads the package the way Pulumi does,
 * from its build), while mocha compiles the tests themselves from source. Run on a `dist/` older
 * than the source, they test yesterday's code and pass. This guard, loaded by `.mocharc.json`,
 * rebuilds before any test runs when a source file is newer than its output, so `npx mocha` and
 * `npm run test:unit` always test the current source; `npm test` has just built, so it finds
 * nothing to do and does not build twice.
 */
export const SOURCE_FOLDERS = ["provider", "components", "emulator", "cli", "plugin"] as const;

export interface StaleOutput {
  source: string;
  output: string;
  why: "missing" | "older";
}

function sources(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return sources(p);
    return e.name.endsWith(".ts") && !e.name.endsWith(".d.ts") ? [p] : [];
  });
}

/** Every source file under the build's folders whose `dist/` output is missing or older. */
export function staleOutputs(root: string): StaleOutput[] {
  const out: StaleOutput[] = [];
  for (const folder of SOURCE_FOLDERS) {
    for (const source of sources(path.join(root, folder))) {
      const rel = path.relative(root, source);
      const output = path.join(root, "dist", rel.replace(/\.ts$/, ".js"));
      if (!fs.existsSync(output)) out.push({ source: rel, output, why: "missing" });
      else if (fs.statSync(output).mtimeMs < fs.statSync(source).mtimeMs)
        out.push({ source: rel, output, why: "older" });
    }
  }
  return out;
}

export function describeStale(stale: readonly StaleOutput[]): string {
  const first = stale[0];
  if (first === undefined) return "dist/ is current";
  const more = stale.length > 1 ? ` (and ${stale.length - 1} more)` : "";
  return `dist/ is ${first.why === "missing" ? "missing the output of" : "older than"} ${first.source}${more}`;
}

const ROOT = path.join(__dirname, "..", "..");

/** Mocha's global setup: builds when stale; refuses to run the tests if the build fails. */
export function mochaGlobalSetup(): void {
  const stale = staleOutputs(ROOT);
  if (stale.length === 0) return;
  console.log(`build guard: ${describeStale(stale)}; building (npm run build) before the tests`);
  try {
    execFileSync(
      process.execPath,
      [require.resolve("typescript/bin/tsc"), "-p", "tsconfig.build.json"],
      { cwd: ROOT, stdio: ["ignore", "pipe", "pipe"], encoding: "utf8" },
    );
  } catch (e) {
    const out = (e as { stdout?: string }).stdout ?? String(e);
    throw new Error(
      `build guard: the tests need a current dist/ and the build failed, so no test was run:\n${out}`,
    );
  }
  const still = staleOutputs(ROOT);
  if (still.length > 0)
    throw new Error(`build guard: after building, ${describeStale(still)}; no test was run`);
}
