import { strict as assert } from "node:assert";
import { type ChildProcess, spawn } from "node:child_process";
import * as path from "node:path";
import { devStackSeed, startEmulator } from "../../emulator";

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
      if (/storage: .*\n/.test(output)) resolve({ child, output }); // the last line it prints
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

  it("prints what a stack needs besides the URL and token: identities, OAuth client, warehouses, catalogs, schemas, tables, functions", async () => {
    const { child, output } = await startCli(["--port", "0", "--seed", "dev-stack"]);
    child.kill("SIGTERM");
    assert.match(output, /^ {2}users: admin@example\.com \(admin\) token emulator-token-admin, /m);
    assert.match(
      output,
      /DATABRICKS_CLIENT_ID=00000000-0000-4000-8000-00000000c1c0 DATABRICKS_CLIENT_SECRET=/,
    );
    assert.match(output, /^ {2}warehouses: a1b2c3d4e5f60718 \(Starter Warehouse, RUNNING\), /m);
    assert.match(output, /^ {2}schemas: dev\.sales, prod\.sales$/m);
    assert.match(output, /^ {2}tables: prod\.sales\.customers, prod\.sales\.orders$/m);
    assert.match(output, /^ {2}functions: dev\.sales\.fiscal_quarter\n {2}storage: in memory$/m);
    const emu = await startEmulator({ seed: devStackSeed() });
    try {
      const d = emu.describe();
      assert.deepEqual(
        d.warehouses.map((w) => [w.id, w.state]),
        [
          ["a1b2c3d4e5f60718", "RUNNING"],
          ["b2c3d4e5f6071829", "RUNNING"],
        ],
      );
      assert.deepEqual(d.catalogs, ["dev", "prod"]);
      assert.deepEqual(d.schemas, ["dev.sales", "prod.sales"]);
      assert.deepEqual(d.tables, ["prod.sales.customers", "prod.sales.orders"]);
      assert.deepEqual(d.servicePrincipals[0]?.clientId, "00000000-0000-4000-8000-00000000c1c0");
      assert.equal(d.users.find((u) => u.admin)?.token, "emulator-token-admin");
    } finally {
      await emu.stop();
    }
  });

  it("--seed dev-stack starts the workspace npm run up:dev uses: dev.sales exists, without the tables the stack creates", async () => {
    const { child, output } = await startCli(["--port", "0", "--seed", "dev-stack"]);
    try {
      const url = /DATABRICKS_HOST=(\S+)/.exec(output)?.[1] ?? "";
      const get = (p: string) =>
        fetch(`${url}/api/2.1/unity-catalog/${p}`, {
          headers: { authorization: "Bearer emulator-token-admin" },
        }).then((r) => r.status);
      assert.equal(await get("schemas/dev.sales"), 200);
      assert.equal(await get("tables/dev.sales.orders"), 404);
      assert.equal(await get("tables/prod.sales.orders"), 200);
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
