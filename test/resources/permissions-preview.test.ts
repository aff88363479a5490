import { strict as assert } from "node:assert";
import * as pulumi from "@pulumi/pulumi";
import { GenieAnalyticsSpace, type GenieSpacePermissionsArgs } from "../../provider";
import { UNKNOWN } from "../../provider/resources/inputs";
import { declare, declarePermissions } from "../support/declare";
import { WAREHOUSE } from "../support/emulator";
import { type Stack, stack } from "../support/stack";

const ADMIN = "user_name:admin@example.com";

describe("GenieSpacePermissions in a preview: never a replacement", function () {
  this.timeout(60_000);
  let s: Stack;
  before(async () => (s = await stack()));
  after(() => s.stop());

  const spaceArgs = (title: string) => ({
    title,
    warehouseId: WAREHOUSE,
    space: { tables: ["dev.sales.orders"] },
  });
  async function space(name: string): Promise<string> {
    await s.engine.up(name, await declare(name, spaceArgs(name)));
    return String(s.engine.outputs(name)["spaceId"]);
  }
  const acl = (
    spaceId: string,
    over: Partial<GenieSpacePermissionsArgs> = {},
  ): GenieSpacePermissionsArgs => ({
    spaceId,
    grants: [{ groupName: "analysts", level: "CAN_RUN" }],
    ...over,
  });
  async function live(id: string): Promise<Record<string, string>> {
    const res = await s.call("GET", `/api/2.0/permissions/genie/${id}`);
    const out: Record<string, string> = {};
    for (const e of (res.body["access_control_list"] ?? []) as Record<string, unknown>[]) {
      const p = (e["all_permissions"] as { permission_level: string; inherited: boolean }[])[0];
      if (p === undefined || p.inherited) continue;
      const who = ["user_name", "group_name", "service_principal_name"].find(
        (k) => e[k] !== undefined,
      );
      if (who !== undefined) out[`${who}:${String(e[who])}`] = p.permission_level;
    }
    return out;
  }

  it("while its space is updated (spaceId unknown in the preview), the ACL previews as an update, and up leaves it as it is", async () => {
    const id = await space("upd-space");
    await s.engine.up("upd-acl", await declarePermissions("upd-acl", acl(id)));
    const edited = await declare("upd-space", spaceArgs("upd-space, renamed"));
    assert.equal(await s.engine.preview("upd-space", edited), "update");
    // What the engine hands the ACL's diff during that preview: the space's outputs are unknown.
    const st = s.engine.state.get("upd-acl");
    if (st === undefined) throw new Error("no state");
    const previewed = await s.host.diff(
      st.id,
      st.urn,
      st.outputs,
      await declarePermissions("upd-acl", acl(UNKNOWN)),
    );
    assert.deepEqual(previewed, { changes: "some", replaces: [] });
    // The update itself keeps the space's id: the ACL's real diff is empty.
    await s.engine.up("upd-space", edited);
    assert.equal(s.engine.outputs("upd-space")["spaceId"], id);
    const reqs = await s.requestsDuring(async () =>
      assert.equal(
        await s.engine.up("upd-acl", await declarePermissions("upd-acl", acl(id))),
        "same",
      ),
    );
    assert.deepEqual(reqs, [], "nothing sent");
  });

  it("given another space, it moves in place: our grants leave the old space (others' stay), the new one gets them", async () => {
    const a = await space("move-a");
    const b = await space("move-b");
    await s.engine.up("move", await declarePermissions("move", acl(a)));
    await s.call("PATCH", `/api/2.0/permissions/genie/${a}`, {
      access_control_list: [{ user_name: "viewer@example.com", permission_level: "CAN_READ" }],
    });
    const moved = await declarePermissions("move", acl(b));
    assert.equal(await s.engine.preview("move", moved), "update", "not a replacement");
    assert.equal(await s.engine.up("move", moved), "update");
    assert.deepEqual(await live(a), {
      [ADMIN]: "CAN_MANAGE",
      "user_name:viewer@example.com": "CAN_READ",
    });
    assert.deepEqual(await live(b), { [ADMIN]: "CAN_MANAGE", "group_name:analysts": "CAN_RUN" });
    assert.equal(await s.engine.preview("move", moved), "same");
    assert.equal(await s.engine.refresh("move"), "refresh-same", "refresh reads the new space");
    await s.engine.destroy("move");
    assert.deepEqual(await live(b), { [ADMIN]: "CAN_MANAGE" });
  });

  it("authoritative, given another space: the new space gets exactly the declared grants, the old one loses ours only", async () => {
    const a = await space("auth-move-a");
    const b = await space("auth-move-b");
    await s.engine.up(
      "auth-move",
      await declarePermissions("auth-move", acl(a, { mode: "authoritative" })),
    );
    await s.call("PATCH", `/api/2.0/permissions/genie/${b}`, {
      access_control_list: [{ user_name: "viewer@example.com", permission_level: "CAN_READ" }],
    });
    await s.engine.up(
      "auth-move",
      await declarePermissions("auth-move", acl(b, { mode: "authoritative" })),
    );
    assert.deepEqual(await live(a), { [ADMIN]: "CAN_MANAGE" });
    assert.deepEqual(await live(b), { [ADMIN]: "CAN_MANAGE", "group_name:analysts": "CAN_RUN" });
  });

  it("moving away from a space that was trashed meanwhile succeeds", async () => {
    const a = await space("gone-a");
    const b = await space("gone-b");
    await s.engine.up("gone-move", await declarePermissions("gone-move", acl(a)));
    await s.call("DELETE", `/api/2.0/genie/spaces/${a}`);
    s.clock.advance(60 * 60 * 1000);
    assert.equal(
      await s.engine.up("gone-move", await declarePermissions("gone-move", acl(b))),
      "update",
    );
    assert.equal((await live(b))["group_name:analysts"], "CAN_RUN");
  });
});

