import * as databricks from "@pulumi/databricks";
import { strict as assert } from "node:assert";
import type { GenieSpaceArgs } from "../../provider";
import { declare } from "../support/declare";
import { WAREHOUSE } from "../support/emulator";
import { CheckFailed } from "../support/engine";
import { failureText } from "../support/host";
import { type Stack, stack } from "../support/stack";

const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";
const TABLES = "/api/2.1/unity-catalog/tables/";

const good = (over: Partial<GenieSpaceArgs> = {}): GenieSpaceArgs => ({
  title: "Sales",
  warehouseId: WAREHOUSE,
  space: {
    tables: [
      "${catalog}.sales.orders",
      { identifier: "${catalog}.sales.customers", columns: { name: {} } },
    ],
    sqlFunctions: ["${catalog}.sales.fiscal_quarter"],
  },
  variables: { catalog: "dev" },
  ...over,
});

/** A misspelled table, a column the table lacks and a function that does not exist. */
const broken = (): GenieSpaceArgs =>
  good({
    space: {
      tables: [
        { identifier: "${catalog}.sales.orders", columns: { amount: {}, amount_eur: {} } },
        "${catalog}.sales.ordres",
      ],
      sqlFunctions: ["${catalog}.sales.fiscal_quarter", "${catalog}.sales.fiscal_year"],
    },
  });

async function failures(f: () => Promise<unknown>): Promise<string[]> {
  try {
    await f();
  } catch (e) {
    if (e instanceof CheckFailed) {
      assert.ok(
        e.failures.every((x) => x.property === ""),
        "paths go into the reason",
      );
      return e.failures.map(failureText);
    }
    throw e;
  }
  return [];
}

