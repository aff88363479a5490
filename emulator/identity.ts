/**
 * Stand-ins for the identity services around a workspace, so every credential method can be tested
 * without a network: Azure AD's client-credentials endpoint (v1, `resource`), the Azure instance
 * metadata service (IMDS) of a managed identity, GitHub Actions' ID token service, and the
 * workspace's own token exchange for workload identity federation (RFC 8693, at /oidc/v1/token).
 * Clients reach the first three through overrides (GENIE_AZURE_AD_ENDPOINT=<url>/azure-ad,
 * GENIE_AZURE_IMDS_ENDPOINT=<url>, ACTIONS_ID_TOKEN_REQUEST_URL=<url>/github-actions/idtoken?...):
 * nothing here is ever reached at a real address.
 */
import { randomBytes } from "node:crypto";
import type { Core } from "./core";
import { type Ctx, type Reply, route, type Route } from "./routes";

const GITHUB_ISSUER = "https://token.actions.githubusercontent.com";

/** An unsigned JWT (`alg: none`): the emulator reads claims, it checks no signature. */
export function idToken(claims: Record<string, unknown>): string {
  const part = (v: unknown) => Buffer.from(JSON.stringify(v)).toString("base64url");
  return `${part({ alg: "none", typ: "JWT" })}.${part(claims)}.`;
}

