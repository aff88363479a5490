import { strict as assert } from "node:assert";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { inspect } from "node:util";
import { idToken } from "../../emulator/identity";
import { ClientConfigError, UnauthenticatedError } from "../../provider/client";
import {
  ACTIONS_REQUEST_TOKEN,
  ANALYST,
  authClient,
  authEmulator,
  type AuthEmu,
  CLI_TOKENS,
  GITHUB_ISSUER,
  GITHUB_SUBJECT,
  SP_ID,
  SP_SECRET,
} from "../support/auth";
import {
  fakeTools,
  type FakeTools,
  goTime,
  isolatedEnv,
  skipWithoutUnixScripts,
} from "../support/fake-tools";
import { whoAmI } from "./who-am-i";

const HOUR = 3600_000;

describe("credentials: Databricks methods, in-process against the emulator", function () {
  let t: AuthEmu;
  let tools: FakeTools;
  let dir: string;
  before(function () {
    skipWithoutUnixScripts(this);
  });
  beforeEach(async () => {
    t = await authEmulator();
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "genie-auth-"));
    tools = fakeTools({
      databricks: { loggedIn: [], tokens: CLI_TOKENS, expiry: goTime(t.clock.now() + HOUR) },
    });
  });
  afterEach(async () => {
    tools.remove();
    fs.rmSync(dir, { recursive: true, force: true });
    await t.emu.stop();
  });

  const loginCli = (...who: string[]) =>
    tools.set({
      databricks: { loggedIn: who, tokens: CLI_TOKENS, expiry: goTime(t.clock.now() + HOUR) },
    });

  it("pat: a token in the stack config", async () => {
    const dbx = authClient(t, { token: t.emu.token }, isolatedEnv(tools));
    assert.equal(await whoAmI(dbx), "admin@example.com");
    assert.equal(dbx.client.authKind, "pat");
    assert.deepEqual(tools.calls(), [], "a token needs no login tool");
  });

  it("oauth-m2m: client id and secret from the environment", async () => {
    const env = isolatedEnv(tools, {
      DATABRICKS_CLIENT_ID: SP_ID,
      DATABRICKS_CLIENT_SECRET: SP_SECRET,
    });
    const dbx = authClient(t, {}, env);
    assert.equal(await whoAmI(dbx), SP_ID);
    assert.equal(dbx.client.authKind, "oauth-m2m");
  });

  describe("databricks-cli", () => {
    it("a profile written by `databricks auth login` (auth_type = databricks-cli, no token) runs `databricks auth token --profile`", async () => {
      const cfg = path.join(dir, ".databrickscfg");
      fs.writeFileSync(cfg, `[genie]\nhost = ${t.emu.url}\nauth_type = databricks-cli\n`);
      loginCli("genie");
      const env = isolatedEnv(tools, {
        DATABRICKS_CONFIG_FILE: cfg,
        DATABRICKS_CONFIG_PROFILE: "genie",
      });
      const dbx = authClient(t, { host: undefined }, env);
      assert.equal(await whoAmI(dbx), ANALYST);
      assert.equal(dbx.client.authKind, "databricks-cli");
      assert.deepEqual(tools.calls("databricks"), [
        ["databricks", "auth", "token", "--profile", "genie"],
      ]);
    });

    it("with only a host, the chain reaches the CLI and asks for the host's token", async () => {
      loginCli(t.emu.url);
      const dbx = authClient(t, {}, isolatedEnv(tools));
      assert.equal(await whoAmI(dbx), ANALYST);
      assert.deepEqual(tools.calls("databricks"), [
        ["databricks", "auth", "token", "--host", t.emu.url],
      ]);
    });

    it("a CLI older than `auth token --profile` is asked again with --host", async () => {
      tools.set({
        databricks: {
          loggedIn: [t.emu.url],
          tokens: CLI_TOKENS,
          expiry: goTime(t.clock.now() + HOUR),
          noProfileFlag: true,
        },
      });
      const cfg = path.join(dir, "cfg");
      fs.writeFileSync(cfg, `[genie]\nauth_type = databricks-cli\n`);
      const env = isolatedEnv(tools, { DATABRICKS_CONFIG_FILE: cfg });
      const dbx = authClient(t, { profile: "genie" }, env);
      assert.equal(await whoAmI(dbx), ANALYST);
      assert.deepEqual(
        tools.calls("databricks").map((c) => c[3]),
        ["--profile", "--host"],
      );
    });

    it("caches the token, and runs the CLI again a minute before it expires (manual clock)", async () => {
      loginCli(t.emu.url);
      const dbx = authClient(t, { authType: "databricks-cli" }, isolatedEnv(tools));
      await whoAmI(dbx);
      await whoAmI(dbx);
      assert.equal(tools.calls("databricks").length, 1);
      t.clock.advance(HOUR - 61_000);
      await whoAmI(dbx);
      assert.equal(tools.calls("databricks").length, 1, "still more than a minute left");
      t.clock.advance(2_000);
      tools.set({
        databricks: {
          loggedIn: [t.emu.url],
          tokens: CLI_TOKENS,
          expiry: goTime(t.clock.now() + HOUR),
        },
      });
      assert.equal(await whoAmI(dbx), ANALYST);
      assert.equal(tools.calls("databricks").length, 2);
    });

    it("a 401 drops the cached token, and the next request gets a new one from the CLI", async () => {
      const tokens = ["cli-token-revoked", ...CLI_TOKENS];
      tools.set({
        databricks: { loggedIn: [t.emu.url], tokens, expiry: goTime(t.clock.now() + HOUR) },
      });
      const dbx = authClient(t, {}, isolatedEnv(tools));
      await assert.rejects(
        whoAmI(dbx),
        (e: Error) =>
          e instanceof UnauthenticatedError &&
          e.message.includes(
            `[credentials from auth type databricks-cli: Databricks CLI login (databricks auth token --host ${t.emu.url})]`,
          ) &&
          !e.message.includes("cli-token-revoked"),
      );
      assert.equal(await whoAmI(dbx), ANALYST);
      assert.equal(tools.calls("databricks").length, 2);
    });

    it("not logged in, with auth_type chosen: the CLI's own error, naming the login command, and no fallback", async () => {
      const dbx = authClient(
        t,
        { token: t.emu.token, authType: "databricks-cli" },
        isolatedEnv(tools),
      );
      await assert.rejects(
        whoAmI(dbx),
        (e: Error) =>
          e instanceof ClientConfigError &&
          e.message.includes("databricks OAuth is not configured for this host") &&
          e.message.includes(`log in with \`databricks auth login --host ${t.emu.url}\``),
      );
    });
  });

  describe("workload identity federation", () => {
    const jwt = (aud: string) =>
      idToken({ iss: GITHUB_ISSUER, sub: GITHUB_SUBJECT, aud, exp: 4_102_444_800 });

    it("github-oidc: the runner's ID token, asked for the token endpoint as audience, exchanged for a service principal's token", async () => {
      const env = isolatedEnv(tools, {
        ACTIONS_ID_TOKEN_REQUEST_URL: `${t.emu.url}/github-actions/idtoken?api-version=2.0`,
        ACTIONS_ID_TOKEN_REQUEST_TOKEN: ACTIONS_REQUEST_TOKEN,
        DATABRICKS_CLIENT_ID: SP_ID,
      });
      const dbx = authClient(t, {}, env);
      assert.equal(await whoAmI(dbx), SP_ID);
      assert.equal(dbx.client.authKind, "github-oidc");
      const paths = t.emu.requests.map((r) => `${r.method} ${r.path} ${r.status}`);
      assert.deepEqual(paths.slice(0, 2), [
        "GET /github-actions/idtoken 200",
        "POST /oidc/v1/token 200",
      ]);
    });

    it("env-oidc: DATABRICKS_OIDC_TOKEN, with no client id (account-wide federation)", async () => {
      const env = isolatedEnv(tools, {
        DATABRICKS_OIDC_TOKEN: jwt(`${t.emu.url}/oidc/v1/token`),
      });
      const dbx = authClient(t, {}, env);
      assert.equal(await whoAmI(dbx), SP_ID);
      assert.equal(dbx.client.authKind, "env-oidc");
    });

    it("env-oidc: another variable named by oidc_token_env, chosen with auth_type next to a client id", async () => {
      const env = isolatedEnv(tools, {
        CI_ID_TOKEN: jwt(`${t.emu.url}/oidc/v1/token`),
        DATABRICKS_OIDC_TOKEN_ENV: "CI_ID_TOKEN",
        DATABRICKS_CLIENT_ID: SP_ID,
        DATABRICKS_AUTH_TYPE: "env-oidc",
      });
      assert.equal(await whoAmI(authClient(t, {}, env)), SP_ID);
    });

    it("file-oidc: the token file is read again at each refresh", async () => {
      const file = path.join(dir, "id-token");
      fs.writeFileSync(file, jwt(`${t.emu.url}/oidc/v1/token`) + "\n");
      const env = isolatedEnv(tools, { DATABRICKS_OIDC_TOKEN_FILEPATH: file });
      const dbx = authClient(t, {}, env);
      assert.equal(await whoAmI(dbx), SP_ID);
      fs.writeFileSync(file, jwt("https://someone-else.example"));
      t.clock.advance(HOUR);
      await assert.rejects(
        whoAmI(dbx),
        /audience 'https:\/\/someone-else\.example' is not accepted/,
      );
    });

    it("an ID token for another audience is refused, and the ID token never appears in the error", async () => {
      const token = jwt("https://elsewhere.example");
      const env = isolatedEnv(tools, { DATABRICKS_OIDC_TOKEN: token });
      await assert.rejects(
        whoAmI(authClient(t, { authType: "env-oidc" }, env)),
        (e: Error) => /invalid_grant/.test(e.message) && !e.message.includes(token),
      );
    });
  });

  describe("choosing and failing", () => {
    it("an explicit auth_type wins over a token that would work", async () => {
      loginCli(t.emu.url);
      const dbx = authClient(
        t,
        { token: t.emu.token, authType: "databricks-cli" },
        isolatedEnv(tools),
      );
      assert.equal(await whoAmI(dbx), ANALYST);
    });

    it("when nothing works, the error lists every method tried and why, names the login command, and carries no secret", async () => {
      const env = isolatedEnv(undefined, {
        DATABRICKS_CLIENT_ID: SP_ID,
        DATABRICKS_CLIENT_SECRET: "not-the-secret",
      });
      const logs: string[] = [];
      const dbx = authClient(t, {}, env, logs);
      await assert.rejects(whoAmI(dbx), (e: Error) => {
        assert.ok(e instanceof ClientConfigError);
        const lines = e.message.split("\n");
        assert.equal(
          lines[0],
          `no Databricks credentials work for ${t.emu.url}. Tried, in the order the Databricks SDKs use:`,
        );
        assert.deepEqual(
          lines.slice(1, 10).map((l) => l.replace(/^ {2}- ([a-z0-9-]+):.*$/, "$1")),
          [
            "pat",
            "oauth-m2m",
            "databricks-cli",
            "github-oidc",
            "env-oidc",
            "file-oidc",
            "azure-msi",
            "azure-client-secret",
            "azure-cli",
          ],
        );
        assert.match(lines[2] ?? "", /oauth-m2m: cannot get an OAuth token: invalid_client/);
        assert.match(
          lines[3] ?? "",
          /databricks-cli: the Databricks CLI \(databricks\) is not on PATH/,
        );
        assert.match(e.message, new RegExp(`run \`databricks auth login --host ${t.emu.url}\``));
        assert.ok(!e.message.includes("not-the-secret"));
        return true;
      });
      assert.ok(!logs.join("\n").includes("not-the-secret"));
    });

    it("an unknown auth_type names the ones there are; one the SDKs know but this package does not says so", async () => {
      const env = isolatedEnv(tools);
      await assert.rejects(
        whoAmI(authClient(t, { authType: "magic" }, env)),
        /unknown auth type 'magic' \(Pulumi config databricks:authType\); use one of: pat, oauth-m2m, databricks-cli/,
      );
      await assert.rejects(
        whoAmI(authClient(t, { authType: "google-id" }, env)),
        /google-id .* pulumi-databricks-genie does not implement/,
      );
    });

    it("printing the client shows the method found and where it came from, never a token", async () => {
      loginCli(t.emu.url);
      const dbx = authClient(t, {}, isolatedEnv(tools));
      assert.match(inspect(dbx.client), /"auth":"default"/);
      await whoAmI(dbx);
      const shown = inspect(dbx.client) + JSON.stringify(dbx.client);
      assert.match(shown, /"auth":"databricks-cli"/);
      for (const token of CLI_TOKENS) assert.ok(!shown.includes(token));
    });
  });
});
