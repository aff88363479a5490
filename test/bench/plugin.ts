import { performance } from "node:perf_hooks";
import { WAREHOUSE } from "../support/emulator";
import { declare } from "../support/declare";
import { emulator } from "../support/emulator";
import { type Props, ProviderHost, secret } from "../support/host";
import { PluginClient, SPACE_TYPE } from "../support/plugin";
import { PluginEngine } from "../support/plugin-engine";
import { OFFLINE_NPM, repositoryCopy, typescriptProject } from "../support/plugin-project";
import { PulumiProject, pulumiVersion } from "../support/pulumi-cli";
import { stack } from "../support/stack";
import { median, ms, out, ratio, timeAsync } from "./measure";
import { LARGEST, sizedSpace, TYPICAL } from "./spaces";
import { TRIVIAL_PROGRAM_PROVIDER, withProvider } from "./trivial";

/**
 * (e) The provider plugin against the dynamic resource and the trivial yardstick, in one run:
 * a fresh process to its first answered check; check and diff of the largest space; and with a
 * real `pulumi`, `pulumi up` of 100 spaces and a no-op preview, all three from one TypeScript
 * program (the plugin through its generated SDK). Goal: the plugin no slower on any figure.
 */
const strip = ({ __provider: _, ...rest }: Props): Props => rest;

async function firstCall(trivial: string, rounds: number): Promise<void> {
  const t = await emulator();
  const inputs = await declare("first", {
    title: "F",
    warehouseId: WAREHOUSE,
    space: { tables: ["dev.sales.orders"] },
  });
  const config = { "databricks:host": t.emu.url, "databricks:token": secret(t.emu.token) };
  const times = { plugin: [] as number[], dynamic: [] as number[], trivial: [] as number[] };
  const viaHost = async (props: Props) => {
    const start = performance.now();
    const host = await ProviderHost.start(config);
    const r = await host.check("urn:x", {}, props);
    const took = performance.now() - start;
    host.stop();
    if (r.failures.length > 0) throw new Error(JSON.stringify(r.failures));
    return took;
  };
  const viaPlugin = async () => {
    const start = performance.now();
    const plugin = await PluginClient.start();
    await plugin.configure({ host: t.emu.url, token: secret(t.emu.token) });
    const r = await plugin.check(SPACE_TYPE, "first", strip(inputs));
    const took = performance.now() - start;
    plugin.stop();
    if (r.failures.length > 0) throw new Error(JSON.stringify(r.failures));
    return took;
  };
  try {
    for (let i = 0; i < rounds; i++) {
      times.trivial.push(await viaHost(withProvider(inputs, trivial)));
      times.dynamic.push(await viaHost(inputs));
      times.plugin.push(await viaPlugin());
    }
  } finally {
    await t.emu.stop();
  }
  const [p, d, y] = [median(times.plugin), median(times.dynamic), median(times.trivial)];
  out(
    `(e1) a fresh process to its first answered check (spawn, configure, check), median of ${rounds}: plugin ${ms(p)}, ` +
      `dynamic GenieSpace ${ms(d)}, trivial dynamic provider ${ms(y)}: plugin/dynamic ${ratio(p, d)}, plugin/trivial ${ratio(p, y)}`,
  );
}

async function checkAndDiff(trivial: string, runs: number): Promise<void> {
  const spec = sizedSpace(LARGEST);
  const s = await stack();
  const plugin = await PluginClient.start();
  try {
    await plugin.configure({ host: s.emu.url, token: secret(s.emu.token) });
    const inputs = await declare("big", { title: "Big", warehouseId: WAREHOUSE, space: spec });
    await s.engine.up("big", inputs);
    const dyn = s.engine.state.get("big");
    const engine = new PluginEngine(plugin);
    await engine.up("big", strip(inputs));
    const pst = engine.stored("big");
    if (dyn === undefined) throw new Error("no state");
    const tInputs = withProvider(inputs, trivial);
    const tState = withProvider(dyn.outputs, trivial);
    const t = {
      pc: [] as number[],
      pd: [] as number[],
      dc: [] as number[],
      dd: [] as number[],
      tc: [] as number[],
      td: [] as number[],
    };
    for (let i = 0; i < runs + 1; i++) {
      const pc = await timeAsync(() => plugin.check(SPACE_TYPE, "big", strip(inputs), pst.inputs));
      const pd = await timeAsync(() =>
        plugin.diff(SPACE_TYPE, "big", pst.id, pst.outputs, pst.inputs, pst.inputs),
      );
      const dc = await timeAsync(() => s.host.check(dyn.urn, dyn.inputs, inputs));
      // Each diff gets the old inputs too, as the engine sends them to every provider.
      const dd = await timeAsync(() =>
        s.host.diff(dyn.id, dyn.urn, dyn.outputs, inputs, dyn.inputs),
      );
      const tc = await timeAsync(() => s.host.check(dyn.urn, dyn.inputs, tInputs));
      const td = await timeAsync(() => s.host.diff(dyn.id, dyn.urn, tState, tInputs, tInputs));
      if (i === 0) continue; // the first call of each loads its code
      t.pc.push(pc);
      t.pd.push(pd);
      t.dc.push(dc);
      t.dd.push(dd);
      t.tc.push(tc);
      t.td.push(td);
    }
    const m = Object.fromEntries(Object.entries(t).map(([k, v]) => [k, median(v)])) as Record<
      keyof typeof t,
      number
    >;
    out(
      `(e2) the largest space, median of ${runs}: check: plugin ${ms(m.pc)}, dynamic ${ms(m.dc)}, trivial ${ms(m.tc)} ` +
        `(plugin/dynamic ${ratio(m.pc, m.dc)}); diff: plugin ${ms(m.pd)} (with its detailed diff), dynamic ${ms(m.dd)}, trivial ${ms(m.td)} ` +
        `(plugin/dynamic ${ratio(m.pd, m.dd)})`,
    );
  } finally {
    plugin.stop();
    await s.stop();
  }
}

