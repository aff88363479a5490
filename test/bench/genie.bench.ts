// npm run bench: figures for the README. Not part of npm test; every number is printed, none asserted
// beyond "all succeeded". What is Pulumi's and what is this package's is measured in the same run:
// (a) the package's CPU in-process against a JSON round trip of the same document; (b) the same
// calls through Pulumi's provider host against a trivial dynamic provider given the same bytes;
// (c) a fresh host's first answered call, against the trivial provider's; (d) a real `pulumi up`
// and `pulumi preview` of 100 spaces against a trivial stack of the same size; (e) the provider
// plugin against the dynamic resource and the trivial yardstick: (c), (b)'s largest space, (d).
import { execFileSync } from "node:child_process";
import * as path from "node:path";
import { performance } from "node:perf_hooks";
import { systemClock } from "../../emulator";
import type { GenieSpaceArgs, GenieSpaceSpec } from "../../provider";
import { consumerInputs, consumerProject } from "../support/consumer";
import { declare } from "../support/declare";
import { emulator, WAREHOUSE } from "../support/emulator";
import { Engine } from "../support/engine";
import { type Props, ProviderHost, secret } from "../support/host";
import { stack } from "../support/stack";
import { emulatorStore } from "./emulator-store";
import { engineStacks } from "./engine-stacks";
import { inProcess } from "./in-process";
import { pluginFigures } from "./plugin";
import { kB, median, ms, out, ratio, timeAsync } from "./measure";
import { HUNDRED_KB, LARGEST, ONE_MB, sizedSpace, TYPICAL } from "./spaces";
import { trivialProviderText, withProvider } from "./trivial";

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

/** (a) and (b) for one space. */
async function checkAndDiff(
  label: string,
  spec: GenieSpaceSpec,
  trivial: string,
  runs: { inProcess: number; host: number },
): Promise<void> {
  const { toSerializedSpace } = await import("../../provider");
  const documentText = JSON.stringify(toSerializedSpace(spec).document);
  out(`${label}: ${kB(documentText)} document`);
  const s = await stack();
  try {
    const inputs = await declare("big", { title: "Big", warehouseId: WAREHOUSE, space: spec });
    await s.engine.up("big", inputs);
    const st = s.engine.state.get("big");
    if (st === undefined) throw new Error("no state");
    inProcess(label, documentText, inputs, st.outputs, runs.inProcess);

    // (b) Through the host: the same host process runs both providers, on the same bytes.
    const t = {
      check: [] as number[],
      diff: [] as number[],
      tcheck: [] as number[],
      tdiff: [] as number[],
    };
    const tInputs = withProvider(inputs, trivial);
    const tState = withProvider(st.outputs, trivial);
    for (let i = 0; i < runs.host + 1; i++) {
      const c = await timeAsync(() => s.host.check(st.urn, st.inputs, inputs));
      const tc = await timeAsync(() => s.host.check(st.urn, st.inputs, tInputs));
      const d = await timeAsync(() => s.host.diff(st.id, st.urn, st.outputs, inputs));
      const td = await timeAsync(() => s.host.diff(st.id, st.urn, tState, tInputs));
      if (i === 0) continue; // the first call of each loads its provider
      t.check.push(c);
      t.tcheck.push(tc);
      t.diff.push(d);
      t.tdiff.push(td);
    }
    const [c, tc, d, td] = [median(t.check), median(t.tcheck), median(t.diff), median(t.tdiff)];
    out(
      `  (b) through Pulumi's provider host, median of ${runs.host}: check ${ms(c)} vs trivial provider ${ms(tc)} = ${ratio(c, tc)}; ` +
        `diff ${ms(d)} vs ${ms(td)} = ${ratio(d, td)} (the trivial provider's time is Pulumi's: gRPC, protobuf Struct, the host)`,
    );
  } finally {
    await s.stop();
  }
}

