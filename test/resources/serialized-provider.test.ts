import { strict as assert } from "node:assert";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import type { GenieSpaceArgs } from "../../provider";
import { declare } from "../support/declare";
import { WAREHOUSE } from "../support/emulator";
import { type Stack, stack } from "../support/stack";

/** The `__provider` string a GenieSpace of the first release (0.1.0) wrote into state. */
const FIRST_RELEASE = fs.readFileSync(
  path.join(__dirname, "..", "fixtures", "provider", "genie-space.v0.1.0.txt"),
  "utf8",
);

const args: GenieSpaceArgs = {
  title: "Compat",
  warehouseId: WAREHOUSE,
  space: { tables: ["dev.sales.orders"], instructions: "Amounts in EUR." },
};

describe("the serialized provider (__provider)", function () {
  this.timeout(60_000);
  let s: Stack;
  before(async () => (s = await stack()));
  after(() => s.stop());

  it("contains no absolute path, no credential and no host name, and is under 4 KB", async () => {
    const text = String((await declare("contents", args))["__provider"]);
    assert.ok(Buffer.byteLength(text) < 4096, `${Buffer.byteLength(text)} bytes`);
    for (const banned of [
      path.join(__dirname, "..", ".."),
      os.homedir(),
      os.tmpdir(),
      s.emu.url,
      s.emu.token,
      "127.0.0.1",
      "databricks:token",
    ]) {
      assert.ok(!text.includes(banned), `contains ${banned}`);
    }
    assert.ok(!/["'`]\/(?:work|home|root|Users|tmp)\//.test(text), "no absolute path literal");
    assert.match(text, /require\("pulumi-databricks-genie\/runtime"\)/);
  });

  it("is the same string for every space, so the host configures it once", async () => {
    const a = (await declare("a", args))["__provider"];
    const b = (await declare("b", { ...args, title: "Other", variables: { x: "y" } }))[
      "__provider"
    ];
    assert.equal(a, b);
  });

  it("a serialized provider stored from the first release still runs create, preview, refresh, update and delete", async () => {
    const inputs = { ...(await declare("first", args)), __provider: FIRST_RELEASE };
    assert.equal(await s.engine.up("first", inputs), "create");
    assert.equal(await s.engine.preview("first", inputs), "same");
    s.emu.edit(String(s.engine.outputs("first")["spaceId"]), { title: "Edited" });
    assert.equal(await s.engine.refresh("first"), "refresh-changed");
    assert.equal(await s.engine.up("first", inputs), "update");
    await s.engine.destroy("first");
  });

  it("an upgrade of this package alone shows no change on existing resources", async () => {
    const old = { ...(await declare("upgrade", args)), __provider: FIRST_RELEASE };
    await s.engine.up("upgrade", old);
    const current = await declare("upgrade", args);
    assert.equal(await s.engine.preview("upgrade", current), "same");
    assert.equal(await s.engine.refresh("upgrade"), "refresh-same");
  });

  it("state from a release with another canonical form compares with the stored document, not the hash", async () => {
    const inputs = await declare("canon", args);
    await s.engine.up("canon", inputs);
    const st = s.engine.state.get("canon");
    if (st === undefined) throw new Error("no state");
    st.outputs = { ...st.outputs, canonicalVersion: 0, appliedHash: "from-an-older-release" };
    assert.equal(await s.engine.preview("canon", inputs), "same");
    const changed = await declare("canon", {
      ...args,
      space: { tables: ["dev.sales.orders"], instructions: "Amounts in USD." },
    });
    assert.equal(await s.engine.preview("canon", changed), "update");
  });

  it("a runtime asked for a resource kind it does not have says which version to install", async () => {
    const inputs = {
      ...(await declare("kind", args)),
      __provider: FIRST_RELEASE.replace('kind: "GenieSpace"', 'kind: "FutureThing"'),
    };
    await assert.rejects(
      s.engine.up("kind", inputs),
      /no resource kind 'FutureThing'; install the version that created this state, or a newer one/,
    );
  });
});
