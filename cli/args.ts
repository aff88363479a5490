import { UNSAFE_KEYS } from "../provider/model/safe-keys";
import { parseArgs, type ParseArgsConfig } from "node:util";

/** A mistake in how the command was called: exit code 2, with the command's usage. */
export class UsageError extends Error {}

/**
 * A command that cannot go on for a reason its message says in full (a workspace that refused
 * us, a file changed under it): exit code 2, without the usage.
 */
export class CliError extends Error {}

/** Exit codes a CI can branch on. */
export const EXIT = { ok: 0, found: 1, usage: 2 } as const;

type Options = NonNullable<ParseArgsConfig["options"]>;

export interface Command {
  name: string;
  /** `genie <name> <usage>` */
  usage: string;
  /** One line, for `genie --help`. */
  brief: string;
  /** What it does, after the usage line. */
  about: string;
  /** Its own options, one per line, as help shows them. */
  flags?: string;
  /** Anything to say after the options. */
  notes?: string;
  options: Options;
  /** How many positional arguments, at least and at most. */
  positionals: [number, number];
  /** Whether it talks to a workspace (and so takes --host and --profile). */
  remote: boolean;
  run(args: Parsed, io: Io): Promise<number>;
}

export interface Parsed {
  values: Record<string, string | boolean | undefined>;
  positionals: string[];
  /** A repeated flag's values one by one (`values` joins them with commas), for values that may hold commas. */
  lists?: Record<string, string[]>;
}

/** Where a command writes, so tests can run commands in process too. */
export interface Io {
  stdout: NodeJS.WritableStream & { isTTY?: boolean };
  stderr: NodeJS.WritableStream & { isTTY?: boolean };
  stdin: NodeJS.ReadableStream;
  env: NodeJS.ProcessEnv;
  /** The raw stderr, for the progress line's own escapes (`stderr` is made safe by `main`). */
  terminal?: NodeJS.WritableStream & { isTTY?: boolean };
  /** Where the command runs (a Pulumi project's stack config is looked for from there). */
  cwd?: string;
}

export const COMMON: Options = {
  help: { type: "boolean", short: "h" },
  json: { type: "boolean" },
};

export const REMOTE: Options = {
  host: { type: "string" },
  profile: { type: "string" },
};

export const COMMON_HELP = `  --json               print JSON for machines instead of text
  -h, --help           this help`;

export const REMOTE_HELP = `  --host URL           the workspace (else DATABRICKS_HOST, else the profile's host)
  --profile NAME       a profile of ~/.databrickscfg (else DATABRICKS_CONFIG_PROFILE)`;

const CREDENTIALS = `Credentials are found as the provider finds them: --host and --profile, then the DATABRICKS_*
environment variables, then ~/.databrickscfg (pat, oauth-m2m, databricks-cli, OIDC, Azure).`;

/** Parses a command's arguments; unknown options and a wrong count are usage errors. */
export function parse(command: Command, argv: string[]): Parsed {
  const options = { ...COMMON, ...(command.remote ? REMOTE : {}), ...command.options };
  let parsed: ReturnType<typeof parseArgs>;
  try {
    parsed = parseArgs({ args: argv, options, allowPositionals: true, strict: true });
  } catch (e) {
    throw new UsageError((e as Error).message.replace(/\. To specify a positional.*$/s, ""));
  }
  // A repeated map flag (`--vars a=1 --vars b=2`) adds to the map: keyValues reads them joined.
  const values = Object.fromEntries(
    Object.entries(parsed.values).map(([k, v]) => [k, Array.isArray(v) ? v.join(",") : v]),
  ) as Parsed["values"];
  const [min, max] = command.positionals;
  if (values["help"] !== true) {
    const n = parsed.positionals.length;
    if (n < min) throw new UsageError(`missing argument: genie ${command.name} ${command.usage}`);
    if (n > max)
      throw new UsageError(
        `unexpected argument '${parsed.positionals[max] ?? ""}': genie ${command.name} ${command.usage}`,
      );
  }
  const lists = Object.fromEntries(
    Object.entries(parsed.values)
      .filter(([, v]) => Array.isArray(v))
      .map(([k, v]) => [k, (v as unknown[]).map(String)]),
  );
  return { values, positionals: parsed.positionals, lists };
}

export function helpOf(command: Command): string {
  const notes = [command.notes, command.remote ? CREDENTIALS : undefined].filter(
    (n): n is string => n !== undefined,
  );
  return [
    `genie ${command.name} ${command.usage}`.trimEnd(),
    "",
    command.about.trimEnd(),
    "",
    "Options:",
    ...(command.flags === undefined ? [] : [command.flags.trimEnd()]),
    ...(command.remote ? [REMOTE_HELP] : []),
    COMMON_HELP,
    ...(notes.length === 0 ? [] : ["", notes.join("\n\n")]),
    "",
  ].join("\n");
}

/** `catalog=dev,schema=sales` (also repeated flags joined by commas) as a map. */
export function keyValues(raw: string | undefined, flag: string): Record<string, string> {
  const out: Record<string, string> = {};
  if (raw === undefined) return out;
  for (const pair of raw.split(",")) {
    if (pair.trim() === "") continue;
    const eq = pair.indexOf("=");
    if (eq <= 0)
      throw new UsageError(`${flag} takes name=value pairs separated by commas, got '${pair}'`);
    const name = pair.slice(0, eq).trim();
    // A name the object would take as its prototype was dropped without a word: refuse it.
    if (UNSAFE_KEYS.has(name))
      throw new UsageError(`${flag}: '${name}' cannot be a variable name; choose another`);
    out[name] = pair.slice(eq + 1).trim();
  }
  return out;
}

export function str(p: Parsed, name: string): string | undefined {
  const v = p.values[name];
  return typeof v === "string" ? v : undefined;
}

export function flag(p: Parsed, name: string): boolean {
  return p.values[name] === true;
}