describe("GenieAnalyticsSpace: what consumes the space's outputs", () => {
  it("the ACL's spaceId is fed by the space's id, which stays known while an update is previewed, and by none of its outputs", async () => {
    const MARK = "01f0feedfeedfeedfeedfeedfeedfeed";
    const ID = "01f0beefbeefbeefbeefbeefbeefbeef";
    const registered: { type: string; name: string; inputs: Record<string, unknown> }[] = [];
    await pulumi.runtime.setMocks(
      {
        newResource: (a) => {
          registered.push({
            type: a.type,
            name: a.name,
            inputs: a.inputs as Record<string, unknown>,
          });
          const outs = a.type.endsWith("GenieSpace")
            ? { spaceId: MARK, url: `https://x/${MARK}`, etag: MARK, serializedSpace: MARK }
            : {};
          const id = a.type.endsWith("GenieSpace") ? ID : `${a.name}-id`;
          return { id, state: { ...a.inputs, ...outs } };
        },
        call: (a) => {
          throw new Error(`unmocked call ${a.token}`);
        },
      },
      "genie-reference",
      "dev",
    );
    const c = new GenieAnalyticsSpace("sales", {
      title: "Sales",
      warehouse: { id: WAREHOUSE, managePermissions: true },
      tables: ["dev.sales.orders"],
      folder: { path: "/Workspace/Shared/genie", create: true },
      consumers: { groups: ["analysts"] },
    });
    await new Promise((r) => c.spaceId.apply(r));
    while (!registered.some((r) => r.type.endsWith("GenieSpacePermissions")))
      await new Promise((r) => setImmediate(r));
    const consumers = (mark: string) =>
      registered.flatMap((r) =>
        Object.entries(r.inputs)
          .filter(([, v]) => JSON.stringify(v).includes(mark))
          .map(([k]) => `${r.type.split(":").pop() ?? ""}.${k}`),
      );
    assert.deepEqual(consumers(MARK), []);
    assert.deepEqual(consumers(ID), ["GenieSpacePermissions.spaceId"]);
  });
});
