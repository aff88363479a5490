import { strict as assert } from "node:assert";
import { emulator } from "../support/emulator";

/**
 * Routes the official SDKs call that the package itself does not (found by the conformance tier,
 * test/conformance/): pinned here too, so they hold where Python is absent.
 */
describe("emulator: what the official SDKs call besides the package's own requests", () => {
  let t: Awaited<ReturnType<typeof emulator>>;
  before(async () => (t = await emulator()));
  after(() => t.emu.stop());

  it("OIDC discovery: /oidc/.well-known/oauth-authorization-server names the token endpoint, which takes client credentials", async () => {
    const meta = await t.call("GET", "/.well-known/databricks-config", undefined, null);
    const oidc = String(meta.body["oidc_endpoint"]);
    const res = await fetch(`${oidc}/.well-known/oauth-authorization-server`);
    assert.equal(res.status, 200);
    const doc = (await res.json()) as Record<string, unknown>;
    assert.equal(doc["token_endpoint"], `${t.emu.url}/oidc/v1/token`);
    assert.equal(doc["authorization_endpoint"], `${t.emu.url}/oidc/v1/authorize`);
    const token = await fetch(String(doc["token_endpoint"]), {
      method: "POST",
      headers: {
        "content-type": "application/x-www-form-urlencoded",
        authorization: `Basic ${Buffer.from("00000000-0000-4000-8000-00000000c1c0:emulator-secret-ci-deployer").toString("base64")}`,
      },
      body: "grant_type=client_credentials&scope=all-apis",
    });
    assert.equal(token.status, 200);
  });

  it("permission levels of a space: GET /api/2.0/permissions/genie/{id}/permissionLevels", async () => {
    const id = String((await t.createSpace())["space_id"]);
    const res = await t.call("GET", `/api/2.0/permissions/genie/${id}/permissionLevels`);
    assert.equal(res.status, 200);
    assert.deepEqual(
      (res.body["permission_levels"] as { permission_level: string }[]).map(
        (l) => l.permission_level,
      ),
      ["CAN_READ", "CAN_RUN", "CAN_EDIT", "CAN_MANAGE"],
    );
    assert.equal(
      (await t.call("GET", `/api/2.0/permissions/genie/${"0".repeat(32)}/permissionLevels`)).status,
      404,
    );
  });

  it("functions of a schema: GET /api/2.1/unity-catalog/functions?catalog_name=&schema_name=", async () => {
    const res = await t.call(
      "GET",
      "/api/2.1/unity-catalog/functions?catalog_name=dev&schema_name=sales",
    );
    assert.deepEqual(
      (res.body["functions"] as { full_name: string }[]).map((f) => f.full_name),
      ["dev.sales.fiscal_quarter"],
    );
    assert.equal(
      (await t.call("GET", "/api/2.1/unity-catalog/functions?catalog_name=dev")).status,
      400,
    );
    assert.equal(
      (await t.call("GET", "/api/2.1/unity-catalog/functions?catalog_name=dev&schema_name=nope"))
        .status,
      404,
    );
  });
});
