import { strict as assert } from "node:assert";
import { ClientConfigError, resolveAuthConfig, UnauthenticatedError } from "../../provider/client";
import { AZURE_DATABRICKS_APP_ID } from "../../provider/client/auth/azure";
import { Authenticator } from "../../provider/client/credentials";
import { DEFAULT_RETRY } from "../../provider/client/retry";
import {
  ANALYST,
  authClient,
  authEmulator,
  type AuthEmu,
  AZ_TOKENS,
  AZURE_SECRET,
  RESOURCE_ID,
  SP_ID,
  TENANT,
} from "../support/auth";
import {
  fakeTools,
  type FakeTools,
  isolatedEnv,
  skipWithoutUnixScripts,
} from "../support/fake-tools";
import { whoAmI } from "./who-am-i";

const ARM = "https://management.core.windows.net/";
const HOUR_S = 3600;

describe("credentials: Azure methods, in-process against the emulator", function () {
  let t: AuthEmu;
  let tools: FakeTools;
  before(function () {
    skipWithoutUnixScripts(this);
  });
  beforeEach(async () => {
    t = await authEmulator();
    tools = fakeTools({
      az: {
        loggedIn: true,
        tokens: AZ_TOKENS,
        managementToken: "arm-token-of-the-az-login",
        expiresOn: Math.floor(t.clock.now() / 1000) + HOUR_S,
      },
    });
  });
  afterEach(async () => {
    tools.remove();
    await t.emu.stop();
  });

  /** The emulator's host is not *.azuredatabricks.net: a workspace resource id says it is Azure. */
  const azure = { azureWorkspaceResourceId: RESOURCE_ID };
  const stub = (extra: Record<string, string> = {}) =>
    isolatedEnv(tools, {
      GENIE_AZURE_AD_ENDPOINT: `${t.emu.url}/azure-ad`,
      GENIE_AZURE_IMDS_ENDPOINT: t.emu.url,
      ...extra,
    });
  const calls = (path: string) => t.emu.requests.filter((r) => r.path === path).length;

  describe("azure-cli", () => {
    it("uses the `az login`: a token for Azure Databricks, and one for Resource Manager in the management header", async () => {
      const auth = new Authenticator(
        resolveAuthConfig(
          { host: t.emu.url, ...azure },
          {
            env: stub(),
            readFile: () => undefined,
            homeDir: "/nonexistent",
          },
        ),
        {
          policy: DEFAULT_RETRY,
          sleep: async () => undefined,
          random: () => 0.5,
          now: t.clock.now,
          log: () => undefined,
          timeoutMs: 10_000,
          env: stub(),
          readFile: () => undefined,
        },
      );
      assert.deepEqual(await auth.headers(), {
        authorization: `Bearer ${AZ_TOKENS[0]}`,
        "x-databricks-azure-workspace-resource-id": RESOURCE_ID,
        "x-databricks-azure-sp-management-token": "arm-token-of-the-az-login",
      });
      assert.equal(auth.name, "azure-cli");
      assert.deepEqual(
        tools.calls("az").map((c) => c[4]),
        [AZURE_DATABRICKS_APP_ID, ARM],
      );
    });

    it("the workspace accepts the az token, and az is asked again a minute before `expires_on`", async () => {
      const dbx = authClient(t, azure, stub());
      assert.equal(await whoAmI(dbx), ANALYST);
      assert.equal(dbx.client.authKind, "azure-cli");
      await whoAmI(dbx);
      assert.equal(
        tools.calls("az").length,
        2,
        "one token each for Databricks and Resource Manager",
      );
      t.clock.advance(HOUR_S * 1000 - 59_000);
      await whoAmI(dbx);
      assert.equal(tools.calls("az").length, 4);
    });

    it("reads the local `expiresOn` of an az older than 2.54", async () => {
      tools.set({
        az: {
          loggedIn: true,
          tokens: AZ_TOKENS,
          managementToken: "arm",
          expiresOn: Math.floor(t.clock.now() / 1000) + HOUR_S,
          noEpoch: true,
        },
      });
      const dbx = authClient(t, { ...azure, authType: "azure-cli" }, stub());
      await whoAmI(dbx);
      t.clock.advance(30 * 60_000);
      await whoAmI(dbx);
      assert.equal(
        tools.calls("az").length,
        2,
        "an hour's token is not asked for again after 30 min",
      );
    });

    it("passes the tenant when one is set", async () => {
      const dbx = authClient(t, { ...azure, azureTenantId: TENANT, authType: "azure-cli" }, stub());
      await whoAmI(dbx);
      assert.deepEqual(tools.calls("az")[0]?.slice(-2), ["--tenant", TENANT]);
    });

    it("not logged in: says to run `az login`", async () => {
      tools.set({
        az: { loggedIn: false, tokens: [], managementToken: "", expiresOn: 0 },
      });
      await assert.rejects(
        whoAmI(authClient(t, { ...azure, authType: "azure-cli" }, stub())),
        (e: Error) =>
          e instanceof ClientConfigError &&
          /Please run 'az login' to setup account\. \(log in with `az login`\)/.test(e.message),
      );
    });

    it("is not tried for a host that is not Azure Databricks", async () => {
      await assert.rejects(
        whoAmI(authClient(t, { authType: "azure-cli" }, stub())),
        /auth type azure-cli \(Pulumi config databricks:authType\) cannot be used: 127\.0\.0\.1 is not an Azure Databricks host \(a custom domain needs azure_workspace_resource_id: databricks:azureWorkspaceResourceId, DATABRICKS_AZURE_RESOURCE_ID/,
      );
      assert.deepEqual(tools.calls("az"), []);
    });
  });

  describe("azure-client-secret", () => {
    const sp = { ARM_CLIENT_ID: SP_ID, ARM_CLIENT_SECRET: AZURE_SECRET, ARM_TENANT_ID: TENANT };

    it("ARM_CLIENT_ID, ARM_CLIENT_SECRET and ARM_TENANT_ID: Azure AD client credentials, for Databricks and Resource Manager", async () => {
      const dbx = authClient(t, azure, stub(sp));
      assert.equal(await whoAmI(dbx), SP_ID);
      assert.equal(dbx.client.authKind, "azure-client-secret");
      assert.equal(calls(`/azure-ad/${TENANT}/oauth2/token`), 2);
      assert.deepEqual(tools.calls("az"), [], "azure-cli comes after it in the chain");
    });

    it("from the stack config keys @pulumi/databricks uses", async () => {
      const dbx = authClient(
        t,
        { ...azure, azureClientId: SP_ID, azureClientSecret: AZURE_SECRET, azureTenantId: TENANT },
        stub(),
      );
      assert.equal(await whoAmI(dbx), SP_ID);
    });

    it("a wrong secret is Azure AD's error, with neither secret in it", async () => {
      const dbx = authClient(
        t,
        { ...azure, authType: "azure-client-secret" },
        stub({ ...sp, ARM_CLIENT_SECRET: "wrong-azure-secret" }),
      );
      await assert.rejects(
        whoAmI(dbx),
        (e: Error) =>
          e instanceof UnauthenticatedError &&
          /cannot get an Azure AD token: invalid_client: AADSTS7000215/.test(e.message) &&
          !e.message.includes("wrong-azure-secret") &&
          !e.message.includes(AZURE_SECRET),
      );
    });

    it("an Azure AD token for Resource Manager is not accepted as a workspace token", async () => {
      const res = await fetch(`${t.emu.url}/azure-ad/${TENANT}/oauth2/token`, {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded" },
        body: new URLSearchParams({
          grant_type: "client_credentials",
          client_id: SP_ID,
          client_secret: AZURE_SECRET,
          resource: ARM,
        }).toString(),
      });
      const body = (await res.json()) as { access_token: string; expires_in: string };
      assert.equal(typeof body.expires_in, "string", "Azure AD v1 answers numbers as strings");
      assert.equal(
        (await t.call("GET", "/api/2.0/genie/spaces", undefined, body.access_token)).status,
        401,
      );
    });
  });

  describe("azure-msi", () => {
    it("ARM_USE_MSI=true: tokens from IMDS (the emulator's stand-in), with the Metadata header", async () => {
      const dbx = authClient(t, azure, stub({ ARM_USE_MSI: "true" }));
      assert.equal(await whoAmI(dbx), SP_ID);
      assert.equal(dbx.client.authKind, "azure-msi");
      assert.equal(calls("/metadata/identity/oauth2/token"), 2);
      assert.ok(
        t.emu.requests.every((r) => r.status !== 400),
        "IMDS answers 400 without Metadata: true",
      );
    });

    it("a user-assigned identity is asked for by its client id", async () => {
      const dbx = authClient(
        t,
        {
          ...azure,
          authType: "azure-msi",
          azureUseMsi: true,
          azureClientId: "00000000-0000-4000-8000-0000000000ff",
        },
        stub(),
      );
      await assert.rejects(whoAmI(dbx), /Identity not found for this VM or client_id/);
    });

    it("refuses an IMDS override that is not https or loopback", async () => {
      const dbx = authClient(
        t,
        { ...azure, authType: "azure-msi", azureUseMsi: "true" },
        stub({ GENIE_AZURE_IMDS_ENDPOINT: "http://imds.example.com" }),
      );
      await assert.rejects(whoAmI(dbx), /refusing plain http:\/\/ for imds\.example\.com/);
    });
  });
});
