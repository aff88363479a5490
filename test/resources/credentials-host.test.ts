import { strict as assert } from "node:assert";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { systemClock } from "../../emulator";
import { idToken } from "../../emulator/identity";
import type { GenieSpaceArgs } from "../../provider";
import {
  ACTIONS_REQUEST_TOKEN,
  ANALYST,
  authSeed,
  AZ_TOKENS,
  AZURE_SECRET,
  CLI_TOKENS,
  GITHUB_ISSUER,
  GITHUB_SUBJECT,
  RESOURCE_ID,
  SP_ID,
  SP_SECRET,
  TENANT,
} from "../support/auth";
import { declare } from "../support/declare";
import { emulator, WAREHOUSE } from "../support/emulator";
import { Engine } from "../support/engine";
import {
  fakeTools,
  type FakeTools,
  goTime,
  isolatedEnv,
  skipWithoutUnixScripts,
} from "../support/fake-tools";
import { type Props, ProviderHost, secret } from "../support/host";

const args: GenieSpaceArgs = {
  title: "Credentials",
  warehouseId: WAREHOUSE,
  space: { tables: ["dev.sales.orders"], sampleQuestions: ["How many orders?"] },
};
const HOUR = 3600_000;
/** Tokens the emulator's token endpoints issue, and every secret the tests hand in. */
const ISSUED = /emulator-(aad|wif|oauth)-[0-9a-f]{32}/;
const SECRETS = [SP_SECRET, AZURE_SECRET, ACTIONS_REQUEST_TOKEN, ...CLI_TOKENS, ...AZ_TOKENS];

/**
 * Each method through the real dynamic-provider host, as `pulumi up` runs it: the stack config
 * arrives in configure(), the environment is the host's, the fakes are on its PATH. A space is
 * created, refreshed and destroyed; the home folder it lands in says who the workspace saw.
 */
