import { type Route, route } from "./routes";

/**
 * What the Databricks SDKs learn about the workspace before any API call. The Go SDK fetches
 * `/.well-known/databricks-config` while it resolves its configuration (databricks-sdk-go
 * config/host_metadata.go) and back-fills the workspace id from `workspace_id`; where that is
 * missing, terraform-provider-databricks resolves it lazily through `CurrentWorkspaceID`, which
 * reads the `X-Databricks-Org-Id` header of `GET /api/2.0/preview/scim/v2/Me`
 * (databricks-sdk-go workspace_functions.go; common/resource.go in the provider). Without either,
 * `databricks.Directory` and every resource with `provider_config` fail with
 * `strconv.ParseInt: parsing "": invalid syntax`. The header itself is added to every answer by
 * `server.ts`.
 */
export const workspaceIdentityRoutes: Route[] = [
  // OAuth authorization server metadata (RFC 8414): the SDKs read `token_endpoint` here before
  // they post client credentials to it (databricks-sdk-py 0.167.0 oauth.py,
  // `get_workspace_endpoints`, and config.py: `discovery_url` from `oidc_endpoint` above).
  route(
    "GET",
    /^\/oidc\/\.well-known\/oauth-authorization-server$/,
    (ctx) => {
      const base = `http://${ctx.headers.host ?? "127.0.0.1"}/oidc`;
      return {
        body: {
          issuer: base,
          authorization_endpoint: `${base}/v1/authorize`,
          token_endpoint: `${base}/v1/token`,
          grant_types_supported: [
            "client_credentials",
            "authorization_code",
            "refresh_token",
            "urn:ietf:params:oauth:grant-type:token-exchange",
          ],
          token_endpoint_auth_methods_supported: ["client_secret_basic", "client_secret_post"],
          scopes_supported: ["all-apis", "offline_access"],
        },
      };
    },
    false,
  ),
  route(
    "GET",
    /^\/\.well-known\/databricks-config$/,
    (ctx) => ({
      body: {
        workspace_id: ctx.core.platform.workspaceId,
        oidc_endpoint: `http://${ctx.headers.host ?? "127.0.0.1"}/oidc`,
      },
    }),
    false,
  ),
];