function claimsOf(token: string): Record<string, unknown> | undefined {
  try {
    const v: unknown = JSON.parse(
      Buffer.from(token.split(".")[1] ?? "", "base64url").toString("utf8"),
    );
    return typeof v === "object" && v !== null ? (v as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

const oauthError = (status: number, error: string, description: string): Reply => ({
  status,
  body: { error, error_description: description },
});

function issue(
  core: Core,
  principal: string,
  resource?: string,
): { token: string; seconds: number } {
  const token = `emulator-${resource === undefined ? "wif" : "aad"}-${randomBytes(16).toString("hex")}`;
  const seconds = core.config.oauthTokenSeconds;
  core.oauthTokens.set(token, { principal, expires: core.clock.now() + seconds * 1000, resource });
  return { token, seconds };
}

/** Azure AD v1 answers numbers as strings, `expires_on` in epoch seconds. */
function azureAnswer(core: Core, principal: string, resource: string): Reply {
  const { token, seconds } = issue(core, principal, resource);
  const now = Math.floor(core.clock.now() / 1000);
  return {
    body: {
      token_type: "Bearer",
      expires_in: String(seconds),
      ext_expires_in: String(seconds),
      expires_on: String(now + seconds),
      not_before: String(now),
      resource,
      access_token: token,
    },
  };
}

function form(ctx: Ctx): URLSearchParams {
  return new URLSearchParams(typeof ctx.body === "string" ? ctx.body : "");
}

/** POST /azure-ad/{tenant}/oauth2/token: client credentials in the form or in HTTP Basic. */
function azureAd(ctx: Ctx): Reply {
  const f = form(ctx);
  const tenant = ctx.params[0];
  if (tenant !== ctx.core.seed.azureTenantId)
    return oauthError(400, "invalid_request", `AADSTS90002: Tenant '${tenant}' not found.`);
  if (f.get("grant_type") !== "client_credentials")
    return oauthError(400, "unsupported_grant_type", "AADSTS70003: unsupported grant_type");
  const basic = /^Basic\s+(\S+)$/i.exec(ctx.headers.authorization ?? "");
  const [id, secret] =
    basic === null
      ? [f.get("client_id"), f.get("client_secret")]
      : Buffer.from(basic[1] as string, "base64")
          .toString()
          .split(":");
  const sp = ctx.core.seed.servicePrincipals.find((s) => s.applicationId === id);
  if (sp === undefined || sp.azureClientSecret === undefined || sp.azureClientSecret !== secret)
    return oauthError(401, "invalid_client", "AADSTS7000215: Invalid client secret provided.");
  const resource = f.get("resource");
  if (resource === null || resource === "")
    return oauthError(400, "invalid_resource", "AADSTS500011: resource is required (v1 endpoint)");
  return azureAnswer(ctx.core, sp.applicationId, resource);
}

/** GET /metadata/identity/oauth2/token: IMDS, which answers only with `Metadata: true`. */
function imds(ctx: Ctx): Reply {
  if (ctx.headers["metadata"] !== "true")
    return oauthError(400, "invalid_request", "Required metadata header not specified");
  const resource = ctx.query.get("resource");
  if (resource === null || resource === "")
    return oauthError(400, "invalid_request", "Required query variable 'resource' is missing");
  const clientId = ctx.query.get("client_id");
  const mi = ctx.core.seed.servicePrincipals.find(
    (s) => s.managedIdentity === true && (clientId === null || s.applicationId === clientId),
  );
  if (mi === undefined)
    return oauthError(400, "invalid_request", "Identity not found for this VM or client_id");
  return azureAnswer(ctx.core, mi.applicationId, resource);
}

/** GET /github-actions/idtoken?audience=...: the runner's ID token service. */
function githubIdToken(ctx: Ctx): Reply {
  const gh = ctx.core.seed.githubActions;
  if (gh === undefined || ctx.headers.authorization !== `Bearer ${gh.requestToken}`)
    return { status: 401, body: { message: "Bad credentials" } };
  const now = Math.floor(ctx.core.clock.now() / 1000);
  const aud = ctx.query.get("audience") ?? "https://github.com/example";
  const value = idToken({ iss: GITHUB_ISSUER, sub: gh.subject, aud, iat: now, exp: now + 300 });
  return { body: { count: 1, value } };
}

/**
 * The token-exchange grant of /oidc/v1/token (called from workspace.ts): the subject token's
 * issuer and subject must match a federation policy; its audience must be the workspace's token
 * endpoint (what the SDKs ask for by default) or one the policy lists; a client id, when sent,
 * must be the policy's service principal.
 */
export function tokenExchange(ctx: Ctx, f: URLSearchParams): Reply {
  if (f.get("subject_token_type") !== "urn:ietf:params:oauth:token-type:jwt")
    return oauthError(400, "invalid_request", "subject_token_type must be a JWT");
  const claims = claimsOf(f.get("subject_token") ?? "");
  if (claims === undefined) return oauthError(400, "invalid_request", "subject_token is not a JWT");
  const endpoint = `http://${ctx.headers.host ?? ""}/oidc/v1/token`;
  const policy = (ctx.core.seed.federationPolicies ?? []).find(
    (p) => p.issuer === claims["iss"] && p.subject === claims["sub"],
  );
  if (policy === undefined)
    return oauthError(
      400,
      "invalid_grant",
      "no federation policy matches the token's issuer and subject",
    );
  if (claims["aud"] !== endpoint && !(policy.audiences ?? []).includes(String(claims["aud"])))
    return oauthError(400, "invalid_grant", `audience '${String(claims["aud"])}' is not accepted`);
  if (typeof claims["exp"] === "number" && claims["exp"] * 1000 <= ctx.core.clock.now())
    return oauthError(400, "invalid_grant", "the subject token has expired");
  const clientId = f.get("client_id");
  if (clientId !== null && clientId !== policy.servicePrincipal)
    return oauthError(401, "invalid_client", `the policy is not for client ${clientId}`);
  const { token, seconds } = issue(ctx.core, policy.servicePrincipal);
  return {
    body: {
      access_token: token,
      token_type: "Bearer",
      expires_in: seconds,
      scope: f.get("scope") ?? "all-apis",
    },
  };
}

export const identityRoutes: Route[] = [
  route("POST", /^\/azure-ad\/([^/]+)\/oauth2\/token$/, azureAd, false),
  route("GET", /^\/metadata\/identity\/oauth2\/token$/, imds, false),
  route("GET", /^\/github-actions\/idtoken$/, githubIdToken, false),
];
