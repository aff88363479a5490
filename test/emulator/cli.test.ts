import { strict as assert } from "node:assert";
import { type ChildProcess, spawn } from "node:child_process";
import * as path from "node:path";

const ROOT = path.join(__dirname, "..", "..");

/** Starts `emulator/main.ts` as `npm run emulator` does and resolves with what it printed first. */
function startCli(args: string[]): Promise<{ child: ChildProcess; output: string }> {
  const child = spawn(
    process.execPath,
    ["-r", "ts-node/register/transpile-only", "emulator/main.ts", ...args],
    { cwd: ROOT },
  );
  return new Promise((resolve, reject) => {
    let output = "";
    child.stdout?.on("data", (d: Buffer) => {
      output += d.toString();
      if (output.includes("DATABRICKS_TOKEN=")) resolve({ child, output });
    });
    child.stderr?.on("data", (d: Buffer) => (output += d.toString()));
    child.on("exit", (code) => reject(new Error(`exited with ${code}: ${output}`)));
  });
}

describe("emulator: npm run emulator", () => {
  it("starts, prints its URL and an admin token, and answers with them", async () => {
    const { child, output } = await startCli(["--port", "0"]);
    try {
      const url = /DATABRICKS_HOST=(\S+)/.exec(output)?.[1] ?? "";
      const token = /DATABRICKS_TOKEN=(\S+)/.exec(output)?.[1] ?? "";
      assert.match(url, /^http:\/\/127\.0\.0\.1:\d+$/);
      const res = await fetch(`${url}/api/2.0/genie/spaces`, {
        headers: { authorization: `Bearer ${token}` },
      });
      assert.equal(res.status, 200);
    } finally {
      child.kill("SIGTERM");
    }
  });

  it("refuses a bad --port with a message, not a stack trace", async () => {
    await assert.rejects(startCli(["--port", "banana"]), (e: Error) => {
      assert.match(e.message, /--port must be a port number, got 'banana'/);
      assert.doesNotMatch(e.message, /at .*\.ts:\d+/);
      return true;
    });
  });
});
