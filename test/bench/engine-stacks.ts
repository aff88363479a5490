import { startEmulator } from "../../emulator";
import { consumerProject, typescriptProject } from "../support/consumer";
import { WAREHOUSE } from "../support/emulator";
import { PulumiProject, pulumiVersion } from "../support/pulumi-cli";
import { median, out, ratio, timeAsync } from "./measure";
import { TYPICAL } from "./spaces";
import { TRIVIAL_PROGRAM_PROVIDER } from "./trivial";

/**
 * (d) A real `pulumi` (when one is on PATH): `pulumi up` creating `count` spaces, then a no-op
 * `pulumi preview`, each timed against a stack of the same size whose resources use the trivial
 * provider with the same inputs. The project installs the package from `npm pack`.
 */
const PROGRAM = `import * as pulumi from "@pulumi/pulumi";
import { GenieSpace, type GenieSpaceSpec } from "pulumi-databricks-genie";

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
  if (config.require("kind") === "genie") new GenieSpace(\`s\${i}\`, args);
  else new Trivial(\`s\${i}\`, args);
}
`;

export async function engineStacks(count: number): Promise<void> {
  const version = pulumiVersion();
  if (version === undefined) {
    out(
      "(d) pulumi up / preview: skipped, no `pulumi` on PATH and PULUMI_CLI unset (e.g. PATH=/tmp/pulumi-bin:$PATH)",
    );
    return;
  }
  const emu = await startEmulator({ config: { trashLagMs: 0, staleReadMs: 0 } });
  const dir = consumerProject();
  typescriptProject(dir, "genie-bench", PROGRAM);
  const stacks = {
    genie: new PulumiProject(dir, "genie"),
    trivial: new PulumiProject(dir, "trivial"),
  };
  try {
    for (const [kind, p] of Object.entries(stacks))
      await p.init(
        {
          "genie-bench:kind": kind,
          "genie-bench:count": String(count),
          "genie-bench:warehouseId": WAREHOUSE,
          "databricks:host": emu.url,
        },
        { "databricks:token": emu.token },
      );
    const up = {
      trivial: await timeAsync(() => stacks.trivial.must(["up"])),
      genie: await timeAsync(() => stacks.genie.must(["up"])),
    };
    const previews = { genie: [] as number[], trivial: [] as number[] };
    for (let i = 0; i < 3; i++)
      for (const kind of ["trivial", "genie"] as const)
        previews[kind].push(
          await timeAsync(() => stacks[kind].must(["preview", "--expect-no-changes"])),
        );
    const preview = { genie: median(previews.genie), trivial: median(previews.trivial) };
    const s = (x: number) => `${(x / 1000).toFixed(1)} s`;
    out(
      `(d) a real pulumi (${version}), ${count} spaces (the typical space), local backend, emulator:`,
    );
    out(
      `  pulumi up (creates ${count}): GenieSpace ${s(up.genie)}, trivial stack ${s(up.trivial)} = ${ratio(up.genie, up.trivial)}`,
    );
    out(
      `  pulumi preview (no changes), median of 3: GenieSpace ${s(preview.genie)}, trivial stack ${s(preview.trivial)} = ${ratio(preview.genie, preview.trivial)}`,
    );
    out(
      "  Pulumi's part is the trivial stack's time (CLI, engine, program, provider host, state); GenieSpace's up adds 2 HTTP requests per space to the emulator.",
    );
  } finally {
    for (const p of Object.values(stacks)) p.remove();
    await emu.stop();
  }
}
