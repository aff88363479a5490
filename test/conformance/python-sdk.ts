import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";

/**
 * The official Databricks SDK for Python, pinned, installed once per machine into a virtualenv
 * under the OS temp folder (outside the repository), keyed by the SDK's and Python's versions: the
 * first run pays the install (~30 s), later runs reuse it. Built beside its final name and renamed
 * into place, so two test runs installing at once never see half of it.
 */
export const SDK_VERSION = "0.167.0";

export type Python = { python: string } | { skip: string };

/** A Python able to run the SDK (3.10 or later), or why the tier is skipped. */
export function findPython(): Python {
  for (const cmd of ["python3", "python"]) {
    const r = spawnSync(cmd, ["-c", "import sys; print('%d.%d' % sys.version_info[:2])"], {
      encoding: "utf8",
    });
    if (r.error !== undefined || r.status !== 0) continue;
    const [major, minor] = r.stdout.trim().split(".").map(Number) as [number, number];
    if (major > 3 || (major === 3 && minor >= 10)) return { python: cmd };
    return { skip: `${cmd} is ${r.stdout.trim()}; databricks-sdk ${SDK_VERSION} needs 3.10+` };
  }
  return { skip: "no python3 or python on PATH" };
}

/** The virtualenv's interpreter, installing the SDK on first use. */
export function sdkPython(python: string): string {
  const version = spawnSync(python, ["-c", "import sys; print(sys.version.split()[0])"], {
    encoding: "utf8",
  }).stdout.trim();
  const home = path.join(os.tmpdir(), "genie-conformance");
  const venv = path.join(home, `databricks-sdk-${SDK_VERSION}-py${version}`);
  const bin = (dir: string) =>
    process.platform === "win32"
      ? path.join(dir, "Scripts", "python.exe")
      : path.join(dir, "bin", "python");
  if (fs.existsSync(path.join(venv, "ready"))) return bin(venv);
  fs.mkdirSync(home, { recursive: true });
  const building = `${venv}.${process.pid}.building`;
  fs.rmSync(building, { recursive: true, force: true });
  run(python, ["-m", "venv", building]);
  run(bin(building), [
    "-m",
    "pip",
    "install",
    "--disable-pip-version-check",
    "--no-input",
    "-q",
    `databricks-sdk==${SDK_VERSION}`,
  ]);
  fs.writeFileSync(path.join(building, "ready"), `databricks-sdk ${SDK_VERSION}\n`);
  try {
    fs.renameSync(building, venv);
  } catch {
    // Another run installed it first: use theirs.
    fs.rmSync(building, { recursive: true, force: true });
    if (!fs.existsSync(path.join(venv, "ready"))) throw new Error(`cannot place ${venv}`);
  }
  return bin(venv);
}

function run(cmd: string, args: string[]): void {
  const r = spawnSync(cmd, args, { encoding: "utf8", timeout: 600_000 });
  if (r.error !== undefined || r.status !== 0)
    throw new Error(
      `${cmd} ${args.join(" ")} failed (${r.error?.message ?? `exit ${r.status}`}):\n${r.stdout}${r.stderr}`,
    );
}
