import { strict as assert } from "node:assert";
import { spawn, spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { startEmulatorProcess } from "../support/emulator-process";

/**
 * The conformance tier's Go half: the official Databricks SDK for Go (databricks-sdk-go, pinned in
 * go/go.mod, checksums in go/go.sum) from the Go module proxy, built once per machine under the
 * OS temp folder (keyed by the program's and the pins' hash; ~1 min the first time), run against a
 * real emulator process. Skipped, saying why, where there is no Go toolchain or the module cannot
 * be fetched.
 */
const SOURCE = path.join(__dirname, "go");
const FILES = ["main.go", "go.mod", "go.sum"];

function build(): { binary: string } | { skip: string } {
  const go = spawnSync("go", ["version"], { encoding: "utf8" });
  if (go.error !== undefined || go.status !== 0) return { skip: "no go toolchain on PATH" };
  const hash = createHash("sha256");
  for (const f of FILES) hash.update(fs.readFileSync(path.join(SOURCE, f)));
  const dir = path.join(
    os.tmpdir(),
    "genie-conformance",
    `go-sdk-${hash.digest("hex").slice(0, 16)}`,
  );
  const binary = path.join(dir, process.platform === "win32" ? "conformance.exe" : "conformance");
  if (fs.existsSync(binary)) return { binary };
  fs.mkdirSync(dir, { recursive: true });
  for (const f of FILES) fs.copyFileSync(path.join(SOURCE, f), path.join(dir, f));
  const tmp = `${binary}.${process.pid}.building`;
  const r = spawnSync("go", ["build", "-mod=readonly", "-o", tmp, "."], {
    cwd: dir,
    encoding: "utf8",
    timeout: 600_000,
  });
  if (r.status !== 0) {
    const why = `${r.stderr}${r.error?.message ?? ""}`;
    // The SDK's module could not be fetched (offline, or the proxy refuses it): not our failure.
    if (/proxy|dial tcp|no such host|not available|Forbidden|connection refused/i.test(why))
      return { skip: `the Go SDK could not be fetched: ${why.trim().split("\n")[0]}` };
    throw new Error(`go build of the conformance program failed:\n${why}`);
  }
  fs.renameSync(tmp, binary);
  return { binary };
}

describe("conformance: the Databricks SDK for Go against the emulator", function () {
  let binary: string | undefined;
  before(function () {
    this.timeout(600_000);
    const built = build();
    if ("skip" in built) {
      console.log(`      skipped: ${built.skip}`);
      this.skip();
    }
    binary = built.binary;
  });

  it("identity (PAT, OAuth M2M), spaces, pages while trashing, errors as apierr values, permissions, warehouses with waiters, eval runs, a conversation", async function () {
    this.timeout(120_000);
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "genie-conformance-go-"));
    const emu = await startEmulatorProcess(["--data-dir", dataDir]);
    try {
      await fetch(`${emu.url}/__emulator/config`, {
        method: "POST",
        body: JSON.stringify({
          warehouseStateChangeMs: 300,
          evalStartMs: 200,
          evalQuestionMs: 100,
          messageReplyMs: 300,
        }),
      });
      const { code, output } = await new Promise<{ code: number; output: string }>((resolve) => {
        const child = spawn(binary as string, [], {
          env: {
            PATH: process.env["PATH"] ?? "",
            HOME: dataDir,
            DATABRICKS_HOST: emu.url,
            DATABRICKS_TOKEN: emu.token,
          },
        });
        let text = "";
        child.stdout.on("data", (d: Buffer) => (text += d.toString()));
        child.stderr.on("data", (d: Buffer) => (text += d.toString()));
        child.on("exit", (c) => resolve({ code: c ?? -1, output: text }));
      });
      assert.equal(code, 0, `${output}\n--- emulator ---\n${emu.output()}`);
      assert.match(output, /conformance ok: Go SDK/);
    } finally {
      await emu.stop();
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
