import { execFileSync, spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";

/**
 * For the engine tier of the provider plugin: a copy of this repository to hand to `pulumi
 * package add` / `pulumi install` (which run `npm install` in the plugin folder, and so in the
 * package root: never in the working tree), and a Python virtualenv with Pulumi's SDK, kept
 * between runs outside the repository.
 */
const ROOT = path.join(__dirname, "..", "..");

let copy: string | undefined;

/**
 * The repository's files (tracked, and new ones not ignored) in a temporary folder, with
 * node_modules as hard links to this one's (nothing downloaded; npm finds it up to date and
 * only builds). Made once per test run.
 */
export function repositoryCopy(): string {
  if (copy !== undefined) return copy;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "genie-plugin-repo-"));
  const files = execFileSync(
    "git",
    ["ls-files", "-z", "--cached", "--others", "--exclude-standard"],
    { cwd: ROOT, encoding: "utf8" },
  )
    .split("\0")
    .filter((f) => f !== "" && fs.existsSync(path.join(ROOT, f)));
  for (const f of files) {
    fs.mkdirSync(path.join(dir, path.dirname(f)), { recursive: true });
    fs.copyFileSync(path.join(ROOT, f), path.join(dir, f));
  }
  execFileSync("cp", ["-al", path.join(ROOT, "node_modules"), path.join(dir, "node_modules")]);
  copy = dir;
  return dir;
}

/** The Pulumi version of the CLI (`v3.259.0` -> `3.259.0`). */
export function cliVersion(pulumi: string): string | undefined {
  const r = spawnSync(pulumi, ["version"], { encoding: "utf8" });
  return r.status === 0 ? r.stdout.trim().replace(/^v/, "") : undefined;
}

/**
 * A virtualenv with `pulumi==<the CLI's version>` from PyPI, made once and kept under the
 * system's temporary folder (PULUMI_TEST_CACHE overrides it); undefined, with the reason, when
 * Python or PyPI is not there.
 */
export function pythonVenv(version: string): { venv?: string; why?: string } {
  const python = spawnSync("python3", ["--version"], { encoding: "utf8" });
  if (python.status !== 0) return { why: "no python3 on PATH" };
  const cache = process.env["PULUMI_TEST_CACHE"] ?? path.join(os.tmpdir(), "genie-engine-cache");
  const venv = path.join(cache, `python-pulumi-${version}`, "venv");
  const pip = path.join(venv, "bin", "pip");
  if (fs.existsSync(path.join(venv, ".ready"))) return { venv };
  fs.mkdirSync(path.dirname(venv), { recursive: true });
  const made = spawnSync("python3", ["-m", "venv", venv], { encoding: "utf8" });
  if (made.status !== 0) return { why: `python3 -m venv failed: ${made.stderr}` };
  const installed = spawnSync(pip, ["install", "-q", `pulumi==${version}`], {
    encoding: "utf8",
    timeout: 600_000,
  });
  if (installed.status !== 0)
    return { why: `pip install pulumi==${version} failed: ${installed.stderr.slice(-400)}` };
  fs.writeFileSync(path.join(venv, ".ready"), version);
  return { venv };
}

/** Environment for the CLI's npm runs: what the cache holds is used without asking the registry. */
export const OFFLINE_NPM = { npm_config_prefer_offline: "true", npm_config_audit: "false" };

/**
 * A new TypeScript project whose packages are really installed (never links into this
 * repository's node_modules: `pulumi package add` runs npm install there), from the npm cache this
 * repository's install filled, with pulumi-databricks-genie from `npm pack` (needs dist/).
 */
export async function typescriptProject(name: string, program: string): Promise<string> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `${name}-`));
  const tarball = execFileSync(
    "npm",
    ["pack", "--ignore-scripts", "--silent", "--pack-destination", dir],
    { cwd: ROOT, encoding: "utf8" },
  )
    .trim()
    .split("\n")
    .pop() as string;
  const version = (pkg: string) =>
    (
      JSON.parse(fs.readFileSync(path.join(ROOT, "node_modules", pkg, "package.json"), "utf8")) as {
        version: string;
      }
    ).version;
  fs.writeFileSync(
    path.join(dir, "package.json"),
    JSON.stringify({
      name,
      main: "index.ts",
      dependencies: {
        "@pulumi/pulumi": version("@pulumi/pulumi"),
        "pulumi-databricks-genie": `file:${tarball}`,
      },
      devDependencies: { typescript: version("typescript"), "@types/node": version("@types/node") },
    }),
  );
  fs.writeFileSync(
    path.join(dir, "tsconfig.json"),
    JSON.stringify({
      compilerOptions: {
        strict: true,
        target: "es2020",
        module: "commonjs",
        moduleResolution: "node",
        skipLibCheck: true,
      },
      files: ["index.ts"],
    }),
  );
  fs.writeFileSync(
    path.join(dir, "Pulumi.yaml"),
    `name: ${name}\nruntime:\n  name: nodejs\n  options:\n    packagemanager: npm\n`,
  );
  fs.writeFileSync(path.join(dir, "index.ts"), program);
  const npm = spawnSync("npm", ["install", "--no-fund"], {
    cwd: dir,
    env: { ...process.env, ...OFFLINE_NPM },
    encoding: "utf8",
  });
  if (npm.status !== 0) throw new Error(`npm install failed:\n${npm.stderr}`);
  return dir;
}
