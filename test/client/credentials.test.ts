import { strict as assert } from "node:assert";
import {
  ClientConfigError,
  type CredentialSources,
  normalizeHost,
  parseIni,
  resolveAuthConfig,
} from "../../provider/client";
import { CHAIN } from "../../provider/client/auth/chain";
import { parseExpiry, refreshAt } from "../../provider/client/auth/token";

const CFG = "/home/u/.databrickscfg";
const INI = `
; profiles
[DEFAULT]
host = https://default.cloud.databricks.com
token = profile-default-token

[prod]
host = prod.cloud.databricks.com/
client_id = prod-client
client_secret = prod#secret ; a comment

[login]
host = https://adb-1.2.azuredatabricks.net
auth_type = databricks-cli
`;

const sources = (
  env: Record<string, string> = {},
  files: Record<string, string> = { [CFG]: INI },
): CredentialSources => ({ env, readFile: (f: string) => files[f], homeDir: "/home/u" });

describe("client: where each credential setting is read from", () => {
  it("takes a setting from the stack config before the environment", () => {
    const c = resolveAuthConfig(
      { host: "https://a.cloud.databricks.com", token: "t-settings" },
      sources({ DATABRICKS_HOST: "https://env", DATABRICKS_TOKEN: "t-env" }),
    );
    assert.equal(c.host, "https://a.cloud.databricks.com");
    assert.equal(c.values.token, "t-settings");
    assert.equal(c.origin.token, "Pulumi config databricks:token");
  });

  it("takes each setting on its own: the host from one source, the token from another", () => {
    const c = resolveAuthConfig(
      { token: "t-settings" },
      sources({ DATABRICKS_HOST: "env.cloud.databricks.com" }),
    );
    assert.equal(c.host, "https://env.cloud.databricks.com");
    assert.equal(c.origin.host, "environment DATABRICKS_HOST");
    assert.equal(c.values.token, "t-settings");
  });

  it("reads the DEFAULT profile of ~/.databrickscfg when nothing else is set", () => {
    const c = resolveAuthConfig({}, sources());
    assert.equal(c.host, "https://default.cloud.databricks.com");
    assert.equal(c.values.token, "profile-default-token");
    assert.equal(c.origin.token, `profile DEFAULT of ${CFG}`);
    assert.equal(c.profile, "DEFAULT");
  });

  it("does not read the DEFAULT profile once a host is set elsewhere (the SDKs' rule)", () => {
    const c = resolveAuthConfig({ host: "https://h.cloud.databricks.com" }, sources());
    assert.equal(c.values.token, undefined);
    assert.equal(c.profile, undefined);
    assert.match(c.fileNote ?? "", /was not read: a host or credential was already set/);
  });

  it("reads a named profile even when a host is set, filling only what is unset", () => {
    const c = resolveAuthConfig(
      { host: "https://mine.cloud.databricks.com", profile: "prod" },
      sources(),
    );
    assert.equal(c.host, "https://mine.cloud.databricks.com");
    assert.equal(c.values.clientId, "prod-client");
    assert.equal(c.values.clientSecret, "prod#secret", "a # with no space before it is kept");
  });

  it("reads the profile named by DATABRICKS_CONFIG_PROFILE from DATABRICKS_CONFIG_FILE", () => {
    const c = resolveAuthConfig(
      {},
      sources(
        { DATABRICKS_CONFIG_PROFILE: "prod", DATABRICKS_CONFIG_FILE: "/etc/dbx.cfg" },
        { "/etc/dbx.cfg": INI },
      ),
    );
    assert.equal(c.values.clientId, "prod-client");
    assert.equal(c.origin.clientId, "profile prod of /etc/dbx.cfg");
  });

  it("follows [__settings__] default_profile, which `databricks auth switch` writes", () => {
    const c = resolveAuthConfig(
      {},
      sources({}, { [CFG]: `${INI}\n[__settings__]\ndefault_profile = login\n` }),
    );
    assert.equal(c.profile, "login");
    assert.equal(c.values.authType, "databricks-cli");
  });

  it("reads auth_type from a profile written by `databricks auth login`", () => {
    const c = resolveAuthConfig({ profile: "login" }, sources());
    assert.equal(c.values.authType, "databricks-cli");
    assert.equal(c.values.token, undefined);
  });

  it("reads Azure and workload identity settings under the SDKs' variable names", () => {
    const c = resolveAuthConfig(
      {},
      sources(
        {
          DATABRICKS_HOST: "adb-1.2.azuredatabricks.net",
          ARM_CLIENT_ID: "app",
          ARM_CLIENT_SECRET: "azure-secret",
          ARM_TENANT_ID: "tenant",
          ARM_USE_MSI: "false",
          DATABRICKS_AUTH_TYPE: "azure-client-secret",
          DATABRICKS_OIDC_TOKEN_FILEPATH: "/var/run/token",
          ACTIONS_ID_TOKEN_REQUEST_TOKEN: "request-token",
        },
        {},
      ),
    );
    assert.deepEqual(
      {
        id: c.values.azureClientId,
        tenant: c.values.azureTenantId,
        msi: c.values.azureUseMsi,
        type: c.values.authType,
        file: c.values.databricksIdTokenFilepath,
      },
      {
        id: "app",
        tenant: "tenant",
        msi: undefined,
        type: "azure-client-secret",
        file: "/var/run/token",
      },
    );
    assert.deepEqual([...c.secrets].sort(), ["azure-secret", "request-token"]);
  });

  it("refuses settings of two methods with no auth_type, naming where each came from, never a value", () => {
    assert.throws(
      () =>
        resolveAuthConfig(
          { host: "h.cloud.databricks.com", token: "t-secret-value" },
          sources({ DATABRICKS_CLIENT_ID: "id", DATABRICKS_CLIENT_SECRET: "s-secret-value" }, {}),
        ),
      (e: Error) =>
        e instanceof ClientConfigError &&
        /more than one authorization method configured \(oauth: client_id \(environment DATABRICKS_CLIENT_ID\), client_secret \(environment DATABRICKS_CLIENT_SECRET\); pat: token \(Pulumi config databricks:token\)\)/.test(
          e.message,
        ) &&
        /databricks:authType/.test(e.message) &&
        !/secret-value/.test(e.message),
    );
  });

  it("accepts settings of two methods when auth_type chooses one", () => {
    const c = resolveAuthConfig(
      { host: "h.cloud.databricks.com", token: "t", authType: "oauth-m2m" },
      sources({ DATABRICKS_CLIENT_ID: "id", DATABRICKS_CLIENT_SECRET: "s" }, {}),
    );
    assert.equal(c.values.authType, "oauth-m2m");
  });

  it("says how to set a host when there is none", () => {
    assert.throws(
      () => resolveAuthConfig({}, sources({}, {})),
      /no Databricks host: set it \(databricks:host, DATABRICKS_HOST, host in a profile/,
    );
  });

  it("refuses a profile that is not in the file, naming the ones that are", () => {
    assert.throws(
      () => resolveAuthConfig({ profile: "staging" }, sources()),
      /profile 'staging' is not in .* \(profiles there: DEFAULT, prod, login\)/,
    );
  });

  it("refuses a named profile when the file cannot be read", () => {
    assert.throws(
      () => resolveAuthConfig({ profile: "prod" }, sources({}, {})),
      /profile 'prod' was asked for, but \/home\/u\/\.databrickscfg cannot be read/,
    );
  });

  it("parses INI sections, keys in lower case, and skips comment lines", () => {
    assert.deepEqual(parseIni("# c\n[a]\nKey = v ; note\n;x=y\n"), { a: { key: "v" } });
  });
});

describe("client: the chain of methods", () => {
  it("tries the methods in the Databricks SDKs' order, under their names", () => {
    assert.deepEqual(
      CHAIN.map((m) => m.name),
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
  });
});

describe("client: token expiry", () => {
  it("reads the Databricks CLI's RFC 3339 expiry with nanoseconds", () => {
    assert.equal(
      parseExpiry("2026-03-20T10:30:00.123456789+01:00"),
      Date.UTC(2026, 2, 20, 9, 30, 0, 123),
    );
  });

  it("reads epoch seconds as a number or a string (Azure AD, IMDS, az 2.54+)", () => {
    assert.equal(parseExpiry(1_700_000_000), 1_700_000_000_000);
    assert.equal(parseExpiry("1700000000"), 1_700_000_000_000);
  });

  it("reads az's local `expiresOn` with no zone as local time", () => {
    assert.equal(
      parseExpiry("2026-03-20 10:30:00.443545"),
      new Date(2026, 2, 20, 10, 30, 0, 443).getTime(),
    );
  });

  it("refreshes a minute early, or at 90% of a short life, and never for a token without expiry", () => {
    assert.equal(refreshAt(0, 3600_000), 3540_000);
    assert.equal(refreshAt(0, 30_000), 27_000);
    assert.equal(refreshAt(0, undefined), Number.POSITIVE_INFINITY);
  });
});

describe("client: host normalization", () => {
  it("adds https:// and drops trailing slashes", () => {
    assert.equal(
      normalizeHost("adb-1.2.azuredatabricks.net/", "test"),
      "https://adb-1.2.azuredatabricks.net",
    );
  });

  it("refuses plain http:// to a remote host, saying why", () => {
    assert.throws(
      () => normalizeHost("http://adb-1.2.azuredatabricks.net", "environment"),
      /refusing plain http:\/\/ for adb-1\.2\.azuredatabricks\.net \(from environment\): the token would cross the network unencrypted/,
    );
  });

  it("allows plain http:// on loopback addresses (the emulator)", () => {
    for (const h of ["http://127.0.0.1:8787", "http://localhost:1", "http://[::1]:2"])
      assert.equal(normalizeHost(h, "t"), h);
  });

  it("refuses what is not a URL", () => {
    assert.throws(() => normalizeHost("https://exa mple", "t"), /is not a URL/);
  });

  it("never echoes a host it refuses: what was pasted there may be a token", () => {
    for (const raw of ["https://adb-1 dapi0123456789abcdef", "ftp://dapi0123456789abcdef"])
      assert.throws(
        () => normalizeHost(raw, "t"),
        (e: Error) => !e.message.includes("dapi0123456789abcdef") && /not shown/.test(e.message),
      );
  });

  it("refuses a token pasted into the host field, without showing it, instead of using it as a host name", () => {
    const token = "dapi0123456789abcdef0123456789abcdef";
    for (const raw of [token, `https://${token}/`, `${token}-2`])
      assert.throws(
        () => normalizeHost(raw, "databricks:host"),
        (e: Error) => !e.message.includes(token) && /looks like an access token/.test(e.message),
      );
    assert.equal(normalizeHost("dapi-docs.example.com", "t"), "https://dapi-docs.example.com");
  });
});
