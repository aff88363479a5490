import { strict as assert } from "node:assert";
import { emulator } from "../support/emulator";
import { SECOND_WAREHOUSE } from "../support/stack";

const SPACES = "/api/2.0/genie/spaces";
const ANALYST = "emulator-token-analyst";

describe("emulator: the read lag after a PATCH, and who may trash", () => {
  let t: Awaited<ReturnType<typeof emulator>>;
  beforeEach(async () => (t = await emulator()));
  afterEach(() => t.emu.stop());

  it("GET shows the old description and warehouse during the lag window after a PATCH, the new ones after", async () => {
    t.emu.config.staleReadMs = 5000;
    const made = await t.createSpace({ description: "Old description" });
    const id = String(made["space_id"]);
    const patched = await t.call("PATCH", `${SPACES}/${id}`, {
      description: "New description",
      warehouse_id: SECOND_WAREHOUSE,
    });
    assert.equal(patched.body["description"], "New description", "the PATCH answer is current");
    const lagging = (await t.call("GET", `${SPACES}/${id}`)).body;
    assert.equal(lagging["description"], "Old description");
    assert.equal(lagging["warehouse_id"], made["warehouse_id"]);
    t.clock.advance(4999);
    assert.equal((await t.call("GET", `${SPACES}/${id}`)).body["description"], "Old description");
    t.clock.advance(1);
    const current = (await t.call("GET", `${SPACES}/${id}`)).body;
    assert.equal(current["description"], "New description");
    assert.equal(current["warehouse_id"], SECOND_WAREHOUSE);
  });

  it("trashing a space needs CAN_MANAGE: CAN_EDIT is refused with 403 and the space stays", async () => {
    const id = String((await t.createSpace())["space_id"]);
    const grant = (level: string) =>
      t.call("PATCH", `/api/2.0/permissions/genie/${id}`, {
        access_control_list: [{ user_name: "analyst@example.com", permission_level: level }],
      });
    await grant("CAN_EDIT");
    const refused = await t.call("DELETE", `${SPACES}/${id}`, undefined, ANALYST);
    assert.equal(refused.status, 403);
    assert.equal(refused.body["error_code"], "PERMISSION_DENIED");
    assert.match(String(refused.body["message"]), /does not have manage permission/);
    assert.equal(t.emu.space(id)?.trashed_at, undefined, "the space was not trashed");
    await grant("CAN_MANAGE");
    assert.equal((await t.call("DELETE", `${SPACES}/${id}`, undefined, ANALYST)).status, 200);
    assert.notEqual(t.emu.space(id)?.trashed_at, undefined);
  });
});
