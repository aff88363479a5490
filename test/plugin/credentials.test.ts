import { strict as assert } from "node:assert";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { systemClock } from "../../emulator";
import { authSeed, SP_ID, SP_SECRET } from "../support/auth";
import { emulator, WAREHOUSE } from "../support/emulator";
import { isolatedEnv } from "../support/fake-tools";
import { type Props, secret } from "../support/host";
import { PluginClient, SPACE_TYPE } from "../support/plugin";
import { PluginEngine } from "../support/plugin-engine";

const SPACE: Props = {
  title: "Credentials",
  warehouseId: WAREHOUSE,
  space: { tables: ["dev.sales.orders"] },
};

/**
 * The plugin takes credentials as the dynamic resources do (provider/resources/context.ts and
 * the client's chain): `genie:<key>` stands for `databricks:<key>`, then the environment, then a
 * profile; the same errors, naming the plugin's own keys; no secret in answers, state or logs.
 */
describe("credentials of the genie plugin: the resources' chain under genie: keys", function () {
  this.timeout(60_000);
  let t: Awaited<ReturnType<typeof emulator>>;
  let dir: string;
  before(async () => {
    t = await emulator({ seed: authSeed(), clock: systemClock });
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "genie-plugin-creds-"));
  });
  after(async () => {
    fs.rmSync(dir, { recursive: true, force: true });
    await t?.emu.stop();
  });

  /** A plugin in a clean environment, configured with `config`; up, refresh, destroy of a space. */
  async function lifecycle(config: Props, env: Record<string, string> = {}) {
    const plugin = await PluginClient.start({ env: isolatedEnv(undefined, env) });
    try {
      await plugin.configure(config);
      const engine = new PluginEngine(plugin);
      await engine.up("creds", SPACE);
      const created = String(engine.stored("creds").outputs["parentPath"]);
      assert.equal(await engine.refresh("creds"), "same");
      const state = JSON.stringify([...engine.state.values()]);
      await engine.destroy("creds");
      return { created, state, logs: plugin.stdout + plugin.stderr, stdout: plugin.stdout };
    } finally {
      plugin.stop();
    }
  }

  it("oauth-m2m from genie:clientId and the secret genie:clientSecret; the secret is nowhere", async () => {
    const run = await lifecycle({
      host: t.emu.url,
      clientId: SP_ID,
      clientSecret: secret(SP_SECRET),
    });
    assert.equal(run.created, `/Users/${SP_ID}`);
    assert.ok(!run.state.includes(SP_SECRET) && !run.logs.includes(SP_SECRET));
    assert.match(run.stdout, /^\d+\n$/, "stdout holds the port and nothing else");
  });

  it("with no config, the environment (DATABRICKS_HOST, DATABRICKS_TOKEN), as for the dynamic resources", async () => {
    const run = await lifecycle({}, { DATABRICKS_HOST: t.emu.url, DATABRICKS_TOKEN: t.emu.token });
    assert.match(run.created, /^\/Users\//);
  });

  it("a profile of ~/.databrickscfg named by genie:profile", async () => {
    const cfg = path.join(dir, "cfg");
    fs.writeFileSync(
      cfg,
      `[genie]\nhost = ${t.emu.url}\nclient_id = ${SP_ID}\nclient_secret = ${SP_SECRET}\n`,
    );
    const run = await lifecycle({ profile: "genie" }, { DATABRICKS_CONFIG_FILE: cfg });
    assert.equal(run.created, `/Users/${SP_ID}`);
  });

  it("a host that is not a URL is named by the plugin's own key, genie:host", async () => {
    const plugin = await PluginClient.start({ env: isolatedEnv(undefined) });
    try {
      await plugin.configure({ host: "not a url", token: secret("t0k3n-not-to-show") });
      await assert.rejects(plugin.create(SPACE_TYPE, "h", SPACE), (e: Error) => {
        assert.match(e.message, /Pulumi config genie:host/);
        assert.ok(!e.message.includes("t0k3n-not-to-show"));
        return true;
      });
    } finally {
      plugin.stop();
    }
  });

  it("nothing works: the chain's error, with what was tried, and no secret", async () => {
    const plugin = await PluginClient.start({ env: isolatedEnv(undefined) });
    try {
      await plugin.configure({
        host: t.emu.url,
        clientId: SP_ID,
        clientSecret: secret("wrong-client-secret"),
      });
      await assert.rejects(plugin.create(SPACE_TYPE, "n", SPACE), (e: Error) => {
        assert.match(e.message, /no Databricks credentials work for http:\/\/127\.0\.0\.1:\d+/);
        assert.match(e.message, /oauth-m2m: cannot get an OAuth token: invalid_client/);
        assert.ok(!e.message.includes("wrong-client-secret"));
        assert.doesNotMatch(e.message, /\n\s+at .+:\d+:\d+/);
        return true;
      });
      assert.ok(!(plugin.stdout + plugin.stderr).includes("wrong-client-secret"));
    } finally {
      plugin.stop();
    }
  });

  it("a server error that repeats the request's headers is redacted before it reaches the engine", async () => {
    const plugin = await PluginClient.start({ env: isolatedEnv(undefined) });
    try {
      await plugin.configure({
        host: t.emu.url,
        token: secret(t.emu.token),
        retryMaxElapsedMs: "50",
        retryBaseDelayMs: "1",
      });
      t.emu.addFault({
        kind: "status",
        status: 500,
        echoHeaders: true,
        path: "/api/2.0/genie/spaces",
        count: 50,
      });
      await assert.rejects(plugin.create(SPACE_TYPE, "r", SPACE), (e: Error) => {
        assert.match(e.message, /500|INTERNAL_ERROR/);
        assert.ok(!e.message.includes(t.emu.token), "the token is in the error");
        return true;
      });
    } finally {
      t.emu.clearFaults();
      plugin.stop();
    }
  });

  it("CheckConfig refuses a time budget that is not milliseconds, under its key; credentials are checked at their first use", async () => {
    const plugin = await PluginClient.start();
    try {
      const c = await plugin.checkConfig({ timeoutMs: "soon", token: secret("x") });
      assert.deepEqual(
        c.failures.map((f) => f.property),
        ["timeoutMs"],
      );
      assert.match(c.failures[0]?.reason ?? "", /genie:timeoutMs must be a number of milliseconds/);
      assert.deepEqual((await plugin.checkConfig({ timeoutMs: "30000" })).failures, []);
    } finally {
      plugin.stop();
    }
  });
});
