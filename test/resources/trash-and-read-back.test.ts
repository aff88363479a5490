import { strict as assert } from "node:assert";
import type { GenieSpaceArgs } from "../../provider";
import { declare, declarePermissions } from "../support/declare";
import { WAREHOUSE } from "../support/emulator";
import { acl, SPACES, world } from "../support/world";

type World = Awaited<ReturnType<typeof world>>;
const args = (title: string, over: Partial<GenieSpaceArgs> = {}): GenieSpaceArgs => ({
  title,
  warehouseId: WAREHOUSE,
  space: { tables: ["dev.sales.orders"] },
  ...over,
});

describe("trash and read-backs through the real provider host", function () {
  this.timeout(60_000);
  let w: World;
  before(async () => (w = await world()));
  after(() => w.stop());
  afterEach(() => {
    w.t.emu.clearFaults();
    w.t.emu.config.trashLagMs = 0;
  });
  const id = (name: string) => String(w.engine.outputs(name)["spaceId"]);

  it("an update of a space trashed outside Pulumi fails saying to run refresh then up; after the lag, refresh drops it and up makes it again", async () => {
    w.t.emu.config.trashLagMs = 30_000;
    await w.engine.up("trashed", await declare("trashed", args("Trashed")));
    const first = id("trashed");
    await w.t.call("DELETE", `${SPACES}/${first}`);
    assert.equal(await w.engine.refresh("trashed"), "refresh-same", "the service still shows it");
    const changed = await declare("trashed", args("Trashed", { description: "new" }));
    await assert.rejects(
      w.engine.up("trashed", changed),
      /genie space \w+ has been trashed outside Pulumi .*Run `pulumi refresh` to drop it from the state .*then `pulumi up` to create it again/,
    );
    w.t.clock.advance(30_000);
    assert.equal(await w.engine.refresh("trashed"), "delete");
    assert.equal(await w.engine.up("trashed", changed), "create");
    assert.notEqual(id("trashed"), first);
  });

  it("destroy of a space already trashed succeeds: DELETE answers 403, and a GET confirms it is gone", async () => {
    await w.engine.up("twice", await declare("twice", args("Twice")));
    const spaceId = id("twice");
    await w.t.call("DELETE", `${SPACES}/${spaceId}`);
    const before = w.t.emu.requests.length;
    await w.engine.destroy("twice");
    const seen = w.t.emu.requests.slice(before).map((r) => `${r.method} ${r.status}`);
    assert.deepEqual(seen, ["DELETE 403", "GET 404"]);
  });

  it("the permissions of a trashed space are dropped by refresh, although their endpoint still answers", async () => {
    await w.engine.up("acl-space", await declare("acl-space", args("With ACL")));
    const spaceId = id("acl-space");
    const inputs = await declarePermissions("acl-of-trashed", {
      spaceId,
      grants: [{ groupName: "analysts", level: "CAN_RUN" }],
    });
    await w.engine.up("acl-of-trashed", inputs);
    await w.t.call("DELETE", `${SPACES}/${spaceId}`);
    assert.equal((await w.t.call("GET", acl(spaceId))).status, 200, "the endpoint answers");
    assert.equal(await w.engine.refresh("acl-of-trashed"), "delete");
  });

  it("one 500 on the read-back after a create does not trash the space just made: it is recorded", async () => {
    w.t.emu.addFault({ kind: "status", status: 500, method: "GET", path: `${SPACES}/*` });
    assert.equal(await w.engine.up("rb", await declare("rb", args("Read back"))), "create");
    const spaceId = id("rb");
    assert.equal(w.t.emu.space(spaceId)?.trashed_at, undefined);
    assert.equal(await w.engine.refresh("rb"), "refresh-same");
  });

  it("one 500 on the read-back after an update does not fail the step, and the next refresh sees no outside edit", async () => {
    await w.engine.up("rbu", await declare("rbu", args("Read back 2")));
    w.t.emu.addFault({ kind: "status", status: 500, method: "GET", path: `${SPACES}/*` });
    const changed = await declare(
      "rbu",
      args("Read back 2", { space: { tables: ["dev.sales.customers"] } }),
    );
    assert.equal(await w.engine.up("rbu", changed), "update");
    assert.equal(await w.engine.refresh("rbu"), "refresh-same");
    assert.deepEqual(w.engine.outputs("rbu")["drift"], []);
  });

  it("a new space that can be neither read back nor trashed is named in the error, with adoptSpaceId", async () => {
    w.t.emu.addFault({ kind: "status", status: 500, method: "GET", path: `${SPACES}/*`, count: 3 });
    w.t.emu.addFault({ kind: "status", status: 500, method: "DELETE", path: `${SPACES}/*` });
    const error = await w.engine.up("orphan", await declare("orphan", args("Orphan"))).then(
      () => assert.fail("the create succeeded"),
      (e: Error) => e.message,
    );
    const made = (await w.spaces()).find((s) => s.title === "Orphan");
    assert.ok(made !== undefined, "left behind");
    assert.ok(
      error.includes(`genie space ${made.space_id} was created, but reading it back failed`),
      error,
    );
    assert.ok(error.includes(`set adoptSpaceId: "${made.space_id}"`), error);
  });
});
