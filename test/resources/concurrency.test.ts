import { strict as assert } from "node:assert";
import { systemClock } from "../../emulator";
import type { GenieSpaceArgs, GenieSpacePermissionsArgs } from "../../provider";
import { declare, declarePermissions } from "../support/declare";
import { WAREHOUSE } from "../support/emulator";
import { acl, SPACES, TEAMS, world } from "../support/world";

type World = Awaited<ReturnType<typeof world>>;
const ADMIN = "user_name:admin@example.com";
const space = (title: string, over: Partial<GenieSpaceArgs> = {}): GenieSpaceArgs => ({
  title,
  warehouseId: WAREHOUSE,
  parentPath: "/Workspace/Shared/Genie",
  space: { tables: ["dev.sales.orders"], instructions: "Revenue is SUM(amount)." },
  ...over,
});
const perms = (
  spaceId: string,
  grants: GenieSpacePermissionsArgs["grants"],
  mode: "additive" | "authoritative" = "additive",
): GenieSpacePermissionsArgs => ({ spaceId, grants, mode });

describe("concurrency through the real provider host", function () {
  this.timeout(60_000);
  let w: World;
  before(async () => (w = await world()));
  after(() => w.stop());

  async function newSpace(name: string): Promise<string> {
    await w.engine.up(name, await declare(name, space(name)));
    return String(w.engine.outputs(name)["spaceId"]);
  }
  const grantOutside = (id: string, group: string, level = "CAN_READ") =>
    w.t.call("PATCH", acl(id), {
      access_control_list: [{ group_name: group, permission_level: level }],
    });

  it("parallel creates of equal spaces, one answer lost: every resource gets its own space, none is orphaned", async () => {
    w.t.emu.addFault({ kind: "lost-response", method: "POST", path: SPACES });
    const names = ["twin-1", "twin-2", "twin-3", "twin-4"];
    const inputs = await Promise.all(names.map((n) => declare(n, space("Twins"))));
    await Promise.all(names.map((n, i) => w.engine.up(n, inputs[i] as never)));
    const ids = names.map((n) => String(w.engine.outputs(n)["spaceId"]));
    assert.equal(new Set(ids).size, 4, ids.join(", "));
    const live = (await w.spaces()).filter((s) => s.title === "Twins");
    assert.deepEqual(
      live.map((s) => s.space_id).sort(),
      [...ids].sort(),
      "no orphan, no duplicate",
    );
  });

  it("5 additive GenieSpacePermissions on one space, created in parallel: every grant survives, refresh shows no drift, parallel destroy removes only theirs", async () => {
    const id = await newSpace("shared-acl");
    await grantOutside(id, "data-engineers");
    const names = TEAMS.map((team) => `acl-${team}`);
    const inputs = await Promise.all(
      TEAMS.map((team, i) =>
        declarePermissions(names[i] as string, perms(id, [{ groupName: team, level: "CAN_RUN" }])),
      ),
    );
    await Promise.all(names.map((n, i) => w.engine.up(n, inputs[i] as never)));
    const expected: Record<string, string> = {
      [ADMIN]: "CAN_MANAGE",
      "group_name:data-engineers": "CAN_READ",
    };
    for (const team of TEAMS) expected[`group_name:${team}`] = "CAN_RUN";
    assert.deepEqual(await w.grants(id), expected, "no grant lost");
    const refreshed = await Promise.all(names.map((n) => w.engine.refresh(n)));
    assert.deepEqual(
      refreshed,
      names.map(() => "refresh-same"),
      "no grant reported removed",
    );
    await Promise.all(names.map((n) => w.engine.destroy(n)));
    assert.deepEqual(await w.grants(id), {
      [ADMIN]: "CAN_MANAGE",
      "group_name:data-engineers": "CAN_READ",
    });
  });

  it("a grant made by someone else while an additive resource writes its own survives (additions go through PATCH)", async () => {
    const id = await newSpace("mid-add");
    w.t.emu.addFault({
      kind: "none",
      method: "PATCH",
      path: acl(id),
      onMatch: () => grantOutside(id, "data-engineers"),
    });
    await w.engine.up(
      "mid-add-acl",
      await declarePermissions(
        "mid-add-acl",
        perms(id, [{ groupName: "team-a", level: "CAN_RUN" }]),
      ),
    );
    assert.deepEqual(await w.grants(id), {
      [ADMIN]: "CAN_MANAGE",
      "group_name:team-a": "CAN_RUN",
      "group_name:data-engineers": "CAN_READ",
    });
  });

  /** An additive resource granting team-a and team-b, then updated to drop team-b (a removal: PUT). */
  async function removal(name: string, id: string, during: () => void): Promise<void> {
    const both = perms(id, [
      { groupName: "team-a", level: "CAN_RUN" },
      { groupName: "team-b", level: "CAN_RUN" },
    ]);
    await w.engine.up(name, await declarePermissions(name, both));
    during();
    await w.engine.up(
      name,
      await declarePermissions(name, perms(id, [{ groupName: "team-a", level: "CAN_RUN" }])),
    );
  }

  it("a grant made by someone else between the two reads of a removal survives: the write waits until two reads agree", async () => {
    const id = await newSpace("mid-remove");
    await removal("mid-remove-acl", id, () => {
      // The removal reads the ACL once to apply additions, then twice before its PUT: the grant
      // lands just before the third read (the recheck).
      w.t.emu.addFault({ kind: "none", method: "GET", path: acl(id), count: 2 });
      w.t.emu.addFault({
        kind: "none",
        method: "GET",
        path: acl(id),
        onMatch: () => grantOutside(id, "data-engineers"),
      });
    });
    w.t.emu.clearFaults();
    assert.deepEqual(await w.grants(id), {
      [ADMIN]: "CAN_MANAGE",
      "group_name:team-a": "CAN_RUN",
      "group_name:data-engineers": "CAN_READ",
    });
  });

  it("the race that remains (README, Reliability): a grant made in the one round trip between the recheck and the PUT of a removal is lost", async () => {
    const id = await newSpace("race");
    await removal("race-acl", id, () =>
      w.t.emu.addFault({
        kind: "none",
        method: "PUT",
        path: acl(id),
        onMatch: () => grantOutside(id, "data-engineers"),
      }),
    );
    const after = await w.grants(id);
    assert.equal(after["group_name:team-b"], undefined, "ours removed");
    assert.equal(after["group_name:data-engineers"], undefined, "the documented race");
  });

  it("additive: a grant of ours whose level someone else changed is theirs now; neither an update that drops it nor destroy removes it", async () => {
    const id = await newSpace("p2");
    await w.engine.up(
      "p2-acl",
      await declarePermissions("p2-acl", perms(id, [{ groupName: "team-a", level: "CAN_RUN" }])),
    );
    await grantOutside(id, "team-a", "CAN_EDIT");
    await w.engine.up(
      "p2-acl",
      await declarePermissions("p2-acl", perms(id, [{ groupName: "team-b", level: "CAN_RUN" }])),
    );
    assert.equal((await w.grants(id))["group_name:team-a"], "CAN_EDIT", "kept on update");
    await w.engine.destroy("p2-acl");
    assert.deepEqual(await w.grants(id), {
      [ADMIN]: "CAN_MANAGE",
      "group_name:team-a": "CAN_EDIT",
    });
  });

  for (const mode of ["additive", "authoritative"] as const) {
    it(`${mode}: the deployer listed below CAN_MANAGE keeps CAN_MANAGE, and that is never drift`, async () => {
      const id = await newSpace(`lock-${mode}`);
      const name = `lock-${mode}-acl`;
      const inputs = await declarePermissions(
        name,
        perms(
          id,
          [
            { userName: "admin@example.com", level: "CAN_RUN" },
            { groupName: "team-a", level: "CAN_RUN" },
          ],
          mode,
        ),
      );
      await w.engine.up(name, inputs);
      assert.equal((await w.grants(id))[ADMIN], "CAN_MANAGE");
      assert.equal(await w.engine.refresh(name), "refresh-same");
      assert.deepEqual(w.engine.outputs(name)["drift"], []);
      assert.equal(await w.engine.preview(name, inputs), "same", "no PUT that changes nothing");
    });
  }
});

