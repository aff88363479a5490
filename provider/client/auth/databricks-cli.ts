import { ClientConfigError } from "../errors";
import { type AuthConfig, whereToSet } from "./attributes";
import { bearer, type Method } from "./method";
import { parseExpiry, type Token } from "./token";
import { jsonObject, runTool } from "./transport";

/** The command that logs in for this configuration, named in errors. */
export function loginCommand(config: AuthConfig): string {
  return `databricks auth login --host ${config.host}${config.profile === undefined ? "" : ` --profile ${config.profile}`}`;
}

/**
 * The Databricks CLI's OAuth login (`databricks auth login`, user-to-machine): the profile holds
 * `auth_type = databricks-cli` and no token; `databricks auth token` prints a fresh one from the
 * CLI's cache as `{"access_token", "token_type", "expiry"}` (RFC 3339). The cache is keyed by
 * profile in recent CLIs, so the profile is passed when one was used, and `--host` otherwise, or
 * when the CLI is older than `--profile` on `auth token` (v0.207.1), as the SDKs do.
 */
export const databricksCli: Method = {
  name: "databricks-cli",
  configure(ctx) {
    const cli = ctx.config.values.databricksCliPath ?? "databricks";
    const { host, profile } = ctx.config;
    const byHost = ["auth", "token", "--host", host];
    const detail = `Databricks CLI login (${cli} auth token ${profile === undefined ? `--host ${host}` : `--profile ${profile}`})`;
    return bearer(ctx, detail, async () => {
      let run = await runTool(
        ctx.deps,
        cli,
        profile === undefined ? byHost : ["auth", "token", "--profile", profile],
      );
      if (!run.ok && !run.notFound && run.message.includes("unknown flag: --profile"))
        run = await runTool(ctx.deps, cli, byHost);
      if (!run.ok) {
        throw new ClientConfigError(
          run.notFound
            ? `the Databricks CLI (${cli}) is not on PATH: install it, or give its path (${whereToSet(ctx.config, "databricksCliPath")})`
            : `\`${cli} auth token\` failed: ${run.message.replace(/^Error:\s*/, "")} (log in with \`${loginCommand(ctx.config)}\`)`,
        );
      }
      return cliToken(run.stdout, ctx.deps.now());
    });
  },
};

function cliToken(stdout: string, now: number): Token {
  const out = jsonObject(stdout);
  const value = out?.["access_token"];
  if (typeof value !== "string" || value === "")
    throw new ClientConfigError("`databricks auth token` printed no access_token");
  const expiresAt = parseExpiry(out?.["expiry"]);
  // Without an expiry, ask again in a few minutes rather than trust the token for an hour.
  return { value, expiresAt: expiresAt ?? now + 300_000 };
}
