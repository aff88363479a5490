import { ClientConfigError } from "../errors";
import { normalizeHost } from "../host";
import { type AuthConfig, whereToSet } from "./attributes";
import { bearer, from, type Method, type MethodContext, skip } from "./method";
import { CachedToken, expiresIn, parseExpiry, type Token } from "./token";
import { jsonObject, runTool, tokenCall } from "./transport";

/** The Azure AD application of Azure Databricks: the `resource` its tokens are issued for. */
export const AZURE_DATABRICKS_APP_ID = "2ff814a6-3304-4ab8-85cb-cd0e6f879c1d";

interface AzureCloud {
  name: string;
  zone: string;
  login: string;
  management: string;
}

/** Clouds by workspace DNS zone, as the SDKs' environment table has them. */
const CLOUDS: readonly AzureCloud[] = [
  {
    name: "PUBLIC",
    zone: ".azuredatabricks.net",
    login: "https://login.microsoftonline.com",
    management: "https://management.core.windows.net/",
  },
  {
    name: "USGOVERNMENT",
    zone: ".databricks.azure.us",
    login: "https://login.microsoftonline.us",
    management: "https://management.core.usgovcloudapi.net/",
  },
  {
    name: "CHINA",
    zone: ".databricks.azure.cn",
    login: "https://login.chinacloudapi.cn",
    management: "https://management.core.chinacloudapi.cn/",
  },
];

/** Test-only overrides (the emulator stands in for Azure AD and IMDS); https or loopback only. */
export const AZURE_AD_OVERRIDE = "GENIE_AZURE_AD_ENDPOINT";
export const AZURE_IMDS_OVERRIDE = "GENIE_AZURE_IMDS_ENDPOINT";
const IMDS = "http://169.254.169.254";
const X_MANAGEMENT = "x-databricks-azure-sp-management-token";
const X_RESOURCE_ID = "x-databricks-azure-workspace-resource-id";

/**
 * An Azure Databricks workspace is recognized by its host, or by an `azure_workspace_resource_id`
 * (a custom domain); the cloud then comes from `azure_environment` (ARM_ENVIRONMENT).
 */
function azureCloud(config: AuthConfig): AzureCloud | string {
  const hostname = new URL(config.host).hostname;
  const byHost = CLOUDS.find((c) => hostname.endsWith(c.zone));
  if (byHost !== undefined) return byHost;
  if (config.values.azureWorkspaceResourceId === undefined)
    return `${hostname} is not an Azure Databricks host (a custom domain needs azure_workspace_resource_id: ${whereToSet(config, "azureWorkspaceResourceId")})`;
  const name = (config.values.azureEnvironment ?? "PUBLIC").toUpperCase();
  return CLOUDS.find((c) => c.name === name) ?? `unknown Azure environment '${name}'`;
}

function endpoint(ctx: MethodContext, variable: string, fallback: string): string {
  const override = ctx.deps.env[variable];
  return override === undefined || override === ""
    ? fallback
    : normalizeHost(override, `environment ${variable}`);
}

/**
 * Azure tokens go as `Authorization`, with a second token for Azure Resource Manager in
 * `X-Databricks-Azure-SP-Management-Token`: the workspace needs it to add a service principal it
 * has not seen, and the SDKs send it always for service principals and managed identities, when
 * they can get one for `az` logins. Both tokens are cached and refreshed on their own.
 */
function azureProvider(
  ctx: MethodContext,
  detail: string,
  fetch: (resource: string) => Promise<Token>,
  cloud: AzureCloud,
  managementOptional: boolean,
) {
  const management = new CachedToken(() => fetch(cloud.management), ctx.deps.now, ctx.seen);
  const resourceId = ctx.config.values.azureWorkspaceResourceId;
  return bearer(ctx, detail, () => fetch(AZURE_DATABRICKS_APP_ID), {
    headers: async () => {
      const out: Record<string, string> = {};
      if (resourceId !== undefined) out[X_RESOURCE_ID] = resourceId;
      try {
        out[X_MANAGEMENT] = await management.get();
      } catch (e) {
        if (!managementOptional) throw e;
        ctx.deps.log(`auth: no Azure management token, sending none (${(e as Error).name})`);
      }
      return out;
    },
    invalidate: () => management.invalidate(),
  });
}

