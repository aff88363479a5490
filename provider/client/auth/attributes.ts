import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { ClientConfigError } from "../errors";
import { normalizeHost } from "../host";

/**
 * What the provider hands in, from the Pulumi stack config keys that `@pulumi/databricks` reads too
 * (`databricks:host`, `databricks:token`, `databricks:authType`, `databricks:azureClientId`, ...),
 * so a stack configures Databricks once for both packages. Every field is optional: what is not
 * set here is taken from the environment, then from a profile of `~/.databrickscfg`.
 */
export interface ClientSettings {
  host?: string;
  token?: string;
  clientId?: string;
  clientSecret?: string;
  profile?: string;
  configFile?: string;
  /** One method by its SDK name (`pat`, `oauth-m2m`, `databricks-cli`, `azure-cli`, ...). */
  authType?: string;
  azureClientId?: string;
  azureClientSecret?: string;
  azureTenantId?: string;
  azureWorkspaceResourceId?: string;
  azureUseMsi?: string | boolean;
  azureEnvironment?: string;
  databricksCliPath?: string;
  databricksIdTokenFilepath?: string;
  oidcTokenEnv?: string;
  actionsIdTokenRequestUrl?: string;
  actionsIdTokenRequestToken?: string;
  audience?: string;
}

export type SettingKey = keyof ClientSettings;

interface Attribute {
  key: SettingKey;
  /** The SDKs' name, also the key in a `.databrickscfg` profile. */
  name: string;
  env: string;
  /** The method family the SDKs count for "more than one authorization method configured". */
  auth?: string;
  sensitive?: boolean;
  /** profile and config_file say where the file is, so they are never read from it. */
  notInFile?: boolean;
}

/** Names and environment variables as in the Go SDK's `config.Config` (and the Terraform provider). */
export const ATTRIBUTES: readonly Attribute[] = [
  { key: "host", name: "host", env: "DATABRICKS_HOST" },
  { key: "token", name: "token", env: "DATABRICKS_TOKEN", auth: "pat", sensitive: true },
  { key: "clientId", name: "client_id", env: "DATABRICKS_CLIENT_ID", auth: "oauth" },
  {
    key: "clientSecret",
    name: "client_secret",
    env: "DATABRICKS_CLIENT_SECRET",
    auth: "oauth",
    sensitive: true,
  },
  { key: "profile", name: "profile", env: "DATABRICKS_CONFIG_PROFILE", notInFile: true },
  { key: "configFile", name: "config_file", env: "DATABRICKS_CONFIG_FILE", notInFile: true },
  { key: "authType", name: "auth_type", env: "DATABRICKS_AUTH_TYPE" },
  {
    key: "azureWorkspaceResourceId",
    name: "azure_workspace_resource_id",
    env: "DATABRICKS_AZURE_RESOURCE_ID",
    auth: "azure",
  },
  { key: "azureUseMsi", name: "azure_use_msi", env: "ARM_USE_MSI", auth: "azure" },
  { key: "azureClientId", name: "azure_client_id", env: "ARM_CLIENT_ID", auth: "azure" },
  {
    key: "azureClientSecret",
    name: "azure_client_secret",
    env: "ARM_CLIENT_SECRET",
    auth: "azure",
    sensitive: true,
  },
  { key: "azureTenantId", name: "azure_tenant_id", env: "ARM_TENANT_ID", auth: "azure" },
  { key: "azureEnvironment", name: "azure_environment", env: "ARM_ENVIRONMENT" },
  { key: "databricksCliPath", name: "databricks_cli_path", env: "DATABRICKS_CLI_PATH" },
  {
    key: "databricksIdTokenFilepath",
    name: "databricks_id_token_filepath",
    env: "DATABRICKS_OIDC_TOKEN_FILEPATH",
    auth: "file-oidc",
  },
  {
    key: "oidcTokenEnv",
    name: "oidc_token_env",
    env: "DATABRICKS_OIDC_TOKEN_ENV",
    auth: "env-oidc",
  },
  {
    key: "actionsIdTokenRequestUrl",
    name: "actions_id_token_request_url",
    env: "ACTIONS_ID_TOKEN_REQUEST_URL",
  },
  {
    key: "actionsIdTokenRequestToken",
    name: "actions_id_token_request_token",
    env: "ACTIONS_ID_TOKEN_REQUEST_TOKEN",
    sensitive: true,
  },
  { key: "audience", name: "audience", env: "DATABRICKS_TOKEN_AUDIENCE" },
];

