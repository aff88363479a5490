// npm run bench: figures for the README. Not part of npm test; every number is printed, none asserted
// beyond "all succeeded".
import { performance } from "node:perf_hooks";
import { systemClock } from "../../emulator";
import type { GenieSpaceArgs, GenieSpaceSpec } from "../../provider";
import { validateSpace } from "../../provider";
import { consumerInputs, consumerProject } from "../support/consumer";
import { declare } from "../support/declare";
import { emulator, WAREHOUSE } from "../support/emulator";
import { Engine } from "../support/engine";
import { type Props, ProviderHost, secret } from "../support/host";
import { stack } from "../support/stack";

const pct = (xs: number[], p: number) =>
  [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))] ?? NaN;
const ms = (x: number) => `${x.toFixed(1)} ms`;
const out = (line: string) => process.stdout.write(line + "\n");

/** The largest space the limits allow, roughly: 30 tables of 100 described columns, 50 functions, 50 benchmarks, ... */
function largestSpace(): GenieSpaceSpec {
  const text = (n: number, seed: string) =>
    `${seed} `.repeat(Math.ceil(n / (seed.length + 1))).slice(0, n);
  return {
    tables: Array.from({ length: 30 }, (_, t) => ({
      identifier: `main.sales.table_${String(t).padStart(2, "0")}`,
      description: text(2000, `table ${t}`),
      columns: Object.fromEntries(
        Array.from({ length: 100 }, (_, c) => [
          `column_${c}`,
          {
            description: text(500, `column ${c} of table ${t}`),
            synonyms: [`c${c}`, `col ${c}`, `field ${c}`],
            enableEntityMatching: c % 2 === 0,
          },
        ]),
      ),
    })),
    instructions: text(20_000, "Always answer in EUR.\n"),
    sampleQuestions: Array.from({ length: 100 }, (_, i) => `Sample question number ${i}?`),
    exampleSqls: Array.from({ length: 200 }, (_, i) => ({
      question: `Example ${i}?`,
      sql: text(3000, `SELECT ${i} FROM main.sales.table_00\n`),
      usageGuidance: text(300, "use it"),
    })),
    sqlFunctions: Array.from(
      { length: 50 },
      (_, i) => `main.udf.function_${String(i).padStart(2, "0")}`,
    ),
    benchmarks: Array.from({ length: 50 }, (_, i) => ({
      question: `Benchmark ${i}?`,
      sql: text(2000, `SELECT ${i}\n`),
    })),
  };
}

const TYPICAL: GenieSpaceSpec = {
  tables: [
    {
      identifier: "dev.sales.orders",
      description: "One row per order.",
      columns: { order_id: { synonyms: ["order number"] }, status: { enableEntityMatching: true } },
    },
    "dev.sales.customers",
  ],
  instructions: "Revenue means SUM(orders.amount).\nFiscal years start on 1 February.",
  sampleQuestions: [
    "What was revenue last month?",
    "Who are our top 10 customers?",
    "How many orders shipped?",
  ],
  exampleSqls: [
    {
      question: "Top customers by revenue",
      sql: "SELECT c.name, SUM(o.amount)\nFROM dev.sales.orders o\nJOIN dev.sales.customers c ON o.customer_id = c.id\nGROUP BY 1\nORDER BY 2 DESC\nLIMIT :n",
      parameters: [{ name: "n", typeHint: "INTEGER", defaultValue: "10" }],
    },
  ],
  joins: [
    {
      left: "dev.sales.orders",
      right: "dev.sales.customers",
      sql: "orders.customer_id = customers.id",
      relationship: "MANY_TO_ONE",
    },
  ],
  benchmarks: [
    { question: "How many orders are there?", sql: "SELECT COUNT(*) FROM dev.sales.orders" },
  ],
};

async function providerBytes(): Promise<void> {
  const repo = String(
    (await declare("bytes", { title: "t", warehouseId: WAREHOUSE, space: {} }))["__provider"],
  );
  const installed = String(consumerInputs(consumerProject())["__provider"]);
  out(
    `serialized provider: ${Buffer.byteLength(repo)} bytes in this repository, ${Buffer.byteLength(installed)} bytes installed from npm pack`,
  );
}

async function requestsPerOperation(): Promise<void> {
  const s = await stack();
  try {
    const args: GenieSpaceArgs = {
      title: "R",
      warehouseId: WAREHOUSE,
      space: { tables: ["dev.sales.orders"] },
    };
    const inputs = await declare("req", args);
    const count = async (what: string, fn: () => Promise<unknown>) => {
      const reqs = await s.requestsDuring(fn);
      out(
        `  ${what}: ${reqs.length} (${reqs.map((r) => `${r.method} ${r.path.replace(/01f[0-9a-f]{29}/, "{id}")}`).join(", ") || "none"})`,
      );
    };
    out("HTTP requests per operation:");
    await count("create", () => s.engine.up("req", inputs));
    await count("create into a missing folder", async () =>
      s.engine.up("req2", await declare("req2", { ...args, parentPath: "/Teams/new" })),
    );
    await count("no-op preview", () => s.engine.preview("req", inputs));
    await count("refresh (one space)", () => s.engine.refresh("req"));
    await count("update", async () =>
      s.engine.up("req", await declare("req", { ...args, description: "changed" })),
    );
    await count("delete", () => s.engine.destroy("req"));
  } finally {
    await s.stop();
  }
}

