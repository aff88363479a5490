import { randomBytes } from "node:crypto";
import { ApiError, badRequest } from "./errors";
import { tokenExchange } from "./identity";
import { type Ctx, type Reply, route, type Route } from "./routes";
import { getSchema } from "./uc-model";

function fn(ctx: Ctx): Reply {
  const name = decodeURIComponent(ctx.params[0] as string);
  const f = ctx.core.seed.functions.find((x) => x.full_name.toLowerCase() === name.toLowerCase());
  if (f === undefined)
    throw new ApiError(
      404,
      "FUNCTION_DOES_NOT_EXIST",
      `Routine or Model '${name}' does not exist.`,
    );
  const [catalog_name, schema_name, fname] = f.full_name.split(".");
  return { body: { catalog_name, schema_name, name: fname, ...f } };
}

/** `GET /api/2.1/unity-catalog/functions?catalog_name=&schema_name=` (the SDKs' `functions.list`). */
function functions(ctx: Ctx): Reply {
  const catalog = ctx.query.get("catalog_name");
  const schema = ctx.query.get("schema_name");
  if (catalog === null || catalog === "") throw badRequest("Field 'catalog_name' is required");
  if (schema === null || schema === "") throw badRequest("Field 'schema_name' is required");
  getSchema(ctx.core.platform, `${catalog}.${schema}`);
  const prefix = `${catalog}.${schema}.`.toLowerCase();
  return {
    body: {
      functions: ctx.core.seed.functions
        .filter((f) => f.full_name.toLowerCase().startsWith(prefix))
        .map((f) => {
          const [catalog_name, schema_name, name] = f.full_name.split(".");
          return { catalog_name, schema_name, name, ...f };
        }),
    },
  };
}

/**
 * OAuth machine-to-machine: client credentials in HTTP Basic, a form body (docs/api-behaviour.md, "Authentication"); and the
 * token exchange of workload identity federation (identity.ts).
 */
function oauthToken(ctx: Ctx): Reply {
  const fail = (error: string, description: string): Reply => ({
    status: error === "invalid_client" ? 401 : 400,
    body: { error, error_description: description },
  });
  const form = new URLSearchParams(typeof ctx.body === "string" ? ctx.body : "");
  if (form.get("grant_type") === "urn:ietf:params:oauth:grant-type:token-exchange")
    return tokenExchange(ctx, form);
  if (form.get("grant_type") !== "client_credentials")
    return fail(
      "unsupported_grant_type",
      "grant_type must be client_credentials or token-exchange",
    );
  const basic = /^Basic\s+(\S+)$/i.exec(ctx.headers.authorization ?? "");
  const [id, secret] =
    basic === null
      ? []
      : Buffer.from(basic[1] as string, "base64")
          .toString()
          .split(":");
  const sp = ctx.core.seed.servicePrincipals.find((s) => s.applicationId === id);
  if (sp === undefined || sp.clientSecret !== secret)
    return fail("invalid_client", "Client authentication failed");
  // Expired tokens go, so a long run keeps no more than the tokens still valid.
  for (const [t, v] of ctx.core.oauthTokens)
    if (v.expires <= ctx.core.clock.now()) ctx.core.oauthTokens.delete(t);
  const token = `emulator-oauth-${randomBytes(16).toString("hex")}`;
  const seconds = ctx.core.config.oauthTokenSeconds;
  ctx.core.oauthTokens.set(token, {
    principal: sp.applicationId,
    expires: ctx.core.clock.now() + seconds * 1000,
  });
  return {
    body: {
      access_token: token,
      token_type: "Bearer",
      expires_in: seconds,
      scope: form.get("scope") ?? "all-apis",
    },
  };
}

/** The caller, as SCIM describes it; service principals carry their application id. */
function me(ctx: Ctx): Reply {
  const id = ctx.identity;
  const body: Record<string, unknown> = {
    id: id.name,
    userName: id.name,
    displayName: id.name,
    active: true,
  };
  if (id.kind === "service_principal") body["applicationId"] = id.name;
  return { body };
}

export const workspaceRoutes: Route[] = [
  route("GET", /^\/api\/2\.0\/preview\/scim\/v2\/Me$/, me),
  route("GET", /^\/api\/2\.1\/unity-catalog\/functions\/([^/]+)$/, fn),
  route("GET", /^\/api\/2\.1\/unity-catalog\/functions$/, functions),
  route("POST", /^\/oidc\/v1\/token$/, oauthToken, false),
];
