import {
  ClientConfigError,
  type Databricks,
  databricks,
  DatabricksError,
} from "../provider/client";
import { processSources } from "../provider/client/credentials";
import { CliError, UsageError, type Io, type Parsed, str } from "./args";

/**
 * A client with the credentials the provider would use: `--host` and `--profile` stand where the
 * stack config's `databricks:host` and `databricks:profile` do, then the environment, then
 * ~/.databrickscfg (provider/client/auth/attributes.ts reads them, in the SDKs' order).
 */
export function connect(args: Parsed, io: Io): Databricks {
  const host = str(args, "host");
  const profile = str(args, "profile");
  const seconds = Number(io.env["GENIE_CLI_RETRY_SECONDS"] ?? "30");
  if (!Number.isFinite(seconds) || seconds < 0)
    throw new UsageError(`GENIE_CLI_RETRY_SECONDS must be a number of seconds`);
  try {
    return databricks({
      settings: { ...(host === undefined ? {} : { host }), ...(profile ? { profile } : {}) },
      // Messages name the flag a value came from, not the stack config key it stands for.
      sources: { ...processSources(), env: io.env, settingsLabel: (key) => `--${key}` },
      // A person waits at a terminal: give up on an unreachable workspace sooner than a deploy.
      retry: { maxElapsedMs: seconds * 1000 },
      timeoutMs: 30_000,
    });
  } catch (e) {
    if (e instanceof ClientConfigError) throw new ConnectionError(e.message);
    throw e;
  }
}

/** The workspace could not be reached or refused us: exit code 2, like a usage error. */
export class ConnectionError extends CliError {}

/** Errors of the client are connection errors for the CLI; the rest are left as they are. */
export function asCliError(e: unknown): unknown {
  if (e instanceof DatabricksError || e instanceof ClientConfigError)
    return new ConnectionError(e.message);
  return e;
}
