import { strict as assert } from "node:assert";
import type { GenieSpacePermissionsArgs } from "../../provider";
import { declare, declarePermissions } from "../support/declare";
import { WAREHOUSE } from "../support/emulator";
import { CheckFailed } from "../support/engine";
import { failureText } from "../support/host";
import { type Stack, stack } from "../support/stack";

const ADMIN = "user_name:admin@example.com";

describe("GenieSpacePermissions through the real provider host", function () {
  this.timeout(60_000);
  let s: Stack;
  before(async () => (s = await stack()));
  after(() => s.stop());

  /** A fresh space made by the deployer (the emulator's admin), and its id. */
  async function space(name: string): Promise<string> {
    await s.engine.up(
      name,
      await declare(name, {
        title: name,
        warehouseId: WAREHOUSE,
        space: { tables: ["dev.sales.orders"] },
      }),
    );
    return String(s.engine.outputs(name)["spaceId"]);
  }
  async function live(id: string): Promise<Record<string, string>> {
    const res = await s.call("GET", `/api/2.0/permissions/genie/${id}`);
    const out: Record<string, string> = {};
    for (const e of res.body["access_control_list"] as Record<string, unknown>[]) {
      const p = (e["all_permissions"] as { permission_level: string; inherited: boolean }[])[0];
      if (p?.inherited === true) continue;
      const key =
        e["user_name"] !== undefined
          ? `user_name:${String(e["user_name"])}`
          : e["group_name"] !== undefined
            ? `group_name:${String(e["group_name"])}`
            : `service_principal_name:${String(e["service_principal_name"])}`;
      out[key] = p?.permission_level ?? "";
    }
    return out;
  }
  const grantOutside = (id: string) =>
    s.call("PATCH", `/api/2.0/permissions/genie/${id}`, {
      access_control_list: [{ user_name: "viewer@example.com", permission_level: "CAN_READ" }],
    });
  const args = (
    spaceId: string,
    over: Partial<GenieSpacePermissionsArgs> = {},
  ): GenieSpacePermissionsArgs => ({
    spaceId,
    grants: [{ groupName: "analysts", level: "CAN_RUN" }],
    ...over,
  });

  it("additive: ensures the declared grants, keeps grants made by others, and removes only its own on delete", async () => {
    const id = await space("add-space");
    await s.engine.up("add", await declarePermissions("add", args(id)));
    assert.deepEqual(await live(id), { [ADMIN]: "CAN_MANAGE", "group_name:analysts": "CAN_RUN" });
    await grantOutside(id);
    assert.equal(
      await s.engine.refresh("add"),
      "refresh-same",
      "a grant made by someone else is not drift in additive mode",
    );
    assert.equal(await s.engine.preview("add", await declarePermissions("add", args(id))), "same");
    await s.engine.destroy("add");
    assert.deepEqual(await live(id), {
      [ADMIN]: "CAN_MANAGE",
      "user_name:viewer@example.com": "CAN_READ",
    });
  });

  it("additive: an update changes and removes only its own grants", async () => {
    const id = await space("add2-space");
    await s.engine.up(
      "add2",
      await declarePermissions(
        "add2",
        args(id, {
          grants: [
            { groupName: "analysts", level: "CAN_RUN" },
            { groupName: "data-engineers", level: "CAN_EDIT" },
          ],
        }),
      ),
    );
    await grantOutside(id);
    assert.equal(
      await s.engine.up(
        "add2",
        await declarePermissions(
          "add2",
          args(id, { grants: [{ groupName: "analysts", level: "CAN_EDIT" }] }),
        ),
      ),
      "update",
    );
    assert.deepEqual(await live(id), {
      [ADMIN]: "CAN_MANAGE",
      "group_name:analysts": "CAN_EDIT",
      "user_name:viewer@example.com": "CAN_READ",
    });
  });

  it("additive: a declared grant removed outside Pulumi is drift, and up grants it again", async () => {
    const id = await space("add3-space");
    const inputs = await declarePermissions("add3", args(id));
    await s.engine.up("add3", inputs);
    await s.call("PUT", `/api/2.0/permissions/genie/${id}`, {
      access_control_list: [{ user_name: "admin@example.com", permission_level: "CAN_MANAGE" }],
    });
    assert.equal(await s.engine.refresh("add3"), "refresh-changed");
    assert.deepEqual(s.engine.outputs("add3")["drift"], [
      "- group_name:analysts CAN_RUN (removed outside Pulumi)",
    ]);
    assert.equal(await s.engine.preview("add3", inputs), "update");
    await s.engine.up("add3", inputs);
    assert.equal((await live(id))["group_name:analysts"], "CAN_RUN");
  });

  it("authoritative: a grant made by someone else is drift, and up removes it", async () => {
    const id = await space("auth-space");
    const inputs = await declarePermissions("auth", args(id, { mode: "authoritative" }));
    await s.engine.up("auth", inputs);
    await grantOutside(id);
    assert.equal(await s.engine.refresh("auth"), "refresh-changed");
    assert.deepEqual(s.engine.outputs("auth")["drift"], [
      "+ user_name:viewer@example.com CAN_READ (granted outside Pulumi)",
    ]);
    assert.equal(await s.engine.preview("auth", inputs), "update");
    await s.engine.up("auth", inputs);
    assert.deepEqual(await live(id), { [ADMIN]: "CAN_MANAGE", "group_name:analysts": "CAN_RUN" });
  });

  it("authoritative: never removes CAN_MANAGE from the identity running Pulumi, and says so in the preview", async () => {
    const id = await space("lock-space");
    const inputs = await declarePermissions("lock", args(id, { mode: "authoritative" }));
    const checked = await s.host.check("urn:lock", {}, inputs);
    assert.match(
      String(checked.inputs["lockoutProtection"]),
      /the identity running Pulumi keeps the CAN_MANAGE it holds/,
    );
    await s.engine.up("lock", inputs);
    assert.equal((await live(id))[ADMIN], "CAN_MANAGE", "not declared, kept");
    assert.equal(await s.engine.refresh("lock"), "refresh-same", "the kept grant is not drift");
    await s.engine.destroy("lock");
    assert.deepEqual(await live(id), { [ADMIN]: "CAN_MANAGE" });
  });

  it("a space that is gone drops its permissions on refresh, and deleting them succeeds", async () => {
    const id = await space("gone-space");
    await s.engine.up("gone", await declarePermissions("gone", args(id)));
    const st = s.engine.state.get("gone");
    await s.call("DELETE", `/api/2.0/genie/spaces/${id}`);
    assert.ok(st !== undefined, "the permissions were in the state");
    await s.host.delete(st.id, st.urn, st.outputs);
    assert.equal(await s.engine.refresh("gone"), "delete");
  });

  const bad: [string, Partial<GenieSpacePermissionsArgs> & Record<string, unknown>, RegExp][] = [
    [
      "an unknown level",
      { grants: [{ groupName: "analysts", level: "CAN_VIEW" as never }] },
      /^grants\[0\]\.level: level must be one of CAN_READ, CAN_RUN, CAN_EDIT, CAN_MANAGE/,
    ],
    [
      "a grant with two principals",
      { grants: [{ groupName: "analysts", userName: "a@example.com", level: "CAN_RUN" }] },
      /^grants\[0\]: each grant names exactly one of/,
    ],
    [
      "a principal granted twice",
      {
        grants: [
          { groupName: "analysts", level: "CAN_RUN" },
          { groupName: "analysts", level: "CAN_EDIT" },
        ],
      },
      /^grants\[1\]: group_name:analysts is also granted at grants\[0\]/,
    ],
    [
      "an unknown mode",
      { mode: "exclusive" as never },
      /^mode: mode must be "additive" or "authoritative"/,
    ],
  ];
  for (const [what, over, expected] of bad) {
    it(`check reports ${what} as a CheckFailure with its path`, async () => {
      const inputs = await declarePermissions("bad", args("01f0", over));
      await assert.rejects(
        s.engine.preview(`bad-${what}`, inputs),
        (e: unknown) =>
          e instanceof CheckFailed && e.failures.some((f) => expected.test(failureText(f))),
      );
    });
  }
});
