import { strict as assert } from "node:assert";
import { spawn } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { type EmulatorProcess, startEmulatorProcess } from "../support/emulator-process";
import { findPython, SDK_VERSION, sdkPython } from "./python-sdk";

/**
 * The conformance tier: the official Databricks SDK for Python (databricks-sdk from PyPI, pinned
 * in python-sdk.ts) drives a real emulator process, as a new user's code would. Each script in
 * this folder checks one API area the package, the `genie` CLI or the Databricks provider uses,
 * and fails on the first answer the SDK cannot take or that differs from the workspace's
 * (docs/api-behaviour.md). The emulator keeps its data in a folder, so the durable store is
 * exercised too; its lags are shortened so the SDK's own waiters finish in a second or two.
 */
const HERE = __dirname;
const FAST = {
  warehouseStateChangeMs: 300,
  evalStartMs: 200,
  evalQuestionMs: 100,
  messageReplyMs: 300,
};

describe(`conformance: the Databricks SDK for Python ${SDK_VERSION} against the emulator`, function () {
  this.timeout(120_000);
  let python: string | undefined;

  before(function () {
    this.timeout(600_000); // the first run on a machine installs the SDK
    const found = findPython();
    if ("skip" in found) {
      console.log(`      skipped: ${found.skip}`);
      this.skip();
    }
    python = sdkPython(found.python);
  });

  async function runScript(script: string): Promise<void> {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "genie-conformance-data-"));
    const home = fs.mkdtempSync(path.join(os.tmpdir(), "genie-conformance-home-"));
    let emu: EmulatorProcess | undefined;
    try {
      emu = await startEmulatorProcess(["--data-dir", dataDir]);
      const config = await fetch(`${emu.url}/__emulator/config`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify(FAST),
      });
      assert.equal(config.status, 200);
      const { code, output } = await runPython(python as string, path.join(HERE, script), {
        // Only what the SDK needs: no profile, no DATABRICKS_* of the machine, no proxy.
        PATH: process.env["PATH"] ?? "",
        HOME: home,
        USERPROFILE: home,
        PYTHONPATH: HERE,
        PYTHONDONTWRITEBYTECODE: "1",
        DATABRICKS_HOST: emu.url,
        DATABRICKS_TOKEN: emu.token,
      });
      assert.equal(code, 0, `${script} failed:\n${output}\n--- emulator ---\n${emu.output()}`);
    } finally {
      await emu?.stop();
      fs.rmSync(dataDir, { recursive: true, force: true });
      fs.rmSync(home, { recursive: true, force: true });
    }
  }

  const cases: [string, string][] = [
    [
      "identity_and_auth.py",
      "identifies the caller by a PAT, and by OAuth M2M found through OIDC discovery",
    ],
    [
      "genie_spaces.py",
      "Genie spaces: create v1 and v2, get with and without the document, update with etags, pages that skip nothing while spaces are trashed, trash, errors as the SDK's classes",
    ],
    ["permissions.py", "permissions of spaces and warehouses: get, set, update, permission levels"],
    [
      "warehouses.py",
      "warehouses: create and wait until RUNNING, get, list, edit, stop and start with waits, delete",
    ],
    [
      "workspace_folders.py",
      "workspace folders: mkdirs, get-status, a space created into one, recursive delete",
    ],
    [
      "unity_catalog.py",
      "Unity Catalog: catalogs, schemas, tables, functions, grants and effective grants",
    ],
    [
      "statements.py",
      "statement execution: DDL, a failing statement, a pending one polled and one cancelled",
    ],
    [
      "eval_runs.py",
      "evaluation runs: create, progress to DONE, list, results and details, scripted outcomes and failures",
    ],
    ["conversations.py", "conversations: start and wait, messages, lists, delete"],
  ];
  for (const [script, behaviour] of cases) it(behaviour, () => runScript(script));
});

function runPython(
  python: string,
  script: string,
  env: NodeJS.ProcessEnv,
): Promise<{ code: number; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(python, [script], { env, cwd: HERE });
    let output = "";
    child.stdout.on("data", (d: Buffer) => (output += d.toString()));
    child.stderr.on("data", (d: Buffer) => (output += d.toString()));
    child.on("error", reject);
    child.on("exit", (code) => resolve({ code: code ?? -1, output }));
  });
}
