#!/usr/bin/env node
// The `genie` command (`npx genie ...`): spaces between code, workspaces and environments.
// Uses the model and the client only (ARCHITECTURE.md: the CLI is the layer above them).
import { CliError, type Command, EXIT, helpOf, type Io, parse, UsageError } from "./args";
import { benchmark } from "./commands/benchmark";
import { diff } from "./commands/diff";
import { emulator } from "./commands/emulator";
import { exportCommand } from "./commands/export";
import { generate } from "./commands/generate";
import { list } from "./commands/list";
import { pull } from "./commands/pull";
import { validate } from "./commands/validate";
import { asCliError } from "./connect";
import { forPerson, personStream } from "./output";

export const COMMANDS: readonly Command[] = [
  list,
  exportCommand,
  generate,
  validate,
  diff,
  pull,
  benchmark,
  emulator,
];

export function mainHelp(): string {
  const width = Math.max(...COMMANDS.map((c) => c.name.length));
  return [
    "genie <command> [options]: Databricks Genie spaces between code, workspaces and environments",
    "",
    "Commands:",
    ...COMMANDS.map((c) => `  ${c.name.padEnd(width)}  ${c.brief}`),
    "",
    "`genie <command> --help` for a command's options. Exit codes: 0 ok, 1 a problem or a",
    "difference was found, 2 a usage or connection error.",
    "",
  ].join("\n");
}

/** Runs one command line; resolves to the exit code. */
export async function main(argv: string[], raw: Io): Promise<number> {
  // Everything on stderr is for a person: made safe on its way (output.ts, forPerson).
  const io: Io = { ...raw, stderr: personStream(raw.stderr), terminal: raw.terminal ?? raw.stderr };
  const [name, ...rest] = argv;
  if (name === undefined || name === "--help" || name === "-h" || name === "help") {
    const about = rest[0] === undefined ? undefined : COMMANDS.find((c) => c.name === rest[0]);
    io.stdout.write(about === undefined ? mainHelp() : helpOf(about));
    return name === undefined ? EXIT.usage : EXIT.ok;
  }
  const command = COMMANDS.find((c) => c.name === name);
  try {
    if (command === undefined)
      throw new UsageError(
        `unknown command '${name}'; the commands: ${COMMANDS.map((c) => c.name).join(", ")}`,
      );
    const args = parse(command, rest);
    if (args.values["help"] === true) {
      io.stdout.write(helpOf(command));
      return EXIT.ok;
    }
    return await command.run(args, io);
  } catch (raw) {
    const e = asCliError(raw);
    if (e instanceof UsageError) {
      io.stderr.write(`genie${command ? ` ${command.name}` : ""}: ${e.message}\n`);
      if (command !== undefined) io.stderr.write(`(genie ${command.name} --help for its usage)\n`);
      return EXIT.usage;
    }
    if (e instanceof CliError) {
      io.stderr.write(`genie${command ? ` ${command.name}` : ""}: ${e.message}\n`);
      return EXIT.usage;
    }
    throw e;
  }
}

if (require.main === module) {
  const io: Io = {
    stdout: process.stdout,
    stderr: process.stderr,
    stdin: process.stdin,
    env: process.env,
  };
  main(process.argv.slice(2), io).then(
    (code) => {
      process.exitCode = code;
      // Done: exit now rather than wait for a request still out (a poll of pull --watch when it
      // was stopped, retrying for up to GENIE_CLI_RETRY_SECONDS). Output is flushed first.
      process.stdout.write("", () => process.stderr.write("", () => process.exit(code)));
    },
    (e: unknown) => {
      process.stderr.write(forPerson(`genie: ${e instanceof Error ? e.message : String(e)}\n`));
      process.exitCode = 2;
    },
  );
}