async function checkAndDiff(label: string, spec: GenieSpaceSpec): Promise<void> {
  const doc = JSON.stringify((await import("../../provider")).toSerializedSpace(spec).document);
  if (!validateSpace(spec).valid) throw new Error(`${label} is not valid`);
  const s = await stack();
  try {
    const inputs = await declare("big", { title: "Big", warehouseId: WAREHOUSE, space: spec });
    await s.engine.up("big", inputs);
    const st = s.engine.state.get("big");
    if (st === undefined) throw new Error("no state");
    const checks: number[] = [];
    const diffs: number[] = [];
    for (let i = 0; i < 25; i++) {
      let t = performance.now();
      await s.host.check(st.urn, st.inputs, inputs);
      checks.push(performance.now() - t);
      t = performance.now();
      await s.host.diff(st.id, st.urn, st.outputs, inputs);
      diffs.push(performance.now() - t);
    }
    out(
      `${label} (${(Buffer.byteLength(doc) / 1e3).toFixed(1)} kB document), through the host, 25 runs:`,
    );
    out(
      `  check p50 ${ms(pct(checks, 50))}, p95 ${ms(pct(checks, 95))}; diff p50 ${ms(pct(diffs, 50))}, p95 ${ms(pct(diffs, 95))}`,
    );
  } finally {
    await s.stop();
  }
}

async function firstCall(): Promise<void> {
  const t = await emulator();
  const inputs = await declare("first", {
    title: "F",
    warehouseId: WAREHOUSE,
    space: { tables: ["dev.sales.orders"] },
  });
  const times: number[] = [];
  try {
    for (let i = 0; i < 5; i++) {
      const start = performance.now();
      const host = await ProviderHost.start({
        "databricks:host": t.emu.url,
        "databricks:token": secret(t.emu.token),
      });
      await host.check("urn:x", {}, inputs);
      times.push(performance.now() - start);
      host.stop();
    }
  } finally {
    await t.emu.stop();
  }
  out(
    `fresh host to first answered check (spawn, configure, load runtime): median ${ms(pct(times, 50))} of 5`,
  );
}

async function hundredSpaces(): Promise<void> {
  const t = await emulator({ clock: systemClock });
  t.emu.setRateLimit(20);
  const host = await ProviderHost.start({
    "databricks:host": t.emu.url,
    "databricks:token": secret(t.emu.token),
  });
  const engine = new Engine(host);
  try {
    const all: Props[] = [];
    for (let i = 0; i < 100; i++)
      all.push(
        await declare(`s${i}`, {
          title: `Space ${i}`,
          warehouseId: WAREHOUSE,
          space: { tables: ["dev.sales.orders"] },
        }),
      );
    const start = performance.now();
    let next = 0;
    const worker = async () => {
      while (next < all.length) {
        const i = next++;
        await engine.up(`s${i}`, all[i] as Props);
      }
    };
    await Promise.all(Array.from({ length: 10 }, worker));
    const wall = (performance.now() - start) / 1000;
    const created = [...engine.state.keys()].length;
    const requests = t.emu.requests.filter((r) => r.path.startsWith("/api/")).length;
    const throttled = t.emu.requests.filter((r) => r.status === 429).length;
    const minimum = (100 * 2) / 20;
    out(
      `100 spaces through the host, 10 at a time, emulator limited to 20 requests/s: ${created}/100 created, ${requests} requests (${throttled} answered 429), ${wall.toFixed(1)} s wall, ${(wall / minimum).toFixed(2)}x the ${minimum.toFixed(0)} s minimum the limit allows`,
    );
    if (created !== 100) throw new Error("not every space was created");
  } finally {
    host.stop();
    await t.emu.stop();
  }
}

async function main(): Promise<void> {
  out(
    `pulumi-databricks-genie benchmarks (node ${process.version}, ${new Date().toISOString().slice(0, 10)})`,
  );
  await providerBytes();
  await requestsPerOperation();
  await checkAndDiff(
    "largest space the limits allow (30 tables x 100 described columns, 200 example SQLs, 50 functions, 50 benchmarks)",
    largestSpace(),
  );
  await checkAndDiff(
    "a typical space (2 tables with column settings, instructions, 3 questions, an example SQL, a join, a benchmark)",
    TYPICAL,
  );
  await firstCall();
  await hundredSpaces();
}

main().catch((e: unknown) => {
  process.stderr.write(`bench failed: ${(e as Error).message}\n`);
  process.exit(1);
});
