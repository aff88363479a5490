import { strict as assert } from "node:assert";
import type { GenieSpaceArgs } from "../../provider";
import { declare } from "../support/declare";
import { WAREHOUSE } from "../support/emulator";
import { SECOND_WAREHOUSE, type Stack, stack } from "../support/stack";

const SPACES = "/api/2.0/genie/spaces";

const args = (over: Partial<GenieSpaceArgs> = {}): GenieSpaceArgs => ({
  title: "Sales",
  warehouseId: WAREHOUSE,
  space: { tables: ["dev.sales.orders"], instructions: "Amounts are in EUR." },
  ...over,
});

/**
 * Title, description and warehouse changed outside Pulumi: refresh names them, and the next up
 * puts the declared values back. Adoption sends only what differs. All through the real host.
 */
describe("GenieSpace converges on the fields of the space itself, through the real provider host", function () {
  this.timeout(60_000);
  let s: Stack;
  before(async () => (s = await stack()));
  after(() => s.stop());

  const spaceId = (name: string) => String(s.engine.outputs(name)["spaceId"]);
  const patches = (reqs: { method: string; body?: unknown }[]) =>
    reqs.filter((r) => r.method === "PATCH").map((r) => r.body as Record<string, unknown>);

  it("up restores a description changed outside Pulumi (after refresh found it)", async () => {
    const inputs = await declare("desc", args({ description: "Declared" }));
    await s.engine.up("desc", inputs);
    s.emu.edit(spaceId("desc"), { description: "Edited in the UI" });
    assert.equal(await s.engine.refresh("desc"), "refresh-changed");
    assert.match(
      JSON.stringify(s.engine.outputs("desc")["drift"]),
      /description.*Declared.*Edited in the UI/,
    );
    assert.equal(await s.engine.preview("desc", inputs), "update");
    const reqs = await s.requestsDuring(() => s.engine.up("desc", inputs));
    assert.deepEqual(
      patches(reqs).map((p) => p["description"]),
      ["Declared"],
    );
    assert.equal(s.emu.space(spaceId("desc"))?.description, "Declared");
    assert.equal(await s.engine.refresh("desc"), "refresh-same");
    assert.equal(await s.engine.preview("desc", inputs), "same");
  });

  it("up clears a description added outside Pulumi to a space declared without one", async () => {
    const inputs = await declare("no-desc", args());
    await s.engine.up("no-desc", inputs);
    s.emu.edit(spaceId("no-desc"), { description: "Added in the UI" });
    await s.engine.refresh("no-desc");
    await s.engine.up("no-desc", inputs);
    assert.equal(s.emu.space(spaceId("no-desc"))?.description, "");
    assert.equal(await s.engine.preview("no-desc", inputs), "same");
  });

  it("refresh finds a warehouse changed outside Pulumi and names both warehouses", async () => {
    const inputs = await declare("wh-drift", args());
    await s.engine.up("wh-drift", inputs);
    s.clock.advance(1_000); // an edit made after our write, as any real one is
    const patched = await s.call("PATCH", `${SPACES}/${spaceId("wh-drift")}`, {
      warehouse_id: SECOND_WAREHOUSE,
    });
    assert.equal(patched.status, 200);
    assert.equal(await s.engine.refresh("wh-drift"), "refresh-changed");
    const out = s.engine.outputs("wh-drift");
    assert.equal(out["warehouseId"], SECOND_WAREHOUSE, "the output shows the live warehouse");
    const drift = JSON.stringify(out["drift"]);
    assert.match(drift, new RegExp(`warehouseId.*${WAREHOUSE}.*${SECOND_WAREHOUSE}`));
    assert.equal(await s.engine.preview("wh-drift", inputs), "update");
  });

  it("up restores a warehouse changed outside Pulumi", async () => {
    const inputs = await declare("wh-back", args());
    await s.engine.up("wh-back", inputs);
    s.clock.advance(1_000);
    await s.call("PATCH", `${SPACES}/${spaceId("wh-back")}`, { warehouse_id: SECOND_WAREHOUSE });
    await s.engine.refresh("wh-back");
    const reqs = await s.requestsDuring(() => s.engine.up("wh-back", inputs));
    assert.deepEqual(
      patches(reqs).map((p) => p["warehouse_id"]),
      [WAREHOUSE],
    );
    assert.equal(s.emu.space(spaceId("wh-back"))?.warehouse_id, WAREHOUSE);
    assert.equal(s.engine.outputs("wh-back")["warehouseId"], WAREHOUSE);
    assert.equal(await s.engine.refresh("wh-back"), "refresh-same");
    assert.equal(await s.engine.preview("wh-back", inputs), "same");
  });

  it("adoption sends the title only when it differs from the adopted space's", async () => {
    const made = async (title: string) =>
      String(
        (
          await s.call("POST", SPACES, {
            warehouse_id: WAREHOUSE,
            title,
            serialized_space: JSON.stringify({ version: 2 }),
          })
        ).body["space_id"],
      );
    const same = await made("Sales");
    const sameReqs = await s.requestsDuring(async () =>
      s.engine.up("adopt-same", await declare("adopt-same", args({ adoptSpaceId: same }))),
    );
    const [samePatch] = patches(sameReqs);
    assert.ok(samePatch !== undefined, "the adopted space is brought to the declared state");
    assert.equal("title" in samePatch, false, JSON.stringify(samePatch));

    const other = await made("Made by hand");
    const otherReqs = await s.requestsDuring(async () =>
      s.engine.up("adopt-other", await declare("adopt-other", args({ adoptSpaceId: other }))),
    );
    assert.deepEqual(
      patches(otherReqs).map((p) => p["title"]),
      ["Sales"],
    );
    assert.equal(s.emu.space(other)?.title, "Sales");
  });
});
