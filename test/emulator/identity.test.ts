import { strict as assert } from "node:assert";
import { idToken } from "../../emulator/identity";
import {
  ACTIONS_REQUEST_TOKEN,
  authEmulator,
  type AuthEmu,
  GITHUB_ISSUER,
  GITHUB_SUBJECT,
  SP_ID,
} from "../support/auth";

const exchange = (t: AuthEmu, subject: string, clientId?: string) =>
  fetch(`${t.emu.url}/oidc/v1/token`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({
      grant_type: "urn:ietf:params:oauth:grant-type:token-exchange",
      subject_token_type: "urn:ietf:params:oauth:token-type:jwt",
      subject_token: subject,
      scope: "all-apis",
      ...(clientId === undefined ? {} : { client_id: clientId }),
    }).toString(),
  });

describe("emulator: identity stand-ins (Azure AD, IMDS, GitHub Actions, token exchange)", () => {
  let t: AuthEmu;
  beforeEach(async () => (t = await authEmulator()));
  afterEach(() => t.emu.stop());

  it("IMDS answers 400 without the Metadata header, as the real one does", async () => {
    const res = await fetch(`${t.emu.url}/metadata/identity/oauth2/token?resource=x`);
    assert.equal(res.status, 400);
    assert.match(JSON.stringify(await res.json()), /Required metadata header not specified/);
  });

  it("GitHub's ID token service needs the request token, and signs the audience asked for", async () => {
    const url = `${t.emu.url}/github-actions/idtoken?api-version=2.0&audience=aud-x`;
    assert.equal((await fetch(url)).status, 401);
    const res = await fetch(url, { headers: { authorization: `Bearer ${ACTIONS_REQUEST_TOKEN}` } });
    const value = ((await res.json()) as { value: string }).value;
    const claims = JSON.parse(Buffer.from(value.split(".")[1] ?? "", "base64url").toString());
    assert.deepEqual(
      [claims.iss, claims.sub, claims.aud],
      [GITHUB_ISSUER, GITHUB_SUBJECT, "aud-x"],
    );
  });

  it("the token exchange takes an ID token of a federation policy, for its service principal only", async () => {
    const jwt = (claims: Record<string, unknown>) =>
      idToken({
        iss: GITHUB_ISSUER,
        sub: GITHUB_SUBJECT,
        aud: `${t.emu.url}/oidc/v1/token`,
        ...claims,
      });
    assert.equal((await exchange(t, jwt({}), SP_ID)).status, 200);
    assert.equal((await exchange(t, jwt({}), "00000000-0000-4000-8000-0000000000ff")).status, 401);
    assert.equal(
      (await exchange(t, jwt({ sub: "repo:other/repo:ref:refs/heads/main" }))).status,
      400,
    );
    const expired = jwt({ exp: Math.floor(t.clock.now() / 1000) - 1 });
    assert.match(JSON.stringify(await (await exchange(t, expired)).json()), /has expired/);
  });

  it("a token issued by the exchange expires with the emulator's clock", async () => {
    const res = await exchange(
      t,
      idToken({ iss: GITHUB_ISSUER, sub: GITHUB_SUBJECT, aud: `${t.emu.url}/oidc/v1/token` }),
    );
    const { access_token: token } = (await res.json()) as { access_token: string };
    assert.equal((await t.call("GET", "/api/2.0/genie/spaces", undefined, token)).status, 200);
    t.clock.advance(3600_000);
    assert.equal((await t.call("GET", "/api/2.0/genie/spaces", undefined, token)).status, 401);
  });
});
