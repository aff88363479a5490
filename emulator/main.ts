// `npm run emulator -- [--port N] [--data-dir DIR] [--seed FILE|dev-stack] [--trash-lag-ms N] [--stale-read-ms N]`
// (also `genie emulator`, from the packed package).
// `--seed dev-stack` is the workspace `npm run up:dev` starts (dev.sales empty: the stack makes its tables).
import * as fs from "node:fs";
import { parseArgs } from "node:util";
import { describeLines } from "./describe";
import { devStackSeed, type Seed } from "./seed";
import { type Emulator, startEmulator } from "./server";

export const EMULATOR_OPTIONS = {
  port: { type: "string", default: "8787" },
  "data-dir": { type: "string" },
  seed: { type: "string" },
  "trash-lag-ms": { type: "string" },
  "stale-read-ms": { type: "string" },
} as const;

export interface EmulatorArgs {
  port?: string;
  "data-dir"?: string;
  seed?: string;
  "trash-lag-ms"?: string;
  "stale-read-ms"?: string;
}

/** Starts the emulator as the command line asks and prints how to reach it on `out`. */
export async function serve(
  values: EmulatorArgs,
  out: NodeJS.WritableStream = process.stdout,
): Promise<Emulator> {
  const port = Number(values.port ?? "8787");
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new Error(`--port must be a port number, got '${values.port}'`);
  let seed: Seed | undefined;
  if (values.seed === "dev-stack") seed = devStackSeed();
  else if (values.seed !== undefined) {
    try {
      seed = JSON.parse(fs.readFileSync(values.seed, "utf8")) as Seed;
    } catch (e) {
      throw new Error(`cannot read the seed file ${values.seed}: ${(e as Error).message}`);
    }
  }
  const config = {
    ...(values["trash-lag-ms"] !== undefined ? { trashLagMs: Number(values["trash-lag-ms"]) } : {}),
    ...(values["stale-read-ms"] !== undefined
      ? { staleReadMs: Number(values["stale-read-ms"]) }
      : {}),
  };
  const emu = await startEmulator({ port, dataDir: values["data-dir"], seed, config });
  out.write(`Genie API emulator listening on ${emu.url}\n`);
  out.write(`  DATABRICKS_HOST=${emu.url}\n  DATABRICKS_TOKEN=${emu.token}\n`);
  for (const line of describeLines(emu.describe())) out.write(`${line}\n`);
  out.write(
    values["data-dir"] === undefined
      ? "  storage: in memory\n"
      : `  storage: ${values["data-dir"]}\n`,
  );
  return emu;
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: EMULATOR_OPTIONS });
  // Listening for the signals before printing where it listens: one sent right after that line
  // must stop it cleanly, not kill it.
  let stopping: Promise<void> | undefined;
  const started: { emu?: Emulator } = {};
  const stop = () =>
    void (stopping ??= Promise.resolve(started.emu?.stop()).then(() => process.exit(0)));
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
  started.emu = await serve(values);
}

if (require.main === module) {
  main().catch((e: unknown) => {
    process.stderr.write(`genie emulator: ${(e as Error).message}\n`);
    process.exit(1);
  });
}
