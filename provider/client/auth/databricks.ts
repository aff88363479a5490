import { ClientConfigError } from "../errors";
import { whereToSet } from "./attributes";
import { bearer, from, type Method, type MethodContext, skip } from "./method";
import { expiresIn, type Token } from "./token";
import { tokenCall } from "./transport";

/** The workspace's OAuth token endpoint (docs/api-behaviour.md, "Authentication"), for both client credentials and token exchange. */
const tokenEndpoint = (host: string) => `${host}/oidc/v1/token`;

/** Personal access token: sent as is. */
export const pat: Method = {
  name: "pat",
  configure(ctx) {
    const token = ctx.config.values.token;
    if (token === undefined) return skip(`no token (${whereToSet(ctx.config, "token")})`);
    return bearer(ctx, `personal access token in ${from(ctx.config, "token")}`, async () => ({
      value: token,
    }));
  },
};

/** OAuth machine-to-machine: client id and secret in HTTP Basic, `scope=all-apis`. */
export const oauthM2m: Method = {
  name: "oauth-m2m",
  configure(ctx) {
    const { clientId, clientSecret } = ctx.config.values;
    if (clientId === undefined || clientSecret === undefined) {
      return skip(
        clientId === undefined && clientSecret === undefined
          ? `no client_id and client_secret (${whereToSet(ctx.config, "clientId")}; ${whereToSet(ctx.config, "clientSecret")})`
          : `${clientId === undefined ? "client_secret" : "client_id"} is set (${from(ctx.config, clientId === undefined ? "clientSecret" : "clientId")}) but not ${clientId === undefined ? "client_id" : "client_secret"}`,
      );
    }
    const detail = `OAuth client ${clientId} in ${from(ctx.config, "clientId")}`;
    return bearer(ctx, detail, async () => {
      const body = await tokenCall(ctx.deps, {
        method: "POST",
        url: tokenEndpoint(ctx.config.host),
        form: { grant_type: "client_credentials", scope: "all-apis" },
        basic: { username: clientId, password: clientSecret },
        action: "cannot get an OAuth token",
        source: detail,
      });
      return accessToken(body, ctx.deps.now(), "the workspace's token endpoint");
    });
  },
};

/** Where an OIDC ID token comes from, for workload identity federation. */
interface IdTokenSource {
  detail: string;
  get(ctx: MethodContext, audience: string): Promise<string>;
}

/**
 * Workload identity federation: an ID token from the CI system, exchanged at the workspace's token
 * endpoint (RFC 8693 token exchange). With a client id, the token is federated to that service
 * principal; without one, account-wide federation. The audience asked for is the token endpoint
 * unless `audience` says otherwise (the Go SDK's default for workspaces).
 */
function federated(name: string, source: (ctx: MethodContext) => IdTokenSource | string): Method {
  return {
    name,
    configure(ctx) {
      const found = source(ctx);
      if (typeof found === "string") return skip(found);
      const { clientId, audience } = ctx.config.values;
      const endpoint = tokenEndpoint(ctx.config.host);
      const detail = `workload identity federation: ${found.detail}${clientId === undefined ? "" : ` for service principal ${clientId}`}`;
      return bearer(ctx, detail, async () => {
        const idToken = (await found.get(ctx, audience ?? endpoint)).trim();
        ctx.seen(idToken);
        const form: Record<string, string> = {
          grant_type: "urn:ietf:params:oauth:grant-type:token-exchange",
          subject_token_type: "urn:ietf:params:oauth:token-type:jwt",
          subject_token: idToken,
          scope: "all-apis",
        };
        if (clientId !== undefined) form["client_id"] = clientId;
        const body = await tokenCall(ctx.deps, {
          method: "POST",
          url: endpoint,
          form,
          action: "cannot exchange the ID token for a Databricks token",
          source: detail,
        });
        return accessToken(body, ctx.deps.now(), "the workspace's token endpoint");
      });
    },
  };
}

/** GitHub Actions: the runner's ID token service, with `permissions: id-token: write`. */
export const githubOidc = federated("github-oidc", (ctx) => {
  const { actionsIdTokenRequestUrl: url, actionsIdTokenRequestToken: requestToken } =
    ctx.config.values;
  if (url === undefined || requestToken === undefined)
    return "not in GitHub Actions with id-token: write (ACTIONS_ID_TOKEN_REQUEST_URL and ACTIONS_ID_TOKEN_REQUEST_TOKEN are not set)";
  return {
    detail: "GitHub Actions ID token",
    async get(c, audience) {
      const body = await tokenCall(c.deps, {
        method: "GET",
        url: `${url}${url.includes("?") ? "&" : "?"}audience=${encodeURIComponent(audience)}`,
        headers: { authorization: `Bearer ${requestToken}` },
        action: "cannot get an ID token from GitHub Actions",
        source: "ACTIONS_ID_TOKEN_REQUEST_TOKEN",
      });
      if (typeof body["value"] !== "string" || body["value"] === "")
        throw new ClientConfigError("GitHub Actions answered without an ID token ('value')");
      return body["value"];
    },
  };
});

/** An ID token in an environment variable, `DATABRICKS_OIDC_TOKEN` unless `oidc_token_env` names another. */
export const envOidc = federated("env-oidc", (ctx) => {
  const variable = ctx.config.values.oidcTokenEnv ?? "DATABRICKS_OIDC_TOKEN";
  if ((ctx.deps.env[variable] ?? "").trim() === "") return `${variable} is not set`;
  return {
    detail: `ID token in environment ${variable}`,
    get: async (c) => {
      const v = c.deps.env[variable] ?? "";
      if (v.trim() === "") throw new ClientConfigError(`${variable} is empty`);
      return v;
    },
  };
});

/** An ID token in a file, read again at every refresh (CI systems rotate it in place). */
export const fileOidc = federated("file-oidc", (ctx) => {
  const file = ctx.config.values.databricksIdTokenFilepath;
  if (file === undefined)
    return `no ID token file (${whereToSet(ctx.config, "databricksIdTokenFilepath")})`;
  return {
    detail: `ID token file ${file}`,
    get: async (c) => {
      const text = c.deps.readFile(file);
      if (text === undefined || text.trim() === "")
        throw new ClientConfigError(
          `the ID token file ${file} (${from(c.config, "databricksIdTokenFilepath")}) ${text === undefined ? "cannot be read" : "is empty"}`,
        );
      return text;
    },
  };
});

/** `{access_token, expires_in}` from an OAuth token endpoint. */
export function accessToken(body: Record<string, unknown>, now: number, where: string): Token {
  const value = body["access_token"];
  if (typeof value !== "string" || value === "")
    throw new ClientConfigError(`${where} answered without an access_token`);
  return { value, expiresAt: expiresIn(body["expires_in"], now) ?? now + 3600_000 };
}
