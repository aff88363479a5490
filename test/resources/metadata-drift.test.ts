import { strict as assert } from "node:assert";
import type { GenieSpaceArgs } from "../../provider";
import { declare } from "../support/declare";
import { WAREHOUSE } from "../support/emulator";
import { type Stack, stack } from "../support/stack";

const SPACES = "/api/2.0/genie/spaces";

const args = (over: Partial<GenieSpaceArgs> = {}): GenieSpaceArgs => ({
  title: "Sales",
  description: "Declared",
  warehouseId: WAREHOUSE,
  parentPath: "/Workspace/Shared/genie",
  space: { tables: ["dev.sales.orders"] },
  ...over,
});

/**
 * The etag follows the document only: a PATCH of title, description or folder alone keeps it
 * (docs/api-behaviour.md). Refresh must still find such edits, and must not take a GET that lags our own
 * write for one. Through the real provider host.
 */
describe("GenieSpace refresh finds metadata edits that keep the etag, through the real provider host", function () {
  this.timeout(60_000);
  let s: Stack;
  before(async () => (s = await stack()));
  after(() => s.stop());
  const spaceId = (name: string) => String(s.engine.outputs(name)["spaceId"]);
  const etag = (id: string) => s.emu.space(id)?.etag;

  for (const [field, patch, shown] of [
    ["title", { title: "Renamed by API" }, "title"],
    ["description", { description: "Edited by API" }, "description"],
    ["folder", { parent_path: "/Workspace/Shared/moved" }, "parentPath"],
  ] as const) {
    it(`a ${field} changed by a PATCH that keeps the etag is found by refresh and put back by up`, async () => {
      const name = `meta-${field}`;
      const inputs = await declare(name, args());
      await s.engine.up(name, inputs);
      const id = spaceId(name);
      const before = etag(id);
      await s.call("POST", "/api/2.0/workspace/mkdirs", { path: "/Workspace/Shared/moved" });
      s.clock.advance(1_000);
      assert.equal((await s.call("PATCH", `${SPACES}/${id}`, patch)).status, 200);
      assert.equal(etag(id), before, "the emulator kept the etag, as the server does");
      assert.equal(await s.engine.refresh(name), "refresh-changed");
      assert.match(JSON.stringify(s.engine.outputs(name)["drift"]), new RegExp(shown));
      assert.equal(await s.engine.preview(name, inputs), "update");
      await s.engine.up(name, inputs);
      assert.equal(await s.engine.refresh(name), "refresh-same");
      assert.equal(await s.engine.preview(name, inputs), "same");
    });
  }

  it("a title the server rewrote on our write (same update_time, not the old value) is drift", async () => {
    const inputs = await declare("rewritten", args());
    await s.engine.up("rewritten", inputs);
    const renamed = await declare("rewritten", args({ title: "Sales v2" }));
    await s.engine.up("rewritten", renamed);
    const stored = s.emu.space(spaceId("rewritten"));
    assert.ok(stored !== undefined);
    // As seed 001 reports of a PATCH carrying a title: the server appends " (updated)".
    stored.title = "Sales v2 (updated)";
    assert.equal(await s.engine.refresh("rewritten"), "refresh-changed");
    assert.match(JSON.stringify(s.engine.outputs("rewritten")["drift"]), /Sales v2 \(updated\)/);
  });

  it("a GET that lags our own update, showing the values from before it, is no drift", async () => {
    s.emu.config.staleReadMs = 60_000;
    try {
      const inputs = await declare("lag", args());
      await s.engine.up("lag", inputs);
      s.clock.advance(1_000);
      const changed = await declare("lag", args({ title: "Sales v2", description: "New" }));
      assert.equal(await s.engine.up("lag", changed), "update");
      const get = await s.call("GET", `${SPACES}/${spaceId("lag")}`);
      assert.equal(get.body["title"], "Sales", "the emulator is lagging");
      assert.equal(await s.engine.refresh("lag"), "refresh-same");
      assert.equal(await s.engine.preview("lag", changed), "same");
    } finally {
      s.emu.config.staleReadMs = 0;
    }
  });
});
