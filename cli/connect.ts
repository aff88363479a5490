import {
  ClientConfigError,
  type Databricks,
  databricks,
  DatabricksError,
} from "../provider/client";
import { processSources, type SettingKey, whereToSet } from "../provider/client/credentials";
import { CliError, UsageError, type Io, type Parsed, str } from "./args";
import { stackSettings } from "./stack-config";

/** Node's timers hold at most 2^31-1 ms; the retry budget is slept through in them. */
const MAX_RETRY_SECONDS = Math.floor((2 ** 31 - 1) / 1000);

/**
 * A client with the credentials the provider would use: `--host` and `--profile`, else the
 * `databricks:*` config of the Pulumi stack the command runs in (stack-config.ts), then the
 * environment, then ~/.databrickscfg (provider/client/auth/attributes.ts reads them, in the SDKs'
 * order). Messages name what a CLI user can set: the flags, the stack file when one is read,
 * environment variables and profiles, never a stack config key the command would not read.
 */
export function connect(args: Parsed, io: Io): Databricks {
  const raw = io.env["GENIE_CLI_RETRY_SECONDS"] ?? "30";
  const seconds = Number(raw);
  if (!Number.isFinite(seconds) || seconds < 0 || seconds > MAX_RETRY_SECONDS)
    throw new UsageError(
      `GENIE_CLI_RETRY_SECONDS takes a number of seconds from 0 to ${MAX_RETRY_SECONDS}, got '${raw}'`,
    );
  const host = str(args, "host");
  const profile = str(args, "profile");
  const flags = { ...(host === undefined ? {} : { host }), ...(profile ? { profile } : {}) };
  // A flag names another workspace or profile: the stack's token must not travel there.
  const stack =
    Object.keys(flags).length > 0 ? undefined : stackSettings(io.cwd ?? process.cwd(), io.env);
  const found = stack?.stack;
  const used = Object.keys(stack?.values ?? {});
  if (found !== undefined && used.length > 0)
    io.stderr.write(
      `using ${used.map((k) => `databricks:${k}`).join(", ")} of stack ${found.name} (${found.file})\n`,
    );
  const lookedIn =
    stack === undefined
      ? undefined
      : [
          `Pulumi stack config: ${stack.looked}`,
          ...stack.encrypted.map(
            (k) =>
              `databricks:${k} of stack ${found?.name} is a secret: genie cannot decrypt it without pulumi; give it another way (${whereToSet({ settingName: () => undefined }, k)}), e.g. ${envOf(k)}=$(pulumi config get databricks:${k})`,
          ),
        ].join("; ");
  try {
    return databricks({
      settings: { ...(stack?.values ?? {}), ...flags },
      sources: {
        ...processSources(),
        env: io.env,
        // Messages name the flag or the stack file a value came from, and where to set one.
        settingsLabel: (key) =>
          key in flags ? `--${key}` : `databricks:${key} of stack ${found?.name} (${found?.file})`,
        settingName: (key) => settingName(key, found?.file),
        ...(lookedIn === undefined ? {} : { lookedIn }),
      },
      // A person waits at a terminal: give up on an unreachable workspace sooner than a deploy.
      retry: { maxElapsedMs: seconds * 1000 },
      timeoutMs: 30_000,
    });
  } catch (e) {
    if (e instanceof ClientConfigError) throw new ConnectionError(e.message);
    throw e;
  }
}

/** `--host`, the stack file's key when a stack is read, or nothing: the CLI has no other setting. */
function settingName(key: SettingKey, stackFile: string | undefined): string | undefined {
  const names = [
    key === "host" || key === "profile" ? `--${key}` : undefined,
    stackFile === undefined ? undefined : `databricks:${key} in ${stackFile}`,
  ].filter((n): n is string => n !== undefined);
  return names.length === 0 ? undefined : names.join(" or ");
}

/** The environment variable of a setting (the first of whereToSet's list without settings). */
function envOf(key: SettingKey): string {
  return whereToSet({ settingName: () => undefined }, key).split(", ")[0] ?? key;
}

/** The workspace could not be reached or refused us: exit code 2, like a usage error. */
export class ConnectionError extends CliError {}

/** Errors of the client are connection errors for the CLI; the rest are left as they are. */
export function asCliError(e: unknown): unknown {
  if (e instanceof DatabricksError || e instanceof ClientConfigError)
    return new ConnectionError(e.message);
  return e;
}
