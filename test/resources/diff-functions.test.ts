import { strict as assert } from "node:assert";
import type { GenieSpaceArgs } from "../../provider";
import { diffGenieSpacePermissions } from "../../provider/resources/genie-space-permissions-provider";
import { diffGenieSpace } from "../../provider/resources/genie-space-provider";
import { type SpaceInputs, UNKNOWN } from "../../provider/resources/inputs";
import { declare } from "../support/declare";
import { WAREHOUSE } from "../support/emulator";
import { type Stack, stack } from "../support/stack";

const args: GenieSpaceArgs = {
  title: "Sales",
  warehouseId: WAREHOUSE,
  space: { tables: ["dev.sales.orders"], instructions: "Amounts are in EUR." },
};

/**
 * diff of both resources, called directly: pure functions of the state and the program's inputs
 * (no HTTP), as the provider host calls them. The state comes from a create through the host.
 */
describe("diff of GenieSpace and GenieSpacePermissions, called directly (pure functions)", function () {
  this.timeout(60_000);
  let s: Stack;
  let state: Record<string, unknown>;
  let inputs: SpaceInputs;
  before(async () => {
    s = await stack();
    const declared = await declare("direct", args);
    await s.engine.up("direct", declared);
    state = s.engine.outputs("direct");
    inputs = s.engine.state.get("direct")?.inputs as unknown as SpaceInputs;
  });
  after(() => s.stop());

  it("the program as applied: no change, and never a replacement", async () => {
    const before = s.emu.requests.length;
    assert.deepEqual(diffGenieSpace("x", state, inputs), {
      changes: false,
      replaces: [],
      deleteBeforeReplace: false,
    });
    assert.equal(s.emu.requests.length, before, "diff made no request");
  });

  it("a changed title, folder or document is a change in place", () => {
    for (const news of [
      { ...inputs, title: "Renamed" },
      { ...inputs, parentPath: "/Workspace/Shared/other" },
      { ...inputs, space: { tables: ["dev.sales.orders"], instructions: "Now in USD." } },
    ])
      assert.deepEqual(diffGenieSpace("x", state, news as SpaceInputs), {
        changes: true,
        replaces: [],
        deleteBeforeReplace: false,
      });
  });

  it("a state that cannot be used is refused with the field and the way out", () => {
    assert.throws(
      () => diffGenieSpace("x", { ...state, title: 42 }, inputs),
      /title[\s\S]*pulumi refresh/,
    );
  });

  it("permissions: an unknown spaceId (the space is being updated) is a change, never a replacement", () => {
    const olds = {
      spaceId: state["spaceId"],
      grants: [{ groupName: "analysts", level: "CAN_RUN" }],
      mode: "additive",
      drift: [],
    };
    const same = { spaceId: state["spaceId"] as string, grants: olds.grants, mode: "additive" };
    assert.deepEqual(diffGenieSpacePermissions("p", olds, same as never).changes, false);
    const unknown = diffGenieSpacePermissions("p", olds, { ...same, spaceId: UNKNOWN } as never);
    assert.deepEqual([unknown.changes, unknown.replaces], [true, []]);
  });
});
