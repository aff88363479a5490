import { strict as assert } from "node:assert";
import type { GenieSpaceArgs } from "../../provider";
import { declare, declarePermissions } from "../support/declare";
import { WAREHOUSE } from "../support/emulator";
import type { Props } from "../support/host";
import { type Stack, stack } from "../support/stack";

/**
 * States edited by hand or written by an older release, through the real provider host: never a
 * TypeError; an error that names the field and the way out; refresh as that way out.
 */
const args: GenieSpaceArgs = {
  title: "Sales",
  warehouseId: WAREHOUSE,
  parentPath: "/Workspace/Shared/genie",
  space: { tables: ["dev.sales.orders"], instructions: "Amounts in EUR." },
};

const notATypeError = (e: unknown) =>
  !/TypeError|Cannot read prop|is not a function/.test(String(e));

describe("a GenieSpace state that cannot be used, through the real provider host", function () {
  this.timeout(60_000);
  let s: Stack;
  before(async () => (s = await stack()));
  after(() => s.stop());

  async function upWith(name: string, damage: (out: Props) => void): Promise<Props> {
    const inputs = await declare(name, args);
    await s.engine.up(name, inputs);
    const st = s.engine.state.get(name);
    if (st === undefined) throw new Error("no state");
    st.outputs = JSON.parse(JSON.stringify(st.outputs)) as Props;
    damage(st.outputs);
    return inputs;
  }

  const damages: [string, (o: Props) => void, RegExp][] = [
    [
      "a drift that is a number",
      (o) => (o["drift"] = 7),
      / {2}drift: expected a list of strings, found a number \(7\)/,
    ],
    [
      "a numeric parentPath",
      (o) => (o["parentPath"] = 42),
      / {2}parentPath: expected a string, found a number \(42\)/,
    ],
    [
      "neither serializedSpace nor canonicalVersion",
      (o) => {
        delete o["serializedSpace"];
        delete o["canonicalVersion"];
      },
      / {2}serializedSpace: expected the space's document as a JSON string, found nothing/,
    ],
    ["no title", (o) => delete o["title"], / {2}title: expected a string, found nothing/],
    ["no spaceId", (o) => delete o["spaceId"], / {2}spaceId: expected a string, found nothing/],
    [
      "applied that is a list",
      (o) => (o["applied"] = []),
      / {2}applied: expected an object, found a list/,
    ],
  ];
  for (const [what, damage, named] of damages) {
    it(`${what}: preview and update name the field and \`pulumi refresh\`; refresh rebuilds it, and the next preview is a no-op`, async () => {
      const name = `bad-${what.split(" ").slice(0, 3).join("-")}`;
      const inputs = await upWith(name, damage);
      const st = s.engine.state.get(name);
      if (st === undefined) throw new Error("no state");
      const refused = (e: unknown) =>
        notATypeError(e) &&
        named.test(String(e)) &&
        /Run `pulumi refresh` to rebuild it from the live space/.test(String(e));
      await assert.rejects(s.engine.preview(name, inputs), refused);
      await assert.rejects(s.host.update(st.id, st.urn, st.outputs, inputs), refused);
      await s.engine.refresh(name);
      assert.equal(s.engine.outputs(name)["spaceId"], st.id, "outputs rebuilt");
      assert.equal(await s.engine.preview(name, inputs), "same");
      assert.equal(await s.engine.refresh(name), "refresh-same");
    });
  }

  it("a drift that is a string (0.1.0 shape otherwise) works: preview shows the update, up restores", async () => {
    const inputs = await upWith("string-drift", (o) => {
      delete o["driftRecord"];
      delete o["declared"];
      o["drift"] = '~ description: "" => "Edited in the UI"';
    });
    const id = String(s.engine.outputs("string-drift")["spaceId"]);
    s.emu.edit(id, { description: "Edited in the UI" });
    // Only the drift line tells the preview: the state has not been refreshed since.
    assert.equal(await s.engine.preview("string-drift", inputs), "update");
    assert.equal(await s.engine.up("string-drift", inputs), "update");
    assert.equal(s.emu.space(id)?.description, "");
    assert.deepEqual(s.engine.outputs("string-drift")["drift"], []);
  });

  it("a 0.1.0 state whose drift was found as display lines: up sends what the lines name, and restores it", async () => {
    const inputs = await upWith("old", () => undefined);
    const id = String(s.engine.outputs("old")["spaceId"]);
    s.emu.edit(id, { description: "Edited in the UI", warehouseId: "b2c3d4e5f6071829" });
    await s.engine.refresh("old");
    const st = s.engine.state.get("old");
    if (st === undefined) throw new Error("no state");
    // What 0.1.0 wrote after such a refresh: the lines, no record, no copy of the inputs.
    delete st.outputs["driftRecord"];
    delete st.outputs["declared"];
    st.outputs["description"] = args.description ?? "";
    st.outputs["warehouseId"] = WAREHOUSE;
    const reqs = await s.requestsDuring(() => s.engine.up("old", inputs));
    const patch = reqs.find((r) => r.method === "PATCH")?.body as Record<string, unknown>;
    assert.deepEqual(Object.keys(patch).sort(), ["description", "warehouse_id"]);
    assert.equal(s.emu.space(id)?.description, "");
    assert.equal(s.emu.space(id)?.warehouse_id, WAREHOUSE);
  });

  it("destroy works whatever the state holds: delete needs only the id", async () => {
    await upWith("doomed", (o) => {
      o["drift"] = 1;
      o["title"] = null;
      o["serializedSpace"] = 5;
    });
    const id = String(s.engine.state.get("doomed")?.id);
    await s.engine.destroy("doomed");
    assert.notEqual(s.emu.space(id)?.trashed_at, undefined);
  });
});