/** Item 4's figures: the trivial provider's check of the largest space, as a Struct and as one JSON string. */
async function structOrString(trivial: string): Promise<void> {
  const spec = sizedSpace(LARGEST);
  const s = await stack();
  try {
    const inputs = withProvider(
      await declare("shape", { title: "Big", warehouseId: WAREHOUSE, space: spec }),
      trivial,
    );
    const asString = { ...inputs, space: JSON.stringify(inputs["space"]) };
    const struct: number[] = [];
    const text: number[] = [];
    for (let i = 0; i < 6; i++) {
      const a = await timeAsync(() => s.host.check("urn:x", {}, inputs));
      const b = await timeAsync(() => s.host.check("urn:x", {}, asString));
      if (i === 0) continue;
      struct.push(a);
      text.push(b);
    }
    const parse = median(
      Array.from({ length: 10 }, () => {
        const x = asString.space;
        const t0 = performance.now();
        JSON.parse(x);
        return performance.now() - t0;
      }),
    );
    out(
      `largest space through the host, trivial provider's check, median of 5: space as a nested Struct ${ms(median(struct))}, ` +
        `as one JSON string ${ms(median(text))} = ${ratio(median(text), median(struct))}; JSON.parse of that string in-process ${ms(parse)}`,
    );
  } finally {
    await s.stop();
  }
}

/** What the package itself takes in a fresh node: require the runtime, configure, the first check. */
const OWN_FIRST_CALL = `
const { performance } = require("node:perf_hooks");
const t = performance.now();
const runtime = require("pulumi-databricks-genie/runtime");
runtime.configure({ config: { get: () => undefined } });
runtime
  .dispatch("GenieSpace", "check", [{}, { title: "F", warehouseId: "${WAREHOUSE}", space: { tables: ["dev.sales.orders"] } }])
  .then(() => process.stdout.write(String(performance.now() - t)));
`;

/** (c) A fresh host (spawn, configure) to its first answered check, GenieSpace against trivial. */
async function firstCall(trivial: string): Promise<void> {
  const t = await emulator();
  const inputs = await declare("first", {
    title: "F",
    warehouseId: WAREHOUSE,
    space: { tables: ["dev.sales.orders"] },
  });
  const genie: number[] = [];
  const yardstick: number[] = [];
  const config = { "databricks:host": t.emu.url, "databricks:token": secret(t.emu.token) };
  const first = async (props: Props) => {
    const start = performance.now();
    const host = await ProviderHost.start(config);
    const r = await host.check("urn:x", {}, props);
    const took = performance.now() - start;
    host.stop();
    if (r.failures.length > 0) throw new Error(JSON.stringify(r.failures));
    return took;
  };
  const rounds = 15;
  try {
    for (let i = 0; i < rounds; i++) {
      yardstick.push(await first(withProvider(inputs, trivial)));
      genie.push(await first(inputs));
    }
  } finally {
    await t.emu.stop();
  }
  const own = median(
    Array.from({ length: 7 }, () =>
      Number(
        execFileSync(process.execPath, ["-e", OWN_FIRST_CALL], {
          cwd: path.join(__dirname, "..", ".."),
          encoding: "utf8",
        }),
      ),
    ),
  );
  const [g, y] = [median(genie), median(yardstick)];
  out(
    `(c) fresh host to its first answered check (spawn, configure, load, check), median of ${rounds}: GenieSpace ${ms(g)}, ` +
      `trivial provider ${ms(y)} = ${ratio(g, y)}; the package's own part, timed inside a fresh node (require the runtime, configure, first check), median of 7: ${ms(own)} = ${ratio(y + own, y)} of the trivial provider's; the rest is Pulumi's host starting`,
  );
}

async function main(): Promise<void> {
  const cpu = (await import("node:os")).cpus();
  out(
    `pulumi-databricks-genie benchmarks (node ${process.version}, ${new Date().toISOString().slice(0, 10)}, ${cpu.length} x ${cpu[0]?.model ?? "?"})`,
  );
  await providerBytes();
  await requestsPerOperation();
  const trivial = await trivialProviderText();
  await checkAndDiff("typical space", TYPICAL, trivial, { inProcess: 400, host: 50 });
  await checkAndDiff("~100 kB space", sizedSpace(HUNDRED_KB), trivial, {
    inProcess: 100,
    host: 20,
  });
  await checkAndDiff("~1 MB space", sizedSpace(ONE_MB), trivial, { inProcess: 25, host: 10 });
  await checkAndDiff(
    "largest space the limits allow (30 tables x 100 described columns, 200 example SQLs, 50 functions, 50 benchmarks)",
    sizedSpace(LARGEST),
    trivial,
    { inProcess: 21, host: 10 },
  );
  await structOrString(trivial);
  await firstCall(trivial);
  await hundredSpaces();
  await emulatorStore();
  await engineStacks(100);
  await pluginFigures(trivial);
}

main().catch((e: unknown) => {
  process.stderr.write(`bench failed: ${(e as Error).stack ?? String(e)}\n`);
  process.exit(1);
});