/** Where to look besides the settings; injectable so tests never read the real environment. */
export interface CredentialSources {
  env: Readonly<Record<string, string | undefined>>;
  readFile: (file: string) => string | undefined;
  homeDir: string;
  /**
   * How messages name a value given in the settings; by default the stack config key
   * (`Pulumi config databricks:host`). The `genie` command names its flags (`--host`).
   */
  settingsLabel?: (key: SettingKey) => string;
  /**
   * How messages tell a person to set a value in the settings: by default the stack config key
   * (`databricks:token`); the `genie` command names its flags, or nothing where it has none, so
   * that a message never asks a CLI user for a key the CLI never reads (issue #24).
   */
  settingName?: (key: SettingKey) => string | undefined;
  /** Where else the caller looked for settings, said when no host or no credential is found. */
  lookedIn?: string;
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

/** Every attribute after resolution, each with where it came from (never its value, in messages). */
export interface AuthConfig {
  readonly host: string;
  readonly values: Readonly<Partial<Record<SettingKey, string>>>;
  /** e.g. `Pulumi config databricks:token`, `environment DATABRICKS_TOKEN`, `profile DEFAULT of /home/u/.databrickscfg` */
  readonly origin: Readonly<Partial<Record<SettingKey, string>>>;
  /** The profile whose values were used; the Databricks CLI keys its token cache by it. */
  readonly profile?: string;
  /** Why the profile file was not read, said when no method works. */
  readonly fileNote?: string;
  /** Secret values from the settings, environment and profile, for redaction. */
  readonly secrets: readonly string[];
  /** How messages name a setting (CredentialSources.settingName); the stack config key when absent. */
  readonly settingName?: (key: SettingKey) => string | undefined;
  /** CredentialSources.lookedIn. */
  readonly lookedIn?: string;
}

/** `databricks:token`: the provider's settings are the stack config. */
export const stackConfigKey = (key: SettingKey): string => `databricks:${key}`;

/**
 * Every place a person can set `key`, for a message: the settings' name for it (the stack config
 * key, or a flag), its environment variable, and its key in a profile, e.g.
 * `databricks:token, DATABRICKS_TOKEN, token in a profile`.
 */
export function whereToSet(config: Pick<AuthConfig, "settingName">, key: SettingKey): string {
  const a = ATTRIBUTES.find((x) => x.key === key);
  const name = (config.settingName ?? stackConfigKey)(key);
  return [name, a?.env, a === undefined || a.notInFile ? undefined : `${a.name} in a profile`]
    .filter((w): w is string => w !== undefined)
    .join(", ");
}

const TRUE = /^(1|t|true)$/i;

/**
 * Resolves every attribute as the Databricks SDKs do: a value given in the settings (the stack
 * config) wins, then the environment variable, then the profile. The profile file is read only
 * when a profile is named or when neither a host nor any credential was set before it (the Go
 * SDK's rule, databricks-sdk-go#304), so a stack that sets `databricks:host` never mixes in the
 * `DEFAULT` profile of the machine it runs on.
 */
export function resolveAuthConfig(
  settings: ClientSettings = {},
  sources: CredentialSources = processSources(),
): AuthConfig {
  const values: Partial<Record<SettingKey, string>> = {};
  const origin: Partial<Record<SettingKey, string>> = {};
  const set = (a: Attribute, raw: unknown, from: string) => {
    if (values[a.key] !== undefined) return;
    let v = typeof raw === "boolean" ? String(raw) : typeof raw === "string" ? raw.trim() : "";
    // A boolean attribute that is false counts as unset, as in the SDKs.
    if (a.key === "azureUseMsi") v = TRUE.test(v) ? "true" : "";
    if (v === "") return;
    values[a.key] = v;
    origin[a.key] = from;
  };
  const label = sources.settingsLabel ?? ((key: SettingKey) => `Pulumi config databricks:${key}`);
  for (const a of ATTRIBUTES) set(a, settings[a.key], label(a.key));
  for (const a of ATTRIBUTES) set(a, sources.env[a.env], `environment ${a.env}`);

  const named = { settingName: sources.settingName };
  const { profile, fileNote } = loadProfile(values, sources, (a, raw, from) => set(a, raw, from));
  checkOneMethod(values, origin, named);

  if (values.host === undefined) {
    throw new ClientConfigError(
      `no Databricks host: set it (${whereToSet(named, "host")} of ~/.databrickscfg)${sources.lookedIn === undefined ? "" : `; ${sources.lookedIn}`}`,
    );
  }
  const host = normalizeHost(values.host, origin.host ?? "settings", whereToSet(named, "token"));
  const secrets = ATTRIBUTES.filter((a) => a.sensitive === true)
    .map((a) => values[a.key])
    .filter((v): v is string => v !== undefined);
  return {
    host,
    values,
    origin,
    profile,
    fileNote,
    secrets,
    ...(sources.settingName === undefined ? {} : { settingName: sources.settingName }),
    ...(sources.lookedIn === undefined ? {} : { lookedIn: sources.lookedIn }),
  };
}

function loadProfile(
  values: Partial<Record<SettingKey, string>>,
  sources: CredentialSources,
  set: (a: Attribute, raw: unknown, from: string) => void,
): { profile?: string; fileNote?: string } {
  const named = values.profile;
  const file = expandHome(values.configFile ?? "~/.databrickscfg", sources.homeDir);
  const anyAuth = ATTRIBUTES.some((a) => a.auth !== undefined && values[a.key] !== undefined);
  if (named === undefined && (anyAuth || values.host !== undefined)) {
    return {
      fileNote: `${file} was not read: a host or credential was already set (name a profile to read one: ${whereToSet(sources, "profile")})`,
    };
  }
  const text = sources.readFile(file);
  if (text === undefined) {
    if (named !== undefined)
      throw new ClientConfigError(`profile '${named}' was asked for, but ${file} cannot be read`);
    return { fileNote: `${file} does not exist` };
  }
  const profiles = parseIni(text);
  const fallback = profiles["__settings__"]?.["default_profile"];
  const name = named ?? (fallback !== undefined && fallback !== "" ? fallback : "DEFAULT");
  const section = name === "__settings__" ? undefined : profiles[name];
  if (section === undefined) {
    if (named === undefined && name === "DEFAULT")
      return { fileNote: `${file} has no DEFAULT profile` };
    const names = Object.keys(profiles).filter((p) => p !== "__settings__");
    throw new ClientConfigError(
      `profile '${name}' is not in ${file} (profiles there: ${names.join(", ") || "none"})`,
    );
  }
  for (const a of ATTRIBUTES)
    if (a.notInFile !== true) set(a, section[a.name], `profile ${name} of ${file}`);
  return { profile: name };
}

/** The SDKs refuse settings of two method families unless `auth_type` says which one to use. */
function checkOneMethod(
  values: Partial<Record<SettingKey, string>>,
  origin: Partial<Record<SettingKey, string>>,
  named: Pick<AuthConfig, "settingName">,
): void {
  if (values.authType !== undefined) return;
  const families = new Map<string, string[]>();
  for (const a of ATTRIBUTES) {
    if (a.auth === undefined || values[a.key] === undefined) continue;
    families.set(a.auth, [...(families.get(a.auth) ?? []), `${a.name} (${origin[a.key]})`]);
  }
  if (families.size <= 1) return;
  const list = [...families.entries()]
    .sort(([x], [y]) => x.localeCompare(y))
    .map(([family, attrs]) => `${family}: ${attrs.join(", ")}`);
  throw new ClientConfigError(
    `more than one authorization method configured (${list.join("; ")}): remove one, or choose one (${whereToSet(named, "authType")})`,
  );
}

function expandHome(file: string, home: string): string {
  return file === "~" || file.startsWith("~/") ? path.join(home, file.slice(1)) : file;
}

/**
 * `.databrickscfg` is INI: `[name]` sections of `key = value` lines; `;` and `#` start a comment
 * line. An inline comment needs a space before `#`, since secrets may contain `#` (the Go SDK's
 * rule, databricks-sdk-go#594).
 */
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
    if (eq > 0 && section !== undefined) {
      const value = line.slice(eq + 1).replace(/\s[#;].*$/, "");
      section[line.slice(0, eq).trim().toLowerCase()] = value.trim();
    }
  }
  return out;
}
