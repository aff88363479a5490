import { strict as assert } from "node:assert";
import { type Emulator, systemClock } from "../../emulator";
import { emulator, WAREHOUSE } from "../support/emulator";
import { type Props, secret } from "../support/host";
import { PluginClient, SPACE_TYPE } from "../support/plugin";
import { PluginEngine } from "../support/plugin-engine";

const space = (title: string): Props => ({
  title,
  warehouseId: WAREHOUSE,
  space: { tables: ["dev.sales.orders"], instructions: "Amounts are in EUR." },
});

/**
 * The emulator's faults through the plugin: the resources' own retries, lost answers and trash
 * handling reach the engine as they reach it through the dynamic-provider host.
 */
describe("the genie plugin under faults of the emulator", function () {
  this.timeout(60_000);
  let emu: Emulator;
  let plugin: PluginClient;
  let engine: PluginEngine;
  const count = async () =>
    (
      (await fetch(`${emu.url}/api/2.0/genie/spaces`, {
        headers: { authorization: `Bearer ${emu.token}` },
      }).then((r) => r.json())) as { spaces?: unknown[] }
    ).spaces?.length ?? 0;

  before(async () => {
    emu = (await emulator({ clock: systemClock, config: { trashLagMs: 0, staleReadMs: 0 } })).emu;
    plugin = await PluginClient.start();
    await plugin.configure({
      host: emu.url,
      token: secret(emu.token),
      retryBaseDelayMs: "1",
      retryMaxDelayMs: "20",
      createSettleMs: "200",
    });
    engine = new PluginEngine(plugin);
  });
  after(async () => {
    plugin?.stop();
    await emu?.stop();
  });
  afterEach(() => emu.clearFaults());

  it("503 then 429 with Retry-After on create: retried, one space", async () => {
    emu.addFault({ kind: "status", status: 503, method: "POST", path: "/api/2.0/genie/spaces" });
    emu.addFault({
      kind: "status",
      status: 429,
      retryAfterSeconds: 1,
      method: "POST",
      path: "/api/2.0/genie/spaces",
    });
    assert.equal(await engine.up("retried", space("Retried")), "create");
    assert.equal(await count(), 1);
  });

  it("a create whose answer is lost: the space it made is found, not made twice", async () => {
    emu.addFault({ kind: "lost-response", method: "POST", path: "/api/2.0/genie/spaces" });
    assert.equal(await engine.up("lost", space("Lost answer")), "create");
    assert.equal(await count(), 2);
    assert.equal((await engine.preview("lost", space("Lost answer"))).op, "same");
  });

  it("a space trashed outside: update says to refresh; refresh drops it; delete of it succeeds", async () => {
    const id = engine.stored("lost").id;
    await fetch(`${emu.url}/api/2.0/genie/spaces/${id}`, {
      method: "DELETE",
      headers: { authorization: `Bearer ${emu.token}` },
    });
    await assert.rejects(
      engine.up("lost", space("Renamed")),
      /has been trashed outside Pulumi.*pulumi refresh/s,
    );
    const stored = engine.stored("lost");
    await plugin.delete(SPACE_TYPE, "lost", stored.id, stored.outputs);
    assert.equal(await engine.refresh("lost"), "gone");
  });

  it("a dropped connection on refresh is retried (a GET is safe to send again)", async () => {
    emu.addFault({ kind: "drop", method: "GET", path: "/api/2.0/genie/spaces/*" });
    assert.equal(await engine.refresh("retried"), "same");
  });
});
