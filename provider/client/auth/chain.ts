import { ClientConfigError, redact } from "../errors";
import { type AuthConfig, whereToSet } from "./attributes";
import { azureCli, azureClientSecret, azureMsi } from "./azure";
import { databricksCli, loginCommand } from "./databricks-cli";
import { envOidc, fileOidc, githubOidc, oauthM2m, pat } from "./databricks";
import type { Method, MethodContext, Provider } from "./method";
import type { AuthDeps } from "./transport";

/**
 * The Databricks SDKs' default chain, in their order (databricks-sdk-go `config/auth_default.go`),
 * without the methods this package does not implement: basic, metadata-service,
 * azure-devops-oidc, github-oidc-azure, google-credentials and google-id.
 */
export const CHAIN: readonly Method[] = [
  pat,
  oauthM2m,
  databricksCli,
  githubOidc,
  envOidc,
  fileOidc,
  azureMsi,
  azureClientSecret,
  azureCli,
];

const NOT_HERE = [
  "basic",
  "metadata-service",
  "azure-devops-oidc",
  "github-oidc-azure",
  "google-credentials",
  "google-id",
];

/** A method chosen up front, as `credentials` in the client options. */
export type AuthMethod =
  { kind: "pat"; token: string } | { kind: "oauth-m2m"; clientId: string; clientSecret: string };

export interface ResolvedCredentials {
  host: string;
  auth: AuthMethod;
  /** Where the credential came from, said in 401/403 errors (never the value). */
  source: string;
}

/**
 * Authenticates requests. The method is found on first use: an explicit `auth_type` is the only
 * one tried, and its own error is the answer; otherwise each method of the chain that applies is
 * tried in order, and the first that yields a token is kept for the life of the client (a method
 * that fails, such as a CLI with no login, passes to the next, as in the SDKs).
 */
export class Authenticator {
  readonly host: string;
  readonly #config: AuthConfig;
  readonly #deps: AuthDeps;
  readonly #seen = new Set<string>();
  readonly #explicitSource: string | undefined;
  #method: { name: string; provider: Provider } | undefined;
  #resolving: Promise<{ name: string; provider: Provider }> | undefined;

  constructor(creds: AuthConfig | ResolvedCredentials, deps: Omit<AuthDeps, "secrets">) {
    this.#deps = { ...deps, secrets: () => this.secrets() };
    if ("auth" in creds) {
      const a = creds.auth;
      this.#config =
        a.kind === "pat"
          ? config(creds.host, { token: a.token, authType: "pat" })
          : config(creds.host, {
              clientId: a.clientId,
              clientSecret: a.clientSecret,
              authType: "oauth-m2m",
            });
      this.#explicitSource = creds.source;
    } else this.#config = creds;
    this.host = this.#config.host;
    for (const s of this.#config.secrets) this.#seen.add(s);
  }

  /** The method in use, or `default` before the first request has found one. */
  get name(): string {
    return this.#method?.name ?? this.#config.values.authType ?? "default";
  }

  /** Where the credentials come from, for 401/403 messages. */
  get source(): string {
    if (this.#explicitSource !== undefined) return this.#explicitSource;
    if (this.#method === undefined) return `auth type ${this.name} (not yet resolved)`;
    return `auth type ${this.#method.name}: ${this.#method.provider.detail}`;
  }

  async headers(): Promise<Record<string, string>> {
    try {
      if (this.#method !== undefined) return await this.#method.provider.headers();
      this.#resolving ??= this.resolve().finally(() => (this.#resolving = undefined));
      return await (await this.#resolving).provider.headers();
    } catch (e) {
      // A login tool's stderr is quoted in messages; scrub it like every other message.
      if (e instanceof ClientConfigError)
        throw new ClientConfigError(redact(e.message, this.secrets()));
      throw e;
    }
  }

  invalidate(): void {
    this.#method?.provider.invalidate();
  }

  /** Every secret value known: configured ones and every token and ID token obtained. */
  secrets(): string[] {
    return [...this.#seen];
  }

  private async resolve(): Promise<{ name: string; provider: Provider }> {
    const ctx: MethodContext = {
      config: this.#config,
      deps: this.#deps,
      seen: (s) => void this.#seen.add(s),
    };
    const wanted = this.#config.values.authType;
    if (wanted !== undefined) {
      const method = CHAIN.find((m) => m.name === wanted);
      if (method === undefined) throw unknownAuthType(wanted, this.#config);
      const configured = method.configure(ctx);
      if ("skip" in configured)
        throw new ClientConfigError(
          `auth type ${wanted} (${this.#config.origin.authType ?? "chosen"}) cannot be used: ${configured.skip}`,
        );
      await configured.headers();
      return this.use(wanted, configured);
    }
    const tried: string[] = [];
    for (const method of CHAIN) {
      const configured = method.configure(ctx);
      if ("skip" in configured) {
        tried.push(`${method.name}: ${configured.skip}`);
        continue;
      }
      try {
        await configured.headers();
        return this.use(method.name, configured);
      } catch (e) {
        const why = redact((e as Error).message, this.secrets());
        this.#deps.log(`auth: ${method.name} did not work: ${why}`);
        tried.push(`${method.name}: ${why}`);
      }
    }
    throw new ClientConfigError(noneWorked(this.#config, tried));
  }

  private use(name: string, provider: Provider): { name: string; provider: Provider } {
    this.#method = { name, provider };
    this.#deps.log(`auth: using ${name} (${provider.detail})`);
    return this.#method;
  }
}

function config(host: string, values: AuthConfig["values"]): AuthConfig {
  const secrets = [values.token, values.clientSecret].filter((v): v is string => v !== undefined);
  return { host, values, origin: { token: "credentials", clientId: "credentials" }, secrets };
}

function unknownAuthType(wanted: string, config: AuthConfig): ClientConfigError {
  const names = CHAIN.map((m) => m.name).join(", ");
  return new ClientConfigError(
    NOT_HERE.includes(wanted)
      ? `auth type ${wanted} (${config.origin.authType}) is one the Databricks SDKs know but pulumi-databricks-genie does not implement; use one of: ${names}`
      : `unknown auth type '${wanted}' (${config.origin.authType}); use one of: ${names}`,
  );
}

function noneWorked(config: AuthConfig, tried: string[]): string {
  const azure = /\.(azuredatabricks\.net|databricks\.azure\.(us|cn))$/.test(
    new URL(config.host).hostname,
  );
  return [
    `no Databricks credentials work for ${config.host}. Tried, in the order the Databricks SDKs use:`,
    ...tried.map((t) => `  - ${t}`),
    ...(config.fileNote === undefined ? [] : [`(${config.fileNote})`]),
    ...(config.lookedIn === undefined ? [] : [`(${config.lookedIn})`]),
    `To log in, run \`${loginCommand(config)}\`${azure ? " (or `az login`)" : ""}; or set a token (${whereToSet(config, "token")}), or another method of the README's "Credentials" table; auth_type chooses one (${whereToSet(config, "authType")}).`,
  ].join("\n");
}
