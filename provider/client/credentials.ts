import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { ClientConfigError } from "./errors";
import { normalizeHost } from "./host";

/**
 * What the provider hands in, from the Pulumi stack config that `@pulumi/databricks` uses too
 * (`databricks:host`, `databricks:token`, `databricks:clientId`, `databricks:clientSecret`,
 * `databricks:profile`), so a stack configures Databricks once for both packages.
 */
export interface ClientSettings {
  host?: string;
  token?: string;
  clientId?: string;
  clientSecret?: string;
  profile?: string;
}

export type AuthMethod =
  { kind: "pat"; token: string } | { kind: "oauth-m2m"; clientId: string; clientSecret: string };

export interface ResolvedCredentials {
  host: string;
  auth: AuthMethod;
  /** Where the credential came from, said in 401/403 errors (never the value). */
  source: string;
}

/** Where to look besides the settings; injectable so tests never read the real environment. */
export interface CredentialSources {
  env: Readonly<Record<string, string | undefined>>;
  readFile: (file: string) => string | undefined;
  homeDir: string;
}

export const processSources = (): CredentialSources => ({
  env: process.env,
  readFile: (file) => {
    try {
      return fs.readFileSync(file, "utf8");
    } catch {
      return undefined;
    }
  },
  homeDir: os.homedir(),
});

interface Layer {
  name: string;
  host?: string;
  token?: string;
  clientId?: string;
  clientSecret?: string;
}

/**
 * Resolves credentials at call time, first match wins: the settings handed in (stack config), then
 * the environment, then a profile of `~/.databrickscfg` (or `DATABRICKS_CONFIG_FILE`). The host and
 * the credential are each taken from the first source that has one; a token beats client
 * credentials from the same source.
 */
export function resolveCredentials(
  settings: ClientSettings = {},
  sources: CredentialSources = processSources(),
): ResolvedCredentials {
  const { env } = sources;
  const layers: Layer[] = [
    {
      name: "Pulumi config (databricks:*)",
      host: settings.host,
      token: settings.token,
      clientId: settings.clientId,
      clientSecret: settings.clientSecret,
    },
    {
      name: "environment (DATABRICKS_*)",
      host: env["DATABRICKS_HOST"],
      token: env["DATABRICKS_TOKEN"],
      clientId: env["DATABRICKS_CLIENT_ID"],
      clientSecret: env["DATABRICKS_CLIENT_SECRET"],
    },
  ];
  const profileName = settings.profile ?? env["DATABRICKS_CONFIG_PROFILE"];
  const file = env["DATABRICKS_CONFIG_FILE"] ?? path.join(sources.homeDir, ".databrickscfg");
  const text = sources.readFile(file);
  if (text !== undefined) {
    const profiles = parseIni(text);
    const name = profileName ?? "DEFAULT";
    const profile = profiles[name];
    if (profile === undefined && profileName !== undefined) {
      throw new ClientConfigError(
        `profile '${profileName}' is not in ${file} (profiles there: ${Object.keys(profiles).join(", ") || "none"})`,
      );
    }
    if (profile !== undefined) {
      layers.push({
        name: `profile ${name} of ${file}`,
        host: profile["host"],
        token: profile["token"],
        clientId: profile["client_id"],
        clientSecret: profile["client_secret"],
      });
    }
  } else if (profileName !== undefined) {
    throw new ClientConfigError(
      `profile '${profileName}' was asked for, but ${file} cannot be read`,
    );
  }

  const hostLayer = layers.find((l) => nonEmpty(l.host));
  if (hostLayer === undefined) {
    throw new ClientConfigError(
      "no Databricks host: set databricks:host in the stack config, DATABRICKS_HOST, or host in ~/.databrickscfg",
    );
  }
  const host = normalizeHost(hostLayer.host as string, hostLayer.name);
  for (const l of layers) {
    if (nonEmpty(l.token))
      return {
        host,
        auth: { kind: "pat", token: l.token as string },
        source: `${l.name}, personal access token`,
      };
    if (nonEmpty(l.clientId) && nonEmpty(l.clientSecret)) {
      return {
        host,
        auth: {
          kind: "oauth-m2m",
          clientId: l.clientId as string,
          clientSecret: l.clientSecret as string,
        },
        source: `${l.name}, OAuth client ${l.clientId as string}`,
      };
    }
    if (nonEmpty(l.clientId) !== nonEmpty(l.clientSecret)) {
      throw new ClientConfigError(
        `${l.name} has ${nonEmpty(l.clientId) ? "a client id but no client secret" : "a client secret but no client id"}; OAuth needs both`,
      );
    }
  }
  throw new ClientConfigError(
    `no Databricks credentials for ${host}: set databricks:token (as a secret) or databricks:clientId and databricks:clientSecret in the stack config, or DATABRICKS_TOKEN, or a profile in ~/.databrickscfg (looked in: ${layers.map((l) => l.name).join("; ")})`,
  );
}

function nonEmpty(v: string | undefined): boolean {
  return v !== undefined && v.trim() !== "";
}

/** `.databrickscfg` is INI: `[name]` sections of `key = value` lines; `;` and `#` start comments. */
export function parseIni(text: string): Record<string, Record<string, string>> {
  const out: Record<string, Record<string, string>> = {};
  let section: Record<string, string> | undefined;
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (line === "" || line.startsWith(";") || line.startsWith("#")) continue;
    const head = /^\[([^\]]+)\]$/.exec(line);
    if (head !== null) {
      section = out[(head[1] as string).trim()] ??= {};
      continue;
    }
    const eq = line.indexOf("=");
    if (eq > 0 && section !== undefined)
      section[line.slice(0, eq).trim().toLowerCase()] = line.slice(eq + 1).trim();
  }
  return out;
}
