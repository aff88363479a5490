import { type Command, UsageError } from "../args";

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
    // Loaded here, not at the top: the other commands start faster without the emulator (~0.1 s).
    const { serve } = await import("../../emulator/main");
    let emu;
    try {
      emu = await serve(values, io.stdout);
    } catch (e) {
      throw new UsageError((e as Error).message);
    }
    const running = emu;
    return new Promise<number>((resolve) => {
      const stop = () => {
        process.off("SIGINT", stop);
        process.off("SIGTERM", stop);
        void running.stop().then(() => resolve(0));
      };
      process.on("SIGINT", stop);
      process.on("SIGTERM", stop);
    });
  },
};