/** A managed identity of the VM or runner, from the instance metadata service (IMDS). */
export const azureMsi: Method = {
  name: "azure-msi",
  configure(ctx) {
    const cloud = azureCloud(ctx.config);
    if (typeof cloud === "string") return skip(cloud);
    if (ctx.config.values.azureUseMsi === undefined)
      return skip(`azure_use_msi is not true (${whereToSet(ctx.config, "azureUseMsi")})`);
    const clientId = ctx.config.values.azureClientId;
    const base = endpoint(ctx, AZURE_IMDS_OVERRIDE, IMDS);
    const detail = `Azure managed identity${clientId === undefined ? "" : ` ${clientId}`}`;
    return azureProvider(
      ctx,
      detail,
      async (resource) => {
        const query = new URLSearchParams({ "api-version": "2018-02-01", resource });
        if (clientId !== undefined) query.set("client_id", clientId);
        const body = await tokenCall(ctx.deps, {
          method: "GET",
          url: `${base}/metadata/identity/oauth2/token?${query}`,
          headers: { metadata: "true" },
          action: "cannot get a managed identity token from IMDS",
          source: detail,
          noProxy: true,
          // The SDKs give IMDS 10 s: off Azure, the address answers nothing at all.
          timeoutMs: 10_000,
        });
        return azureToken(body, ctx.deps.now(), "IMDS");
      },
      cloud,
      false,
    );
  },
};

/** An Azure service principal with a client secret: Azure AD's client-credentials grant (v1, `resource`). */
export const azureClientSecret: Method = {
  name: "azure-client-secret",
  configure(ctx) {
    const cloud = azureCloud(ctx.config);
    const {
      azureClientId: id,
      azureClientSecret: secret,
      azureTenantId: tenant,
    } = ctx.config.values;
    if (id === undefined || secret === undefined || tenant === undefined) {
      const missing = [
        id === undefined ? `azure_client_id (${whereToSet(ctx.config, "azureClientId")})` : "",
        secret === undefined
          ? `azure_client_secret (${whereToSet(ctx.config, "azureClientSecret")})`
          : "",
        tenant === undefined ? `azure_tenant_id (${whereToSet(ctx.config, "azureTenantId")})` : "",
      ].filter((m) => m !== "");
      return skip(`no ${missing.join(", ")}`);
    }
    if (typeof cloud === "string") return skip(cloud);
    const login = endpoint(ctx, AZURE_AD_OVERRIDE, cloud.login);
    const detail = `Azure service principal ${id} of tenant ${tenant} in ${from(ctx.config, "azureClientId")}`;
    return azureProvider(
      ctx,
      detail,
      async (resource) => {
        const body = await tokenCall(ctx.deps, {
          method: "POST",
          url: `${login}/${encodeURIComponent(tenant)}/oauth2/token`,
          form: {
            grant_type: "client_credentials",
            client_id: id,
            client_secret: secret,
            resource,
          },
          action: "cannot get an Azure AD token",
          source: detail,
        });
        return azureToken(body, ctx.deps.now(), "Azure AD");
      },
      cloud,
      false,
    );
  },
};

/**
 * The `az login` of the person running Pulumi: `az account get-access-token --resource <app id>`
 * prints `{accessToken, expiresOn (local time), expires_on (epoch, az 2.54+), tenant, tokenType}`.
 */
export const azureCli: Method = {
  name: "azure-cli",
  configure(ctx) {
    const cloud = azureCloud(ctx.config);
    if (typeof cloud === "string") return skip(cloud);
    const tenant = ctx.config.values.azureTenantId;
    const detail = `Azure CLI login (az account get-access-token${tenant === undefined ? "" : ` --tenant ${tenant}`})`;
    return azureProvider(
      ctx,
      detail,
      async (resource) => {
        const args = ["account", "get-access-token", "--resource", resource, "--output", "json"];
        if (tenant !== undefined) args.push("--tenant", tenant);
        const run = await runTool(ctx.deps, "az", args);
        if (!run.ok)
          throw new ClientConfigError(
            run.notFound
              ? "the Azure CLI (az) is not on PATH"
              : `\`az account get-access-token\` failed: ${run.message.replace(/^ERROR:\s*/, "")} (log in with \`az login\`)`,
          );
        const out = jsonObject(run.stdout) ?? {};
        const value = out["accessToken"];
        if (typeof value !== "string" || value === "")
          throw new ClientConfigError("`az account get-access-token` printed no accessToken");
        const expiresAt = parseExpiry(out["expires_on"]) ?? parseExpiry(out["expiresOn"]);
        return { value, expiresAt: expiresAt ?? ctx.deps.now() + 300_000 };
      },
      cloud,
      true,
    );
  },
};

/** `{access_token, expires_on | expires_in}` from Azure AD (v1: strings of digits) or IMDS. */
function azureToken(body: Record<string, unknown>, now: number, where: string): Token {
  const value = body["access_token"];
  if (typeof value !== "string" || value === "")
    throw new ClientConfigError(`${where} answered without an access_token`);
  const expiresAt = parseExpiry(body["expires_on"]) ?? expiresIn(body["expires_in"], now);
  return { value, expiresAt: expiresAt ?? now + 300_000 };
}
