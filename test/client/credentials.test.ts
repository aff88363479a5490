import { strict as assert } from "node:assert";
import { ClientConfigError, normalizeHost, resolveCredentials } from "../../provider/client";

const CFG = "/home/u/.databrickscfg";
const INI = `
; profiles
[DEFAULT]
host = https://default.cloud.databricks.com
token = profile-default-token

[prod]
host = prod.cloud.databricks.com/
client_id = prod-client
client_secret = prod-secret
`;

const sources = (
  env: Record<string, string> = {},
  files: Record<string, string> = { [CFG]: INI },
) => ({
  env,
  readFile: (f: string) => files[f],
  homeDir: "/home/u",
});

describe("client: credential sources and their order", () => {
  it("takes host and token from the settings handed in by the provider first", () => {
    const c = resolveCredentials(
      { host: "https://a.cloud.databricks.com", token: "t-settings" },
      sources({ DATABRICKS_HOST: "https://env", DATABRICKS_TOKEN: "t-env" }),
    );
    assert.equal(c.host, "https://a.cloud.databricks.com");
    assert.deepEqual(c.auth, { kind: "pat", token: "t-settings" });
    assert.match(c.source, /^Pulumi config/);
  });

  it("falls back to DATABRICKS_HOST and DATABRICKS_TOKEN", () => {
    const c = resolveCredentials(
      {},
      sources({ DATABRICKS_HOST: "env.cloud.databricks.com", DATABRICKS_TOKEN: "t-env" }),
    );
    assert.equal(c.host, "https://env.cloud.databricks.com");
    assert.deepEqual(c.auth, { kind: "pat", token: "t-env" });
    assert.match(c.source, /^environment/);
  });

  it("falls back to the DEFAULT profile of ~/.databrickscfg", () => {
    const c = resolveCredentials({}, sources());
    assert.equal(c.host, "https://default.cloud.databricks.com");
    assert.deepEqual(c.auth, { kind: "pat", token: "profile-default-token" });
    assert.equal(c.source, `profile DEFAULT of ${CFG}, personal access token`);
  });

  it("reads the profile named by databricks:profile, with OAuth client credentials", () => {
    const c = resolveCredentials({ profile: "prod" }, sources());
    assert.equal(c.host, "https://prod.cloud.databricks.com");
    assert.deepEqual(c.auth, {
      kind: "oauth-m2m",
      clientId: "prod-client",
      clientSecret: "prod-secret",
    });
  });

  it("reads the profile named by DATABRICKS_CONFIG_PROFILE from DATABRICKS_CONFIG_FILE", () => {
    const c = resolveCredentials(
      {},
      sources(
        { DATABRICKS_CONFIG_PROFILE: "prod", DATABRICKS_CONFIG_FILE: "/etc/dbx.cfg" },
        { "/etc/dbx.cfg": INI },
      ),
    );
    assert.equal(c.auth.kind, "oauth-m2m");
  });

  it("uses DATABRICKS_CLIENT_ID and DATABRICKS_CLIENT_SECRET for OAuth machine-to-machine", () => {
    const c = resolveCredentials(
      {},
      sources(
        {
          DATABRICKS_HOST: "h.cloud.databricks.com",
          DATABRICKS_CLIENT_ID: "id",
          DATABRICKS_CLIENT_SECRET: "s",
        },
        {},
      ),
    );
    assert.deepEqual(c.auth, { kind: "oauth-m2m", clientId: "id", clientSecret: "s" });
  });

  it("takes the host and the credential each from the first source that has one", () => {
    const c = resolveCredentials(
      { token: "t-settings" },
      sources({ DATABRICKS_HOST: "env.cloud.databricks.com" }),
    );
    assert.equal(c.host, "https://env.cloud.databricks.com");
    assert.deepEqual(c.auth, { kind: "pat", token: "t-settings" });
  });

  it("prefers a token over client credentials from the same source", () => {
    const c = resolveCredentials(
      { host: "h.cloud.databricks.com", token: "t", clientId: "id", clientSecret: "s" },
      sources({}, {}),
    );
    assert.equal(c.auth.kind, "pat");
  });

  it("says which sources it looked in when there is no credential", () => {
    assert.throws(
      () => resolveCredentials({ host: "h.cloud.databricks.com" }, sources({}, {})),
      (e: Error) =>
        e instanceof ClientConfigError &&
        /no Databricks credentials.*looked in: Pulumi config.*environment/.test(e.message),
    );
  });

  it("says how to set a host when there is none", () => {
    assert.throws(
      () => resolveCredentials({}, sources({}, {})),
      /no Databricks host: set databricks:host/,
    );
  });

  it("refuses a client id without a secret", () => {
    assert.throws(
      () => resolveCredentials({ host: "h.cloud.databricks.com", clientId: "id" }, sources({}, {})),
      /client id but no client secret/,
    );
  });

  it("refuses a profile that is not in the file, naming the ones that are", () => {
    assert.throws(
      () => resolveCredentials({ profile: "staging" }, sources()),
      /profile 'staging' is not in .* \(profiles there: DEFAULT, prod\)/,
    );
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
});