const PROGRAM = `import * as pulumi from "@pulumi/pulumi";
import { GenieSpace, type GenieSpaceSpec } from "pulumi-databricks-genie";
import * as genie from "@pulumi/genie";

const config = new pulumi.Config();
const count = Number(config.require("count"));
const space: GenieSpaceSpec = ${JSON.stringify(TYPICAL, null, 2)};
const trivial: pulumi.dynamic.ResourceProvider = ${TRIVIAL_PROGRAM_PROVIDER};
class Trivial extends pulumi.dynamic.Resource {
  constructor(name: string, props: pulumi.Inputs) {
    super(trivial, name, props);
  }
}
for (let i = 0; i < count; i++) {
  const args = { title: \`Space \${i}\`, warehouseId: config.require("warehouseId"), space };
  const kind = config.require("kind");
  if (kind === "dynamic") new GenieSpace(\`s\${i}\`, args);
  else if (kind === "plugin") new genie.GenieSpace(\`s\${i}\`, args as genie.GenieSpaceArgs);
  else new Trivial(\`s\${i}\`, args);
}
`;

async function engineStacks(count: number): Promise<void> {
  const version = pulumiVersion();
  if (version === undefined) {
    out("(e3) pulumi up / preview with the plugin: skipped, no `pulumi` on PATH");
    return;
  }
  const t = await emulator({ config: { trashLagMs: 0, staleReadMs: 0 } });
  const dir = await typescriptProject("genie-bench-plugin", PROGRAM);
  const kinds = ["trivial", "dynamic", "plugin"] as const;
  const stacks = Object.fromEntries(
    kinds.map((k) => [k, new PulumiProject(dir, k, OFFLINE_NPM)]),
  ) as Record<(typeof kinds)[number], PulumiProject>;
  try {
    await stacks.plugin.mustWithoutStack(["package", "add", `${repositoryCopy()}/plugin`]);
    for (const [kind, p] of Object.entries(stacks))
      await p.init(
        {
          "genie-bench-plugin:kind": kind,
          "genie-bench-plugin:count": String(count),
          "genie-bench-plugin:warehouseId": WAREHOUSE,
          "databricks:host": t.emu.url,
          "genie:host": t.emu.url,
        },
        { "databricks:token": t.emu.token, "genie:token": t.emu.token },
      );
    const up: Record<string, number> = {};
    for (const k of kinds) up[k] = await timeAsync(() => stacks[k].must(["up"]));
    const previews: Record<string, number[]> = { trivial: [], dynamic: [], plugin: [] };
    for (let i = 0; i < 3; i++)
      for (const k of kinds)
        previews[k]?.push(
          await timeAsync(() => stacks[k].must(["preview", "--expect-no-changes"])),
        );
    const pv = Object.fromEntries(kinds.map((k) => [k, median(previews[k] ?? [])]));
    const s = (x: number | undefined) => `${((x ?? 0) / 1000).toFixed(1)} s`;
    const [pu, du, tu] = [up["plugin"] ?? 0, up["dynamic"] ?? 0, up["trivial"] ?? 1];
    out(
      `(e3) a real pulumi (${version}), ${count} spaces (the typical space), one TypeScript program:`,
    );
    out(
      `  pulumi up (creates ${count}): plugin ${s(pu)}, dynamic GenieSpace ${s(du)}, trivial ${s(tu)}: plugin/dynamic ${ratio(pu, du)}, plugin/trivial ${ratio(pu, tu)}`,
    );
    out(
      `  pulumi preview (no changes), median of 3: plugin ${s(pv["plugin"])}, dynamic ${s(pv["dynamic"])}, trivial ${s(pv["trivial"])}: plugin/dynamic ${ratio(pv["plugin"] ?? 0, pv["dynamic"] ?? 1)}`,
    );
  } finally {
    for (const p of Object.values(stacks)) p.remove();
    await t.emu.stop();
  }
}

export async function pluginFigures(trivial: string): Promise<void> {
  await firstCall(trivial, 11);
  await checkAndDiff(trivial, 10);
  await engineStacks(100);
}