describe("a GenieSpacePermissions state that cannot be used, through the real provider host", function () {
  this.timeout(60_000);
  let s: Stack;
  before(async () => (s = await stack()));
  after(() => s.stop());

  async function acl(name: string): Promise<Props> {
    await s.engine.up(`${name}-space`, await declare(`${name}-space`, args));
    const spaceId = String(s.engine.outputs(`${name}-space`)["spaceId"]);
    const inputs = await declarePermissions(name, {
      spaceId,
      grants: [{ groupName: "analysts", level: "CAN_RUN" }],
    });
    await s.engine.up(name, inputs);
    return inputs;
  }

  it("a drift that is a number: preview names it and says refresh; refresh rebuilds it", async () => {
    const inputs = await acl("perm-drift");
    const st = s.engine.state.get("perm-drift");
    if (st === undefined) throw new Error("no state");
    st.outputs = { ...st.outputs, drift: 3 };
    await assert.rejects(
      s.engine.preview("perm-drift", inputs),
      (e: unknown) =>
        notATypeError(e) &&
        / {2}drift: expected a list of strings, found a number \(3\)/.test(String(e)) &&
        /Run `pulumi refresh`/.test(String(e)),
    );
    await s.engine.refresh("perm-drift");
    assert.equal(await s.engine.preview("perm-drift", inputs), "same");
  });

  it("grants that are not a list: refresh, preview and destroy name the field and `pulumi state delete`", async () => {
    const inputs = await acl("perm-grants");
    const st = s.engine.state.get("perm-grants");
    if (st === undefined) throw new Error("no state");
    st.outputs = { ...st.outputs, grants: "analysts" };
    const named = (e: unknown) =>
      notATypeError(e) &&
      / {2}grants: expected a list of grants, found a string \("analysts"\)/.test(String(e)) &&
      /pulumi state delete <urn>/.test(String(e));
    await assert.rejects(s.engine.refresh("perm-grants"), named);
    await assert.rejects(s.engine.preview("perm-grants", inputs), named);
    await assert.rejects(s.engine.destroy("perm-grants"), named);
  });
});
