import { strict as assert } from "node:assert";
import type { GenieSpaceArgs } from "../../provider";
import { declare } from "../support/declare";
import { WAREHOUSE } from "../support/emulator";
import { fixtureText } from "../support/fixtures";
import { SECOND_WAREHOUSE, type Stack, stack } from "../support/stack";

const args = (over: Partial<GenieSpaceArgs> = {}): GenieSpaceArgs => ({
  title: "Sales",
  warehouseId: WAREHOUSE,
  space: {
    tables: [
      "${catalog}.sales.orders",
      { identifier: "${catalog}.sales.customers", columns: { name: { synonyms: ["who"] } } },
    ],
    instructions: "Revenue is SUM(amount).\nFiscal years start in February.",
    sampleQuestions: ["What was revenue last month?"],
    exampleSqls: [
      { question: "Top customers", sql: "SELECT name\nFROM ${catalog}.sales.customers" },
    ],
  },
  variables: { catalog: "dev" },
  ...over,
});

const summary = (reqs: { method: string; path: string; status: number }[]) =>
  reqs.map((r) => `${r.method} ${r.path.replace(/01f[0-9a-f]{29}/, "{id}")} ${r.status}`);

describe("GenieSpace through the real provider host", function () {
  this.timeout(60_000);
  let s: Stack;
  before(async () => (s = await stack()));
  after(() => s.stop());

  const spaceId = (name: string) => String(s.engine.outputs(name)["spaceId"]);
  const stored = (name: string) => s.emu.space(spaceId(name));

  it("up creates the space with a POST and one GET, and records id, etag, url and the stored document", async () => {
    const inputs = await declare("create", args());
    const reqs = await s.requestsDuring(() => s.engine.up("create", inputs));
    assert.deepEqual(summary(reqs), [
      "POST /api/2.0/genie/spaces 200",
      "GET /api/2.0/genie/spaces/{id} 200",
    ]);
    const out = s.engine.outputs("create");
    assert.match(String(out["spaceId"]), /^01f[0-9a-f]{29}$/);
    assert.equal(out["etag"], stored("create")?.etag);
    assert.equal(out["url"], `${s.emu.url}/genie/rooms/${spaceId("create")}`);
    assert.equal(out["parentPath"], "/Users/admin@example.com");
    assert.ok(
      String(out["serializedSpace"]).includes('"dev.sales.orders"'),
      "variables substituted",
    );
    assert.deepEqual(out["drift"], []);
  });

  it("the next preview shows no change and makes no HTTP request, although the server rewrote the document", async () => {
    // A v1 export with invalid ids and unsorted lists: the server migrates it (bumping the etag)
    // and re-splits its text; the model gave it ids and sorted it.
    const inputs = await declare("v1", {
      title: "From v1",
      warehouseId: WAREHOUSE,
      serializedSpace: fixtureText("full_featured.v1.geniespace.json"),
    });
    await s.engine.up("v1", inputs);
    const reqs = await s.requestsDuring(async () =>
      assert.equal(await s.engine.preview("v1", inputs), "same"),
    );
    assert.deepEqual(reqs, []);
    assert.equal(JSON.parse(String(s.engine.outputs("v1")["serializedSpace"])).version, 2);
  });

  it("a refresh with nothing changed makes one GET and changes nothing", async () => {
    const inputs = await declare("quiet", args());
    await s.engine.up("quiet", inputs);
    const reqs = await s.requestsDuring(async () =>
      assert.equal(await s.engine.refresh("quiet"), "refresh-same"),
    );
    assert.deepEqual(summary(reqs), ["GET /api/2.0/genie/spaces/{id} 200"]);
    assert.equal(await s.engine.preview("quiet", inputs), "same");
  });

  it("an edit in the UI is found by refresh and named; the next preview shows an update; up puts the declared state back", async () => {
    const inputs = await declare("drift", args());
    await s.engine.up("drift", inputs);
    s.emu.edit(spaceId("drift"), {
      title: "Renamed in the UI",
      instructions: "Ignore fiscal years.",
      removeTable: "dev.sales.orders",
    });

    assert.equal(await s.engine.refresh("drift"), "refresh-changed");
    const drift = s.engine.outputs("drift")["drift"] as string[];
    assert.deepEqual(drift, [
      '~ title: "Sales" => "Renamed in the UI"',
      '- serializedSpace.data_sources.tables["dev.sales.orders"]: {"identifier":"dev.sales.orders"}',
      '~ serializedSpace.instructions.text_instructions[0].content: "Revenue is SUM(amount).\\nFiscal years start in February." => "Ignore fiscal years."',
    ]);
    assert.equal(
      s.engine.state.get("drift")?.inputs["title"],
      "Renamed in the UI",
      "refreshed inputs show the live title",
    );
    assert.equal(await s.engine.preview("drift", inputs), "update");

    const reqs = await s.requestsDuring(() => s.engine.up("drift", inputs));
    assert.deepEqual(summary(reqs), [
      "PATCH /api/2.0/genie/spaces/{id} 200",
      "GET /api/2.0/genie/spaces/{id} 200",
    ]);
    const space = stored("drift");
    assert.equal(space?.title, "Sales");
    assert.deepEqual(space?.document.instructions?.text_instructions?.[0]?.content, [
      "Revenue is SUM(amount).\n",
      "Fiscal years start in February.",
    ]);
    assert.deepEqual(
      space?.document.data_sources?.tables?.map((t) => t.identifier),
      ["dev.sales.customers", "dev.sales.orders"],
    );
    assert.deepEqual(s.engine.outputs("drift")["drift"], []);
    assert.equal(await s.engine.preview("drift", inputs), "same");
    assert.equal(await s.engine.refresh("drift"), "refresh-same");
  });

  it("two UI edits with a refresh between are both named until the next up", async () => {
    const inputs = await declare("twice", args());
    await s.engine.up("twice", inputs);
    s.emu.edit(spaceId("twice"), { instructions: "first" });
    await s.engine.refresh("twice");
    s.emu.edit(spaceId("twice"), { addTable: "dev.sales.zzz" });
    await s.engine.refresh("twice");
    const drift = (s.engine.outputs("twice")["drift"] as string[]).join("\n");
    assert.match(drift, /text_instructions\[0\]\.content/);
    assert.match(drift, /dev\.sales\.zzz/);
  });

  it("a space deleted outside Pulumi is dropped by refresh and created again by the next up", async () => {
    const inputs = await declare("gone", args());
    await s.engine.up("gone", inputs);
    const first = spaceId("gone");
    await s.call("DELETE", `/api/2.0/genie/spaces/${first}`);
    assert.equal(await s.engine.refresh("gone"), "delete");
    assert.equal(await s.engine.up("gone", inputs), "create");
    assert.notEqual(spaceId("gone"), first);
  });

  it("a stale GET right after a PATCH does not cause a second update", async () => {
    s.emu.config.staleReadMs = 60_000;
    try {
      const inputs = await declare("stale", args());
      await s.engine.up("stale", inputs);
      const renamed = await declare(
        "stale",
        args({ title: "Sales v2", description: "now with a description" }),
      );
      assert.equal(await s.engine.up("stale", renamed), "update");
      const get = await s.call("GET", `/api/2.0/genie/spaces/${spaceId("stale")}`);
      assert.equal(get.body["title"], "Sales", "the emulator is lagging");
      assert.equal(await s.engine.refresh("stale"), "refresh-same");
      assert.equal(await s.engine.preview("stale", renamed), "same");
      assert.equal(s.engine.outputs("stale")["title"], "Sales v2");
    } finally {
      s.emu.config.staleReadMs = 0;
    }
  });

  const changes: [string, Partial<GenieSpaceArgs>, (st: Stack, id: string) => void][] = [
    [
      "title",
      { title: "Sales (EMEA)" },
      (st, id) => assert.equal(st.emu.space(id)?.title, "Sales (EMEA)"),
    ],
    [
      "description",
      { description: "For the EMEA team" },
      (st, id) => assert.equal(st.emu.space(id)?.description, "For the EMEA team"),
    ],
    [
      "warehouseId",
      { warehouseId: SECOND_WAREHOUSE },
      (st, id) => assert.equal(st.emu.space(id)?.warehouse_id, SECOND_WAREHOUSE),
    ],
    [
      "parentPath",
      { parentPath: "/Workspace/Shared/Genie" },
      (st, id) => assert.equal(st.emu.space(id)?.parent_path, "/Shared/Genie"),
    ],
    [
      "parentPath into a folder that does not exist yet",
      { parentPath: "/Workspace/Teams/emea" },
      (st, id) => assert.equal(st.emu.space(id)?.parent_path, "/Teams/emea"),
    ],
    [
      "variables",
      { variables: { catalog: "prod" } },
      (st, id) =>
        assert.ok(JSON.stringify(st.emu.space(id)?.document).includes("prod.sales.orders")),
    ],
    [
      "space",
      { space: { tables: ["dev.sales.orders"] } },
      (st, id) =>
        assert.deepEqual(st.emu.space(id)?.document.data_sources?.tables, [
          { identifier: "dev.sales.orders" },
        ]),
    ],
  ];
  for (const [what, over, verify] of changes) {
    it(`changing ${what} updates the same space in place`, async () => {
      const name = `change-${what.split(" ")[0]}`;
      await s.engine.up(name, await declare(name, args()));
      const id = spaceId(name);
      const changed = await declare(name, args(over));
      assert.equal(await s.engine.preview(name, changed), "update");
      assert.equal(await s.engine.up(name, changed), "update");
      assert.equal(spaceId(name), id, "same space");
      verify(s, id);
      assert.equal(await s.engine.preview(name, changed), "same");
    });
  }

  it("sends the title only when it changed", async () => {
    await s.engine.up("title-once", await declare("title-once", args()));
    const reqs = await s.requestsDuring(async () =>
      s.engine.up("title-once", await declare("title-once", args({ description: "d" }))),
    );
    const patch = reqs.find((r) => r.method === "PATCH")?.body as Record<string, unknown>;
    assert.deepEqual(Object.keys(patch), ["description"]);
  });

  it("create into a missing folder makes the folder and tries once more", async () => {
    const inputs = await declare("folder", args({ parentPath: "/Workspace/Teams/sales" }));
    const reqs = await s.requestsDuring(() => s.engine.up("folder", inputs));
    assert.deepEqual(summary(reqs), [
      "POST /api/2.0/genie/spaces 404",
      "POST /api/2.0/workspace/mkdirs 200",
      "POST /api/2.0/genie/spaces 200",
      "GET /api/2.0/genie/spaces/{id} 200",
    ]);
    assert.equal(
      await s.engine.preview("folder", inputs),
      "same",
      "/Workspace/Teams/sales equals /Teams/sales",
    );
  });

  it("create stays transactional: when reading the new space back fails, the space is trashed", async () => {
    const inputs = await declare("tx", args({ title: "Transactional" }));
    // Three 500s: a GET is retried on 500 twice (a single transient 500 is survived).
    s.emu.addFault({
      kind: "status",
      status: 500,
      method: "GET",
      path: "/api/2.0/genie/spaces/*",
      count: 3,
    });
    await assert.rejects(s.engine.up("tx", inputs), /INTERNAL_ERROR/);
    const listed = (await s.call("GET", "/api/2.0/genie/spaces")).body["spaces"] as {
      title: string;
    }[];
    assert.ok(!listed.some((x) => x.title === "Transactional"));
    assert.equal(s.engine.state.has("tx"), false);
  });

  it("delete trashes the space and warns that its conversations are lost; a space already gone is success", async () => {
    await s.engine.up("del", await declare("del", args()));
    const id = spaceId("del");
    const state = s.engine.state.get("del");
    await s.engine.destroy("del");
    assert.notEqual(s.emu.space(id)?.trashed_at, undefined);
    assert.match(
      s.host.stderr,
      new RegExp(`trashing genie space ${id}; its conversation history is lost for good`),
    );
    assert.ok(state !== undefined, "the space was in the state before destroy");
    await s.host.delete(state.id, state.urn, state.outputs);
  });

  it("adoptSpaceId takes over an existing space: no create, the first up brings it to the declared state", async () => {
    const existing = await s.call("POST", "/api/2.0/genie/spaces", {
      warehouse_id: WAREHOUSE,
      title: "Made by hand",
      serialized_space: JSON.stringify({
        version: 2,
        data_sources: { tables: [{ identifier: "dev.sales.old" }] },
      }),
    });
    const id = String(existing.body["space_id"]);
    const inputs = await declare("adopt", args({ adoptSpaceId: id }));
    const reqs = await s.requestsDuring(() => s.engine.up("adopt", inputs));
    assert.ok(!reqs.some((r) => r.method === "POST"), "nothing created");
    assert.equal(spaceId("adopt"), id);
    assert.equal(s.emu.space(id)?.title, "Sales");
    assert.deepEqual(
      s.emu.space(id)?.document.data_sources?.tables?.map((t) => t.identifier),
      ["dev.sales.customers", "dev.sales.orders"],
    );
    assert.equal(await s.engine.preview("adopt", inputs), "same");
  });

  it("adopting a space that does not exist fails with an error that names it", async () => {
    const inputs = await declare(
      "adopt-missing",
      args({ adoptSpaceId: "01f0000000000000000000000000dead" }),
    );
    await assert.rejects(
      s.engine.up("adopt-missing", inputs),
      /cannot adopt genie space 01f0000000000000000000000000dead: it does not exist/,
    );
  });
});