describe("a burst of creates through the real provider host against a rate limit", function () {
  this.timeout(90_000);

  it("30 spaces created at once against 20 requests/s: all made, none twice", async () => {
    // Real time here: the provider host sleeps for real, so the emulator runs on the system clock.
    const w = await world(
      { retryBaseDelayMs: 200, retryMaxDelayMs: 2_000 },
      { clock: systemClock },
    );
    try {
      w.t.emu.setRateLimit(20);
      const names = Array.from({ length: 30 }, (_, i) => `burst-${i}`);
      const inputs = await Promise.all(names.map((n) => declare(n, space(n))));
      const results = await Promise.allSettled(
        names.map((n, i) => w.engine.up(n, inputs[i] as never)),
      );
      w.t.emu.setRateLimit(undefined);
      const failed = results.filter((r) => r.status === "rejected");
      const limited = w.t.emu.requests.filter((r) => r.status === 429).length;
      console.log(
        `      30 creates through the host at 20 req/s: ${30 - failed.length} made, ${limited} answers 429`,
      );
      assert.deepEqual(
        failed.map((f) => String((f as PromiseRejectedResult).reason)),
        [],
      );
      const live = (await w.spaces()).filter((s) => s.title.startsWith("burst-"));
      assert.equal(live.length, 30);
      assert.ok(limited > 0, "the limit did bite");
    } finally {
      await w.stop();
    }
  });
});