describe("GenieSpace preflight (databricks-genie:preflight), through the real provider host", function () {
  this.timeout(60_000);
  let s: Stack;
  before(
    async () =>
      (s = await stack({
        "databricks-genie:preflight": "true",
        "databricks-genie:retryMaxElapsedMs": "800",
        "databricks-genie:retryBaseDelayMs": "20",
      })),
  );
  afterEach(() => s.emu.clearFaults());
  after(() => s.stop());

  it("preview names a missing table, a missing column and a missing function at their paths, with fixes", async () => {
    const found = await failures(async () =>
      s.engine.preview("broken", await declare("broken", broken())),
    );
    assert.equal(found.length, 3, found.join("\n"));
    assert.match(
      found.join("\n"),
      /space\.tables\[0\]\.columns\.amount_eur: column 'amount_eur' is not a column of table 'dev\.sales\.orders' .*\(fix: correct the column's name/,
    );
    assert.match(
      found.join("\n"),
      /space\.tables\[1\]: table 'dev\.sales\.ordres' does not exist in this workspace's Unity Catalog \(fix: correct the name/,
    );
    assert.match(
      found.join("\n"),
      /space\.sqlFunctions\[1\]: SQL function 'dev\.sales\.fiscal_year' does not exist/,
    );
  });

  it("a space whose names all exist passes; the next preview with nothing changed makes no request", async () => {
    const inputs = await declare("good", good());
    const first = await s.requestsDuring(() => s.engine.up("good", inputs));
    assert.ok(
      first.some((r) => r.path.startsWith(TABLES)),
      "looked up at the first preview",
    );
    const again = await s.requestsDuring(() => s.engine.preview("good", inputs));
    assert.deepEqual(again, []);
  });

  it("a changed warehouse alone is looked up, and not the tables: a warehouse of another workspace is named at warehouseId", async () => {
    const inputs = await declare("wh", good());
    await s.engine.up("wh", inputs);
    const other = await declare("wh", good({ warehouseId: "0123456789abcdef" }));
    let found: string[] = [];
    const reqs = await s.requestsDuring(
      async () => (found = await failures(() => s.engine.preview("wh", other))),
    );
    assert.deepEqual(found, [
      "warehouseId: SQL warehouse 0123456789abcdef does not exist in this workspace (fix: pick a warehouse of this workspace: `databricks warehouses list` shows their ids (or pass a databricks.SqlEndpoint's id))",
    ]);
    assert.deepEqual(
      reqs.map((r) => `${r.method} ${r.path}`),
      ["GET /api/2.0/sql/warehouses/0123456789abcdef"],
    );
  });

  it("skips tables whose names are unknown at preview, or that a dependency makes", async () => {
    const inputs = await declare(
      "made",
      good({ space: { tables: ["dev.sales.orders", "dev.sales.new_orders", "dev.sales.later"] } }),
    );
    const space = inputs["space"] as { tables: unknown[] };
    space.tables[2] = UNKNOWN;
    const reqs = await s.requestsDuring(() =>
      s.engine.preview("made", { ...inputs, dependencyTables: ["dev.sales.new_orders"] }),
    );
    assert.deepEqual(
      reqs.map((r) => r.path),
      [`${TABLES}dev.sales.orders`, `/api/2.0/sql/warehouses/${WAREHOUSE}`],
    );
  });

  it("a caller without read rights is told what to grant", async () => {
    const analyst = await stack({
      "databricks-genie:preflight": "true",
      "databricks:token": "emulator-token-analyst",
    });
    try {
      const found = await failures(async () =>
        analyst.engine.preview("a", await declare("a", good())),
      );
      assert.match(
        found.join("\n"),
        /space\.tables\[0\]: the deployer cannot read table 'dev\.sales\.orders': User analyst@example\.com does not have USE CATALOG on Catalog 'dev'\. \(fix: grant the deployer USE CATALOG and USE SCHEMA/,
      );
    } finally {
      await analyst.stop();
    }
  });

  it("429 and 5xx answers are retried within the budget, then the same verdict comes", async () => {
    s.emu.addFault({
      kind: "status",
      status: 429,
      retryAfterSeconds: 0,
      path: `${TABLES}dev.sales.ordres`,
      count: 1,
    });
    s.emu.addFault({
      kind: "status",
      status: 502,
      path: "/api/2.1/unity-catalog/functions/dev.sales.fiscal_year",
      count: 1,
    });
    const found = await failures(async () =>
      s.engine.preview("faults", await declare("faults", broken())),
    );
    assert.equal(found.length, 3, found.join("\n"));
  });

  it("a lookup that keeps failing is a failure saying it could not check, not a missing table", async () => {
    s.emu.addFault({ kind: "status", status: 503, path: `${TABLES}dev.sales.orders`, count: 1000 });
    const found = await failures(async () =>
      s.engine.preview("down", await declare("down", good())),
    );
    assert.equal(found.length, 1, found.join("\n"));
    assert.match(
      found[0] ?? "",
      /^space\.tables\[0\]: could not look up table 'dev\.sales\.orders': .*TEMPORARILY_UNAVAILABLE/,
    );
  });

  it("a lookup that gets no answer before the timeout is a failure too", async () => {
    const slow = await stack({
      "databricks-genie:preflight": "true",
      "databricks-genie:timeoutMs": "200",
      "databricks-genie:retryMaxElapsedMs": "500",
      "databricks-genie:retryBaseDelayMs": "20",
    });
    try {
      slow.emu.addFault({
        kind: "delay",
        ms: 600_000,
        path: `${TABLES}dev.sales.orders`,
        count: 1000,
      });
      const found = await failures(async () =>
        slow.engine.preview("t", await declare("t", good())),
      );
      assert.match(
        found.join("\n"),
        /space\.tables\[0\]: could not look up table 'dev\.sales\.orders': .*before the timeout/,
      );
    } finally {
      slow.clock.advance(600_000);
      await slow.stop();
    }
  });
});

describe("GenieSpace without the preflight", function () {
  this.timeout(60_000);
  let s: Stack;
  before(async () => (s = await stack()));
  after(() => s.stop());

  it("makes no request at preview, even for a space never created", async () => {
    const reqs = await s.requestsDuring(async () =>
      s.engine.preview("p", await declare("p", broken())),
    );
    assert.deepEqual(reqs, []);
  });

  it("a value of databricks-genie:preflight other than true or false is refused, naming the key", async () => {
    const odd = await stack({ "databricks-genie:preflight": "yes" });
    try {
      await assert.rejects(
        async () => odd.engine.preview("p", await declare("p", good())),
        /databricks-genie:preflight must be true or false, got "yes"/,
      );
    } finally {
      await odd.stop();
    }
  });
});

describe("GenieSpace: the server's refusals at create and update, told in the program's terms", function () {
  this.timeout(60_000);
  let s: Stack;
  before(async () => {
    s = await stack();
    s.emu.config.requireTables = true;
  });
  after(() => s.stop());

  it("create over a misspelled table names space.tables[1] and a fix, found by looking the names up", async () => {
    const inputs = await declare("c1", broken());
    await assert.rejects(
      () => s.engine.up("c1", inputs),
      (e: Error) => {
        assert.match(
          e.message,
          /PERMISSION_DENIED: Table or view 'dev\.sales\.ordres' does not exist/,
        );
        assert.match(
          e.message,
          /error: space\.tables\[1\]: table 'dev\.sales\.ordres' does not exist in this workspace's Unity Catalog \(fix: correct the name/,
        );
        assert.match(
          e.message,
          /error: space\.tables\[0\]\.columns\.amount_eur: column 'amount_eur'/,
        );
        assert.match(
          e.message,
          /error: space\.sqlFunctions\[1\]: SQL function 'dev\.sales\.fiscal_year'/,
        );
        return true;
      },
    );
    assert.equal(s.engine.state.get("c1"), undefined);
  });

  it("create on a warehouse of another workspace names warehouseId and the fix", async () => {
    const inputs = await declare("c2", good({ warehouseId: "0123456789abcdef" }));
    await assert.rejects(
      () => s.engine.up("c2", inputs),
      /Warehouse 0123456789abcdef does not exist or is not accessible\. \(HTTP 400\)[^]*error: warehouseId: SQL warehouse 0123456789abcdef does not exist in this workspace, or the deployer cannot use it \(fix: pick a warehouse of this workspace: `databricks warehouses list`/,
    );
  });

  it("update to a missing table names its path; update to a missing warehouse names warehouseId", async () => {
    await s.engine.up("u", await declare("u", good()));
    const misspelled = await declare(
      "u",
      good({ space: { tables: ["${catalog}.sales.orders", "${catalog}.sales.custmers"] } }),
    );
    await assert.rejects(
      () => s.engine.up("u", misspelled),
      /cannot update genie space [0-9a-f]{32}: PERMISSION_DENIED[^]*error: space\.tables\[1\]: table 'dev\.sales\.custmers' does not exist/,
    );
    await assert.rejects(
      async () => s.engine.up("u", await declare("u", good({ warehouseId: "0123456789abcdef" }))),
      /error: warehouseId: SQL warehouse 0123456789abcdef/,
    );
  });
});

describe("GenieSpace: tables in dependsOn are what the preflight skips", () => {
  it("records the three-part names of dependsOn resources that have catalogName, schemaName and name", async () => {
    const table = new databricks.SqlTable("made", {
      catalogName: "dev",
      schemaName: "sales",
      name: "new_orders",
      tableType: "MANAGED",
      warehouseId: WAREHOUSE,
    });
    const inputs = await declare("deps", good(), { dependsOn: [table] });
    assert.deepEqual(inputs["dependencyTables"], ["dev.sales.new_orders"]);
    const none = await declare("nodeps", good());
    assert.equal("dependencyTables" in none, false);
  });
});
