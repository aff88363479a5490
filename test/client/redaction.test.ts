import { strict as assert } from "node:assert";
import { inspect } from "node:util";
import {
  basicAuthForms,
  databricks,
  type DatabricksError,
  redact,
  secretForms,
} from "../../provider/client";
import { emulator } from "../support/emulator";

const SP_ID = "00000000-0000-4000-8000-00000000c1c0";
const SP_SECRET = "emulator-secret-ci-deployer";

/** Every way an error can be shown: message, stack, inspect, JSON, own fields. */
const render = (e: unknown) =>
  [
    String(e),
    (e as Error).stack ?? "",
    inspect(e, { depth: 10, showHidden: true }),
    JSON.stringify(e),
    JSON.stringify({ ...(e as object) }),
  ].join("\n");

describe("client: redaction covers every form a secret takes in transit", () => {
  it("redact replaces a secret in any letter case, URL- or form-encoded, JSON-escaped, base64 or base64url", () => {
    const secret = "dapi+Secret/Token=42 x";
    const b64 = Buffer.from(secret).toString("base64");
    const text = [
      secret,
      secret.toLowerCase(),
      secret.toUpperCase(),
      encodeURIComponent(secret),
      encodeURIComponent(secret).replace(/%20/g, "+"),
      b64,
      b64.replace(/=+$/, ""),
      Buffer.from(secret).toString("base64url"),
    ].join(" | ");
    const out = redact(text, secretForms(secret));
    assert.equal(out, Array(8).fill("***").join(" | "));
  });

  it("redact replaces HTTP Basic client credentials: base64 of id:secret, and URL-encoded", () => {
    const b64 = Buffer.from(`${SP_ID}:${SP_SECRET}`).toString("base64");
    const out = redact(
      `Basic ${b64} / Basic ${encodeURIComponent(b64)}`,
      basicAuthForms(SP_ID, SP_SECRET),
    );
    assert.equal(out, "Basic *** / Basic ***");
  });

  it("an API error whose server echoes the request headers carries no token anywhere (the error path scrubs)", async () => {
    const t = await emulator();
    try {
      const dbx = databricks({
        credentials: { host: t.emu.url, auth: { kind: "pat", token: t.emu.token }, source: "s" },
        retry: { maxElapsedMs: 0 },
      });
      t.emu.addFault({
        kind: "status",
        status: 502,
        path: "/api/2.0/genie/spaces",
        echoHeaders: true,
      });
      const e = await dbx.genie
        .list()
        .next()
        .then(
          () => assert.fail("no error"),
          (err: unknown) => err as DatabricksError,
        );
      assert.match(e.apiMessage, /request headers/, "the server did echo them");
      assert.match(e.apiMessage, /Bearer \*\*\*/);
      assert.ok(!render(e).toLowerCase().includes(t.emu.token.toLowerCase()), render(e));
    } finally {
      await t.emu.stop();
    }
  });

  it("an OAuth token request whose server echoes the headers shows neither the client secret nor base64(id:secret)", async () => {
    const t = await emulator();
    try {
      const dbx = databricks({
        credentials: {
          host: t.emu.url,
          auth: { kind: "oauth-m2m", clientId: SP_ID, clientSecret: SP_SECRET },
          source: "s",
        },
        retry: { maxElapsedMs: 0 },
      });
      t.emu.addFault({ kind: "status", status: 500, path: "/oidc/v1/token", echoHeaders: true });
      const e = await dbx.genie.get("x").then(
        () => assert.fail("no error"),
        (err: unknown) => err,
      );
      const text = render(e);
      assert.match(text, /request headers/);
      assert.ok(!text.includes(SP_SECRET), text);
      assert.ok(!text.includes(Buffer.from(`${SP_ID}:${SP_SECRET}`).toString("base64")), text);
    } finally {
      await t.emu.stop();
    }
  });
});
