import { strict as assert } from "node:assert";
import type { Emulator } from "../../emulator";
import { emulator, WAREHOUSE } from "../support/emulator";
import { type Props, secret } from "../support/host";
import { PluginClient, SPACE_TYPE } from "../support/plugin";

/** The preflight through the provider plugin: `genie:preflight` as the dynamic resources' key. */
const space = (tables: string[]): Props => ({
  title: "Sales",
  warehouseId: WAREHOUSE,
  space: { tables },
});

describe("the genie plugin's preflight (genie:preflight), against the emulator", function () {
  this.timeout(60_000);
  let emu: Emulator;
  let plugin: PluginClient;
  before(async () => {
    emu = (await emulator()).emu;
    plugin = await PluginClient.start();
    await plugin.configure({ host: emu.url, token: secret(emu.token), preflight: true });
  });
  after(async () => {
    plugin?.stop();
    await emu?.stop();
  });

  it("check names a misspelled table at its path, on the empty property", async () => {
    const res = await plugin.check(
      SPACE_TYPE,
      "s",
      space(["dev.sales.orders", "dev.sales.ordres"]),
    );
    assert.deepEqual(
      res.failures.map((f) => [f.property, f.reason.split(" (fix:")[0]]),
      [
        [
          "",
          "space.tables[1]: table 'dev.sales.ordres' does not exist in this workspace's Unity Catalog",
        ],
      ],
    );
  });

  it("check of unchanged inputs makes no request", async () => {
    const inputs = space(["dev.sales.orders"]);
    const before = emu.requests.length;
    const res = await plugin.check(SPACE_TYPE, "s", inputs, inputs);
    assert.deepEqual([res.failures, emu.requests.slice(before)], [[], []]);
  });
});
