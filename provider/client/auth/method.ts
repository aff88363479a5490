import type { AuthConfig } from "./attributes";
import { CachedToken, type Token } from "./token";
import type { AuthDeps } from "./transport";

/** A configured method: the headers that authenticate one request. */
export interface Provider {
  /** Where the credential comes from, for messages: `personal access token in environment DATABRICKS_TOKEN`. */
  readonly detail: string;
  headers(): Promise<Record<string, string>>;
  /** After a 401: forget cached tokens, so the next request gets new ones. */
  invalidate(): void;
}

export interface MethodContext {
  config: AuthConfig;
  deps: AuthDeps;
  /** Records a secret value (a token, an ID token) so that errors redact it. */
  seen: (secret: string) => void;
}

/** One method of the chain, named as in the Databricks SDKs. */
export interface Method {
  readonly name: string;
  /** A provider, or why this method does not apply (said when no method works). */
  configure(ctx: MethodContext): Provider | { skip: string };
}

/** A provider that sends one cached token as `Authorization: Bearer`, plus optional headers. */
export function bearer(
  ctx: MethodContext,
  detail: string,
  fetch: () => Promise<Token>,
  extra?: { headers: () => Promise<Record<string, string>>; invalidate: () => void },
): Provider {
  const token = new CachedToken(fetch, ctx.deps.now, ctx.seen);
  return {
    detail,
    headers: async () => ({
      authorization: `Bearer ${await token.get()}`,
      ...(extra === undefined ? {} : await extra.headers()),
    }),
    invalidate: () => {
      token.invalidate();
      extra?.invalidate();
    },
  };
}

export const skip = (why: string) => ({ skip: why });

/** `client_id (Pulumi config databricks:clientId)`: where a setting came from, for messages. */
export function from(config: AuthConfig, key: keyof AuthConfig["values"]): string {
  return config.origin[key] ?? "unset";
}
