import { strict as assert } from "node:assert";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { emulator } from "../support/emulator";
import { cleanEnv, emulatorEnv, genie } from "../support/genie-cli";

/** A spec with a misspelled table, a column the table lacks and a function that does not exist. */
const SPEC = {
  tables: [
    { identifier: "${catalog}.sales.orders", columns: { amount: {}, amount_eur: {} } },
    "${catalog}.sales.ordres",
  ],
  sqlFunctions: ["${catalog}.sales.fiscal_quarter", "${catalog}.sales.fiscal_year"],
};

describe("genie validate --live (against the emulator)", function () {
  this.timeout(60_000);
  let t: Awaited<ReturnType<typeof emulator>>;
  let dir: string;
  let env: NodeJS.ProcessEnv;
  before(async () => {
    t = await emulator();
    env = emulatorEnv(t.emu);
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "genie-live-"));
    fs.writeFileSync(path.join(dir, "spec.json"), JSON.stringify(SPEC));
    fs.writeFileSync(
      path.join(dir, "good.json"),
      JSON.stringify({ tables: ["dev.sales.orders"], sqlFunctions: ["dev.sales.fiscal_quarter"] }),
    );
  });
  afterEach(() => t.emu.clearFaults());
  after(async () => {
    await t?.emu.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const run = (args: string[], e = env) => genie(["validate", ...args], { cwd: dir, env: e });

  it("names a missing table, a missing column and a missing function with their paths and fixes, all at once: exit 1", async () => {
    const r = await run(["spec.json", "--live", "--vars", "catalog=dev"]);
    assert.equal(r.code, 1, r.stderr);
    const lines = r.stdout.trim().split("\n");
    assert.equal(lines[0], "spec.json: 3 errors, 0 warnings");
    assert.match(
      r.stdout,
      /error: tables\[0\]\.columns\.amount_eur: column 'amount_eur' is not a column of table 'dev\.sales\.orders' \(its columns: .*amount.*\) \(fix: /,
    );
    assert.match(
      r.stdout,
      /error: tables\[1\]: table 'dev\.sales\.ordres' does not exist in this workspace's Unity Catalog \(fix: correct the name/,
    );
    assert.match(
      r.stdout,
      /error: sqlFunctions\[1\]: SQL function 'dev\.sales\.fiscal_year' does not exist .*\(fix: create the function first/,
    );
    assert.doesNotMatch(r.stdout, /fiscal_quarter|tables\[0\]: /);
  });

  it("a warehouse of another workspace is named at --warehouse-id, with a fix", async () => {
    const r = await run(["good.json", "--live", "--warehouse-id", "0123456789abcdef"]);
    assert.equal(r.code, 1, r.stderr);
    assert.match(
      r.stdout,
      /error: --warehouse-id: SQL warehouse 0123456789abcdef does not exist in this workspace \(fix: pick a warehouse of this workspace: `databricks warehouses list`/,
    );
  });

  it("a file whose tables, columns, functions and warehouse exist: ok, exit 0", async () => {
    const r = await run(["good.json", "--live", "--warehouse-id", "a1b2c3d4e5f60718"]);
    assert.deepEqual([r.code, r.stdout], [0, "good.json: ok\n"], r.stderr);
  });

  it("--json carries the live problems with their rules", async () => {
    const r = await run(["spec.json", "--live", "--vars", "catalog=dev", "--json"]);
    assert.equal(r.code, 1);
    const [file] = JSON.parse(r.stdout) as { errors: { path: string; rule: string }[] }[];
    assert.deepEqual(
      file?.errors.map((e) => [e.path, e.rule]),
      [
        ["tables[0].columns.amount_eur", "column-missing"],
        ["tables[1]", "table-missing"],
        ["sqlFunctions[1]", "function-missing"],
      ],
    );
  });

  it("a caller without read rights is told which tables it cannot read and what to grant", async () => {
    const analyst = cleanEnv({
      DATABRICKS_HOST: t.emu.url,
      DATABRICKS_TOKEN: "emulator-token-analyst",
    });
    const r = await run(["good.json", "--live"], analyst);
    assert.equal(r.code, 1, r.stderr);
    assert.match(
      r.stdout,
      /error: tables\[0\]: the deployer cannot read table 'dev\.sales\.orders': User analyst@example\.com does not have USE CATALOG on Catalog 'dev'\. \(fix: grant the deployer USE CATALOG and USE SCHEMA on its catalog and schema, and SELECT on the table\)/,
    );
  });

  it("429 and 503 answers are retried: the same verdict comes through", async () => {
    t.emu.addFault({
      kind: "status",
      status: 429,
      retryAfterSeconds: 0,
      path: "/api/2.1/unity-catalog/tables/dev.sales.ordres",
      count: 2,
    });
    t.emu.addFault({
      kind: "status",
      status: 503,
      path: "/api/2.1/unity-catalog/functions/dev.sales.fiscal_year",
      count: 1,
    });
    const r = await run(["spec.json", "--live", "--vars", "catalog=dev"]);
    assert.equal(r.code, 1, r.stderr);
    assert.match(r.stdout, /3 errors/);
    assert.match(r.stdout, /tables\[1\]: table 'dev\.sales\.ordres' does not exist/);
  });

  it("a lookup that keeps failing (5xx past the retries) is reported as not checked: exit 2, not a missing table", async () => {
    t.emu.addFault({
      kind: "status",
      status: 503,
      path: "/api/2.1/unity-catalog/tables/dev.sales.orders",
      count: 1000,
    });
    const r = await run(["good.json", "--live"]);
    assert.equal(r.code, 2, r.stdout + r.stderr);
    assert.match(
      r.stdout,
      /tables\[0\]: could not look up table 'dev\.sales\.orders': .*TEMPORARILY_UNAVAILABLE/,
    );
    assert.doesNotMatch(r.stdout, /does not exist/);
  });

  it("--warehouse-id without --live is a usage error: exit 2", async () => {
    const r = await run(["good.json", "--warehouse-id", "a1b2c3d4e5f60718"]);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /--warehouse-id goes with --live/);
  });
});