describe("credentials through the provider host, against the emulator", function () {
  this.timeout(60_000);
  let t: Awaited<ReturnType<typeof emulator>>;
  let tools: FakeTools;
  let dir: string;
  before(async function () {
    skipWithoutUnixScripts(this);
    t = await emulator({ seed: authSeed(), clock: systemClock });
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "genie-auth-host-"));
  });
  after(async () => {
    fs.rmSync(dir, { recursive: true, force: true });
    await t?.emu.stop();
  });
  beforeEach(() => {
    tools = fakeTools({
      databricks: { loggedIn: [], tokens: CLI_TOKENS, expiry: goTime(Date.now() + HOUR) },
      az: {
        loggedIn: false,
        tokens: AZ_TOKENS,
        managementToken: "arm-token",
        expiresOn: 0,
      },
    });
  });
  afterEach(() => tools.remove());

  let seq = 0;
  /** up, refresh and destroy of one space; returns where it was created, the host's stderr, the state. */
  async function lifecycle(config: Props, env: Record<string, string> = {}) {
    const host = await ProviderHost.start(
      { "databricks:host": t.emu.url, ...config },
      undefined,
      isolatedEnv(tools, env),
    );
    const engine = new Engine(host);
    const name = `creds-${++seq}`;
    try {
      await engine.up(name, await declare(name, args));
      const created = String(engine.outputs(name)["parentPath"]);
      assert.equal(await engine.refresh(name), "refresh-same");
      const state = JSON.stringify([...engine.state.values()]);
      await engine.destroy(name);
      return { created, stderr: host.stderr, state };
    } finally {
      host.stop();
    }
  }

  function assertNoSecret(where: string, text: string): void {
    for (const s of SECRETS) assert.ok(!text.includes(s), `${where} holds a secret`);
    assert.doesNotMatch(text, ISSUED, `${where} holds an issued token`);
  }

  function check(run: { created: string; stderr: string; state: string }, principal: string) {
    assert.equal(run.created, `/Users/${principal}`);
    assertNoSecret("stderr", run.stderr);
    assertNoSecret("state", run.state);
  }

  it("databricks-cli: a profile written by `databricks auth login`, named by databricks:profile", async () => {
    const cfg = path.join(dir, "login.databrickscfg");
    fs.writeFileSync(cfg, `[genie]\nhost = ${t.emu.url}\nauth_type = databricks-cli\n`);
    tools.set({
      databricks: { loggedIn: ["genie"], tokens: CLI_TOKENS, expiry: goTime(Date.now() + HOUR) },
    });
    const run = await lifecycle(
      { "databricks:host": undefined, "databricks:profile": "genie" },
      { DATABRICKS_CONFIG_FILE: cfg },
    );
    check(run, ANALYST);
    assert.equal(tools.calls("databricks").length, 1, "an hour's token serves the whole run");
  });

  it("databricks-cli: a token at its expiry is never reused; the CLI is asked again", async () => {
    tools.set({
      databricks: {
        loggedIn: [t.emu.url],
        tokens: CLI_TOKENS,
        expiry: goTime(Date.now() - 10_000),
      },
    });
    const before = t.emu.requests.length;
    const run = await lifecycle({ "databricks:authType": "databricks-cli" });
    check(run, ANALYST);
    const apiCalls = t.emu.requests.slice(before).filter((r) => r.path.startsWith("/api/")).length;
    assert.ok(tools.calls("databricks").length > apiCalls, "one CLI call per request, at least");
  });

  it("azure-cli: the `az login` of the person running Pulumi", async () => {
    tools.set({
      az: {
        loggedIn: true,
        tokens: AZ_TOKENS,
        managementToken: "arm-token",
        expiresOn: Math.floor(Date.now() / 1000) + 3600,
      },
    });
    const run = await lifecycle({ "databricks:azureWorkspaceResourceId": RESOURCE_ID });
    check(run, ANALYST);
  });

  it("azure-client-secret: a service principal, from stack config keys @pulumi/databricks reads and ARM_* variables together", async () => {
    const run = await lifecycle(
      {
        "databricks:azureWorkspaceResourceId": RESOURCE_ID,
        "databricks:azureClientId": SP_ID,
        "databricks:azureClientSecret": secret(AZURE_SECRET),
      },
      { ARM_TENANT_ID: TENANT, GENIE_AZURE_AD_ENDPOINT: `${t.emu.url}/azure-ad` },
    );
    check(run, SP_ID);
  });

  it("azure-msi: the runner's managed identity (ARM_USE_MSI), from the IMDS stand-in", async () => {
    const run = await lifecycle(
      { "databricks:azureWorkspaceResourceId": RESOURCE_ID },
      { ARM_USE_MSI: "true", GENIE_AZURE_IMDS_ENDPOINT: t.emu.url },
    );
    check(run, SP_ID);
  });

  it("github-oidc: workload identity federation from GitHub Actions, no secret configured", async () => {
    const run = await lifecycle(
      { "databricks:clientId": SP_ID },
      {
        ACTIONS_ID_TOKEN_REQUEST_URL: `${t.emu.url}/github-actions/idtoken?api-version=2.0`,
        ACTIONS_ID_TOKEN_REQUEST_TOKEN: ACTIONS_REQUEST_TOKEN,
      },
    );
    check(run, SP_ID);
  });

  it("file-oidc: an ID token file another CI system writes", async () => {
    const file = path.join(dir, "id-token");
    const token = idToken({
      iss: GITHUB_ISSUER,
      sub: GITHUB_SUBJECT,
      aud: `${t.emu.url}/oidc/v1/token`,
    });
    fs.writeFileSync(file, token);
    const run = await lifecycle({ "databricks:databricksIdTokenFilepath": file });
    check(run, SP_ID);
    assert.ok(!run.stderr.includes(token) && !run.state.includes(token));
  });

  it("oauth-m2m: databricks:clientId and databricks:clientSecret", async () => {
    const run = await lifecycle({
      "databricks:clientId": SP_ID,
      "databricks:clientSecret": secret(SP_SECRET),
    });
    check(run, SP_ID);
  });

  it("when nothing works, `up` fails with the list of what was tried and the login command, and no secret", async () => {
    const host = await ProviderHost.start(
      {
        "databricks:host": t.emu.url,
        "databricks:clientId": SP_ID,
        "databricks:clientSecret": secret("wrong-client-secret"),
      },
      undefined,
      isolatedEnv(tools),
    );
    try {
      const engine = new Engine(host);
      let message = "";
      await assert.rejects(engine.up("nothing", await declare("nothing", args)), (e: Error) => {
        message = e.message;
        return true;
      });
      assert.match(message, /no Databricks credentials work for http:\/\/127\.0\.0\.1:\d+/);
      assert.match(message, /oauth-m2m: cannot get an OAuth token: invalid_client/);
      assert.match(
        message,
        /databricks-cli: `databricks auth token` failed: cache: databricks OAuth is not configured/,
      );
      assert.match(message, /run `databricks auth login --host http:\/\/127\.0\.0\.1:\d+`/);
      assert.ok(!message.includes("wrong-client-secret"));
      assert.ok(!host.stderr.includes("wrong-client-secret"));
    } finally {
      host.stop();
    }
  });
});
