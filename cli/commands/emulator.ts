import { Writable } from "node:stream";
import { type Command, flag, UsageError } from "../args";
import { printJson } from "../output";

/** The longest delay Node's timers hold (2^31-1 ms, about 24.8 days). */
const MAX_MS = 2 ** 31 - 1;

export const emulator: Command = {
  name: "emulator",
  usage:
    "[--port 8787] [--data-dir DIR] [--seed FILE|dev-stack] [--trash-lag-ms N] [--stale-read-ms N]",
  brief: "the bundled Genie API emulator, as npm run emulator starts it",
  about: `Starts the bundled Genie API emulator on 127.0.0.1, as \`npm run emulator\` does, until SIGINT
or SIGTERM. Point the other commands at it with the DATABRICKS_HOST and DATABRICKS_TOKEN it prints.`,
  flags: `  --port N             the port (default 8787; 0 picks a free one)
  --data-dir DIR       keep the workspace in files there (default: in memory)
  --seed FILE|dev-stack  the starting workspace (dev-stack: the one \`npm run up:dev\` uses)
  --trash-lag-ms N     how long a trashed space still shows, in ms (default 0)
  --stale-read-ms N    how long reads after a write may show old metadata, in ms (default 0)`,
  options: {
    port: { type: "string" },
    "data-dir": { type: "string" },
    seed: { type: "string" },
    "trash-lag-ms": { type: "string" },
    "stale-read-ms": { type: "string" },
  },
  positionals: [0, 0],
  remote: false,
  async run(args, io) {
    const values = Object.fromEntries(
      Object.entries(args.values).filter(([, v]) => typeof v === "string"),
    ) as Record<string, string>;
    for (const name of ["trash-lag-ms", "stale-read-ms"]) {
      const raw = values[name];
      const n = Number(raw);
      if (raw !== undefined && !(Number.isInteger(n) && n >= 0 && n <= MAX_MS))
        throw new UsageError(
          `--${name} takes a whole number of milliseconds from 0 to ${MAX_MS}, got '${raw}'`,
        );
    }
    // Loaded here, not at the top: the other commands start faster without the emulator (~0.1 s).
    const { serve } = await import("../../emulator/main");
    // Listen for the signals before saying where it listens: a script that reads that line and
    // stops it at once must not find the default action (death by signal) still in place.
    let signalled = false;
    let wake = () => {};
    const onSignal = () => ((signalled = true), wake());
    process.on("SIGINT", onSignal);
    process.on("SIGTERM", onSignal);
    const json = flag(args, "json");
    const quiet = new Writable({ write: (_chunk, _encoding, done) => done() });
    try {
      const emu = await serve(values, json ? quiet : io.stdout).catch((e: unknown) => {
        throw new UsageError((e as Error).message);
      });
      if (json) printJson(io, { ...emu.describe(), storage: values["data-dir"] ?? null });
      if (!signalled) await new Promise<void>((resolve) => (wake = resolve));
      await emu.stop();
      return 0;
    } finally {
      process.off("SIGINT", onSignal);
      process.off("SIGTERM", onSignal);
    }
  },
};
