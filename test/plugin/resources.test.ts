import { strict as assert } from "node:assert";
import type { Emulator } from "../../emulator";
import { UNKNOWN } from "../../provider/resources/inputs";
import { emulator, WAREHOUSE } from "../support/emulator";
import { fixtureText } from "../support/fixtures";
import { secret, type Props } from "../support/host";
import { ACL_TYPE, PluginClient, SPACE_TYPE } from "../support/plugin";
import { PluginEngine } from "../support/plugin-engine";

/**
 * The plugin's resources driven over gRPC as the engine drives them, against the emulator: the
 * same check, diff, create, read, update and delete as the dynamic resources, plus what only a
 * host that previews updates, shows detailed diffs and imports can do.
 */
const spec = (instructions = "Amounts are in EUR."): Props => ({
  title: "Sales",
  warehouseId: WAREHOUSE,
  parentPath: "/Workspace/Shared/genie",
  space: {
    tables: [
      "${catalog}.sales.orders",
      { identifier: "${catalog}.sales.customers", description: "People" },
    ],
    instructions,
    sampleQuestions: ["What was revenue last month?"],
  },
  variables: { catalog: "dev" },
});

describe("the genie plugin's resources over gRPC, against the emulator", function () {
  this.timeout(60_000);
  let emu: Emulator;
  let plugin: PluginClient;
  let engine: PluginEngine;
  const requestsDuring = async <T>(fn: () => Promise<T>) => {
    const before = emu.requests.length;
    const result = await fn();
    return { result, requests: emu.requests.slice(before).map((r) => `${r.method} ${r.path}`) };
  };

  before(async () => {
    emu = (await emulator({ config: { trashLagMs: 0, staleReadMs: 0 } })).emu;
    plugin = await PluginClient.start();
    await plugin.configure({
      host: emu.url,
      token: secret(emu.token),
      retryBaseDelayMs: "1",
      retryMaxDelayMs: "5",
    });
    engine = new PluginEngine(plugin);
  });
  after(async () => {
    plugin?.stop();
    await emu?.stop();
  });

  it("Configure announces preview support and secrets, and takes no resource references", async () => {
    const res = await plugin.configure({
      host: emu.url,
      token: secret(emu.token),
      retryBaseDelayMs: "1",
    });
    assert.equal(res.getSupportspreview(), true);
    assert.equal(res.getAcceptsecrets(), true);
    assert.equal(res.getAcceptresources(), false);
  });

  it("Check refuses what the server would refuse, each failure's reason led by its property path (the engine would print a named property's value as {<nil>})", async () => {
    const c = await plugin.check(SPACE_TYPE, "bad", {
      title: "",
      warehouseId: "A1B2C3D4E5F60718",
      space: { tables: ["orders"], instructions: "x" },
    });
    assert.deepEqual(
      c.failures.map((f) => f.property),
      ["", "", ""],
    );
    const paths = c.failures.map((f) => /^[^:]+/.exec(f.reason)?.[0]).sort();
    assert.deepEqual(paths, ["space.tables[0].identifier", "title", "warehouseId"]);
    assert.match(
      c.failures.find((f) => f.reason.startsWith("warehouseId:"))?.reason ?? "",
      /upper-case/,
    );
  });

  it("Check accepts values other resources will produce, and keeps a secret input secret", async () => {
    const c = await plugin.check(SPACE_TYPE, "unknown", {
      ...spec(),
      warehouseId: UNKNOWN,
      description: secret("internal"),
    });
    assert.deepEqual(c.failures, []);
    assert.equal(c.inputs["warehouseId"], UNKNOWN);
    assert.deepEqual(c.inputs["description"], secret("internal"));
  });

  it("what a secret input flows into is a secret output; the id and URL stay plain", async () => {
    const made = await plugin.create(SPACE_TYPE, "secretive", {
      ...spec(),
      variables: { catalog: secret("hidden_catalog") },
    });
    const out = made.props;
    assert.match(String(out["spaceId"]), /^01f[0-9a-f]{29}$/);
    assert.match(String(out["url"]), /^http/);
    for (const k of ["serializedSpace", "declared", "variables", "space"])
      assert.equal(
        (out[k] as Record<string, unknown>)?.["4dabf18193072939515e22adb298388d"],
        "1b47061264138c4ac30d75fd1eb44270",
        `${k} is secret`,
      );
    await plugin.delete(SPACE_TYPE, "secretive", made.id, out);
  });

  it("a preview of a create makes no request; create makes the space", async () => {
    const preview = await requestsDuring(() => engine.preview("sales", spec()));
    assert.deepEqual(preview.requests, []);
    assert.equal(preview.result.op, "create");
    assert.equal(preview.result.outputs?.["spaceId"], UNKNOWN);
    assert.equal(preview.result.outputs?.["title"], "Sales");
    assert.equal(await engine.up("sales", spec()), "create");
    const out = engine.stored("sales").outputs;
    assert.match(String(out["spaceId"]), /^01f[0-9a-f]{29}$/);
    assert.equal(engine.stored("sales").id, out["spaceId"]);
    assert.equal(out["url"], `${emu.url}/genie/rooms/${String(out["spaceId"])}`);
  });

  it("no change: Diff answers DIFF_NONE with a detailed diff, and makes no request", async () => {
    const r = await requestsDuring(() => engine.preview("sales", spec()));
    assert.deepEqual(r.requests, []);
    assert.equal(r.result.op, "same");
    assert.equal(r.result.diff?.hasDetailedDiff, true);
    assert.deepEqual(r.result.diff?.detailed, {});
  });

  it("a table list in another order is no change: what changed is the resource's decision", async () => {
    const reordered = spec();
    const space = reordered["space"] as { tables: unknown[] };
    space.tables.reverse();
    assert.equal((await engine.preview("sales", reordered)).op, "same");
  });

  it("a changed instruction: the detailed diff names space.instructions only; the update preview makes no request and keeps the id and URL known", async () => {
    const before = engine.stored("sales").outputs;
    const r = await requestsDuring(() => engine.preview("sales", spec("Amounts are in USD.")));
    assert.deepEqual(r.requests, []);
    assert.equal(r.result.op, "update");
    assert.deepEqual(r.result.diff?.detailed, { "space.instructions": "update" });
    assert.deepEqual(r.result.diff?.diffs, ["space"]);
    assert.deepEqual(r.result.diff?.replaces, []);
    const out = r.result.outputs ?? {};
    assert.equal(out["spaceId"], before["spaceId"]);
    assert.equal(out["url"], before["url"]);
    assert.equal(out["etag"], UNKNOWN, "the document is written, so its etag is not known yet");
    assert.equal(await engine.up("sales", spec("Amounts are in USD.")), "update");
    assert.equal(engine.stored("sales").outputs["spaceId"], before["spaceId"]);
    assert.match(JSON.stringify(emu.space(String(before["spaceId"]))?.document), /USD/);
  });

  it("a changed title and a nested column description: each is named at its own path, and a title alone keeps the etag known", async () => {
    const news = spec("Amounts are in USD.");
    news["title"] = "Sales (EU)";
    const titled = await engine.preview("sales", news);
    assert.deepEqual(titled.diff?.detailed, { title: "update" });
    assert.equal(titled.outputs?.["etag"], engine.stored("sales").outputs["etag"]);
    const nested = spec("Amounts are in USD.");
    (nested["space"] as { tables: Props[] }).tables[1] = {
      identifier: "${catalog}.sales.customers",
      description: "People",
      columns: { name: { synonyms: ["who"] } },
    };
    const d = await engine.preview("sales", nested);
    assert.deepEqual(d.diff?.detailed, { "space.tables[1].columns": "add" });
  });

  it("a UI edit found by Read: the inputs Read returns say it in the program's terms, and the next Diff names exactly space.instructions", async () => {
    const id = String(engine.stored("sales").outputs["spaceId"]);
    emu.edit(id, { instructions: "Edited in the UI" });
    assert.equal(await engine.refresh("sales"), "changed");
    const stored = engine.stored("sales");
    assert.equal((stored.inputs["space"] as Props)["instructions"], "Edited in the UI");
    assert.equal((stored.outputs["drift"] as string[]).length, 1);
    assert.match((stored.outputs["drift"] as string[])[0] ?? "", /instructions.*Edited in the UI/);
    const p = await engine.preview("sales", spec("Amounts are in USD."));
    assert.deepEqual(p.diff?.detailed, { "space.instructions": "update" });
    assert.equal(p.outputs?.["spaceId"], id);
    await engine.up("sales", spec("Amounts are in USD."));
    assert.equal((await engine.preview("sales", spec("Amounts are in USD."))).op, "same");
  });

  it("import: Read with no state answers the live space as a program declares it, and the next Diff shows no change", async () => {
    const made = (await fetch(`${emu.url}/api/2.0/genie/spaces`, {
      method: "POST",
      headers: { authorization: `Bearer ${emu.token}`, "content-type": "application/json" },
      body: JSON.stringify({
        warehouse_id: WAREHOUSE,
        title: "Made in the UI",
        description: "Someone's",
        serialized_space: JSON.stringify({
          version: 2,
          data_sources: { tables: [{ identifier: "dev.sales.orders" }] },
          instructions: {
            text_instructions: [{ id: "01f0c3a1b2c3d4e5f60718293a4b5c6d", content: ["Be brief."] }],
          },
        }),
      }),
    }).then((r) => r.json())) as { space_id: string };
    const r = await requestsDuring(() => engine.import("imported", made.space_id));
    assert.ok(
      r.requests.every((q) => q.startsWith("GET ")),
      "import only reads",
    );
    const inputs = r.result.inputs;
    assert.deepEqual(inputs["space"], { tables: ["dev.sales.orders"], instructions: "Be brief." });
    assert.equal(inputs["title"], "Made in the UI");
    assert.equal(inputs["description"], "Someone's");
    assert.equal(r.result.id, made.space_id);
    const declared = { ...inputs };
    assert.equal((await engine.preview("imported", declared)).op, "same");
  });

  it("import of a space a spec cannot say in full declares its document, so nothing is lost", async () => {
    const made = (await fetch(`${emu.url}/api/2.0/genie/spaces`, {
      method: "POST",
      headers: { authorization: `Bearer ${emu.token}`, "content-type": "application/json" },
      body: JSON.stringify({
        warehouse_id: WAREHOUSE,
        title: "Full",
        serialized_space: fixtureText("server_export.v2.geniespace.json"),
      }),
    }).then((r) => r.json())) as { space_id: string };
    const stored = await engine.import("full", made.space_id);
    const form = "space" in stored.inputs ? "space" : "serializedSpace";
    assert.equal((await engine.preview("full", stored.inputs)).op, "same", `declared as ${form}`);
  });

  it("import of an id that does not exist answers no resource", async () => {
    const r = await plugin.read(SPACE_TYPE, "ghost", "01f0ffffffffffffffffffffffffffff");
    assert.equal(r.id, "");
  });

  it("GenieSpacePermissions: create, a changed level named grants[0].level, an update preview with no request, import, delete", async () => {
    const spaceId = String(engine.stored("sales").outputs["spaceId"]);
    const acl = (level: string): Props => ({
      spaceId,
      grants: [{ groupName: "analysts", level }],
    });
    assert.equal(await engine.up("acl", acl("CAN_RUN"), ACL_TYPE), "create");
    assert.equal(engine.stored("acl").id, `${spaceId}/permissions`);
    const r = await requestsDuring(() => engine.preview("acl", acl("CAN_EDIT"), ACL_TYPE));
    assert.deepEqual(r.requests, []);
    assert.deepEqual(r.result.diff?.detailed, { "grants[0].level": "update" });
    assert.equal(r.result.outputs?.["spaceId"], spaceId);
    assert.equal(await engine.up("acl", acl("CAN_EDIT"), ACL_TYPE), "update");
    const imported = await engine.import("acl-imported", `${spaceId}/permissions`, ACL_TYPE);
    assert.deepEqual(imported.inputs["grants"], [{ groupName: "analysts", level: "CAN_EDIT" }]);
    assert.equal(imported.inputs["mode"], "additive");
    assert.equal((await engine.preview("acl-imported", imported.inputs, ACL_TYPE)).op, "same");
    engine.state.delete("acl-imported");
    await engine.destroy("acl");
    const live = (await fetch(`${emu.url}/api/2.0/permissions/genie/${spaceId}`, {
      headers: { authorization: `Bearer ${emu.token}` },
    }).then((x) => x.json())) as { access_control_list: { group_name?: string }[] };
    assert.ok(!live.access_control_list.some((e) => e.group_name === "analysts"));
  });

  it("a state this version cannot use fails Diff with the field and the way out, not a stack trace", async () => {
    const old = engine.stored("sales");
    await assert.rejects(
      plugin.diff(
        SPACE_TYPE,
        "sales",
        old.id,
        { ...old.outputs, drift: 7 },
        old.inputs,
        old.inputs,
      ),
      (e: Error) =>
        /drift: expected a list of strings/.test(e.message) && !/\n\s+at /.test(e.message),
    );
  });

  it("Delete trashes the space", async () => {
    const id = engine.stored("sales").id;
    await engine.destroy("sales");
    const r = await fetch(`${emu.url}/api/2.0/genie/spaces/${id}`, {
      headers: { authorization: `Bearer ${emu.token}` },
    });
    assert.equal(r.status, 404);
  });
});
