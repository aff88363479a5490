import { strict as assert } from "node:assert";
import { diffSpaces } from "../../provider";
import { emulator, WAREHOUSE } from "../support/emulator";
import { fixtureText } from "../support/fixtures";

type Ctx = Awaited<ReturnType<typeof emulator>>;
const SPACES = "/api/2.0/genie/spaces";

describe("emulator: Genie spaces", () => {
  let t: Ctx;
  beforeEach(async () => (t = await emulator()));
  afterEach(() => t.emu.stop());

  it("create answers the space with its serialized document and etag", async () => {
    const space = await t.createSpace({ description: "d" });
    assert.match(String(space["space_id"]), /^01f[0-9a-f]{29}$/);
    assert.equal(space["title"], "Sales");
    assert.equal(space["description"], "d");
    assert.equal(space["warehouse_id"], WAREHOUSE);
    assert.equal(typeof space["etag"], "string");
    assert.match(
      String(space["create_time"]),
      /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$/,
      "RFC 3339",
    );
    assert.equal(space["update_time"], space["create_time"]);
    assert.deepEqual(
      diffSpaces(
        String(space["serialized_space"]),
        fixtureText("server_export.v2.geniespace.json"),
      ),
      [],
    );
  });

  it("create without serialized_space answers 400 'Field 'serialized_space' is required'", async () => {
    const res = await t.call("POST", SPACES, { warehouse_id: WAREHOUSE });
    assert.equal(res.status, 400);
    assert.deepEqual(res.body, {
      error_code: "INVALID_PARAMETER_VALUE",
      message: "Field 'serialized_space' is required",
    });
  });

  it("create with an unknown warehouse answers 400", async () => {
    const res = await t.call("POST", SPACES, {
      warehouse_id: "nope",
      serialized_space: '{"version":2}',
    });
    assert.equal(res.status, 400);
  });

  it("create rejects an invalid document with the server's own error text", async () => {
    const cases: [string, string][] = [
      ['{"version":0}', "ExportConverter supports versions 1 and 2, but got 0"],
      [
        fixtureText("full_featured.v1.geniespace.json"),
        "Invalid id for sample_question.id: 'sq-001'. Expected lowercase 32-hex UUID",
      ],
      [
        '{"version":2,"description":"x"}',
        "Cannot find field: description in message GenieSpaceExport",
      ],
      [
        JSON.stringify({
          version: 2,
          data_sources: { tables: [{ identifier: "b.b.b" }, { identifier: "a.a.a" }] },
        }),
        "data_sources.tables must be sorted by identifier",
      ],
      [
        JSON.stringify({
          version: 2,
          instructions: {
            text_instructions: [
              { id: "0".repeat(32), content: ["a"] },
              { id: "1".repeat(32), content: ["b"] },
            ],
          },
        }),
        "instructions.text_instructions must contain at most one item",
      ],
      [
        JSON.stringify({
          version: 2,
          data_sources: {
            tables: [
              {
                identifier: "a.a.a",
                column_configs: [{ column_name: "c", get_example_values: true }],
              },
            ],
          },
        }),
        "'get_example_values' is a version 1 column flag in a version 2 document",
      ],
    ];
    for (const [doc, message] of cases) {
      const res = await t.call("POST", SPACES, { warehouse_id: WAREHOUSE, serialized_space: doc });
      assert.equal(res.status, 400, doc);
      assert.equal(res.body["error_code"], "INVALID_PARAMETER_VALUE");
      assert.equal(res.body["message"], message);
    }
  });

  it("create with a sql_function missing its id answers 500 'Failed to retrieve schema'", async () => {
    const res = await t.call("POST", SPACES, {
      warehouse_id: WAREHOUSE,
      serialized_space: JSON.stringify({
        version: 2,
        instructions: { sql_functions: [{ identifier: "a.b.c" }] },
      }),
    });
    assert.equal(res.status, 500);
    assert.equal(res.body["message"], "Failed to retrieve schema");
  });

  it("stores v1 as v2 and the migration bumps the etag after the create answer", async () => {
    const v1 = {
      version: 1,
      data_sources: {
        tables: [
          {
            identifier: "dev.sales.orders",
            column_configs: [
              { column_name: "status", get_example_values: true, build_value_dictionary: true },
            ],
          },
        ],
      },
    };
    const created = await t.createSpace({ serialized_space: JSON.stringify(v1) });
    const got = await t.call(
      "GET",
      `${SPACES}/${String(created["space_id"])}?include_serialized_space=true`,
    );
    const stored = JSON.parse(String(got.body["serialized_space"])) as Record<string, unknown>;
    assert.equal(stored["version"], 2);
    assert.deepEqual((stored["data_sources"] as { tables: unknown[] }).tables[0], {
      identifier: "dev.sales.orders",
      column_configs: [
        { column_name: "status", enable_format_assistance: true, enable_entity_matching: true },
      ],
    });
    assert.notEqual(got.body["etag"], created["etag"], "the etag moved after the answer");
  });

  it("GET returns serialized_space pretty-printed with a trailing newline and text split per line", async () => {
    const doc = JSON.stringify({
      version: 2,
      instructions: { text_instructions: [{ id: "0".repeat(32), content: ["one\ntwo\nthree"] }] },
    });
    const created = await t.createSpace({ serialized_space: doc });
    const got = await t.call(
      "GET",
      `${SPACES}/${String(created["space_id"])}?include_serialized_space=true`,
    );
    const text = String(got.body["serialized_space"]);
    assert.ok(text.startsWith('{\n  "version": 2,'));
    assert.ok(text.endsWith("}\n"));
    const stored = JSON.parse(text) as {
      instructions: { text_instructions: { content: string[] }[] };
    };
    assert.deepEqual(stored.instructions.text_instructions[0]?.content, [
      "one\n",
      "two\n",
      "three",
    ]);
  });

  it("rejects a document field the server does not know, in the server's words", async () => {
    const doc = (extra: Record<string, unknown>, where: "top" | "table") =>
      JSON.stringify({
        version: 2,
        ...(where === "top" ? extra : {}),
        data_sources: { tables: [{ identifier: "a.b.c", ...(where === "table" ? extra : {}) }] },
      });
    const top = await t.call("POST", SPACES, {
      warehouse_id: WAREHOUSE,
      serialized_space: doc({ display_name: "x" }, "top"),
    });
    assert.equal(top.status, 400);
    assert.deepEqual(top.body, {
      error_code: "INVALID_PARAMETER_VALUE",
      message: "Cannot find field: display_name in message GenieSpaceExport",
    });
    const nested = await t.call("POST", SPACES, {
      warehouse_id: WAREHOUSE,
      serialized_space: doc({ future_flag: true }, "table"),
    });
    assert.equal(nested.body["message"], "Cannot find field: future_flag in message Table");
  });

  it("accepts a SQL function's description, a field the server knows", async () => {
    const created = await t.call("POST", SPACES, {
      warehouse_id: WAREHOUSE,
      serialized_space: JSON.stringify({
        version: 2,
        instructions: {
          sql_functions: [
            { id: "0".repeat(31) + "1", identifier: "a.b.f", description: "What f does" },
          ],
        },
      }),
    });
    assert.equal(created.status, 200);
    const stored = JSON.parse(String(created.body["serialized_space"])) as {
      instructions: { sql_functions: { description: string }[] };
    };
    assert.equal(stored.instructions.sql_functions[0]?.description, "What f does");
  });

  it("keeps fields the server knows and this package does not (declared with extraKnownFields) through create and GET", async () => {
    t.emu.config.extraKnownFields = ["data_sources.tables.future_flag"];
    const doc = JSON.stringify({
      version: 2,
      data_sources: { tables: [{ identifier: "a.b.c", future_flag: { on: true } }] },
    });
    const created = await t.createSpace({ serialized_space: doc });
    const got = await t.call(
      "GET",
      `${SPACES}/${String(created["space_id"])}?include_serialized_space=true`,
    );
    const stored = JSON.parse(String(got.body["serialized_space"])) as {
      data_sources: { tables: Record<string, unknown>[] };
    };
    assert.deepEqual(stored.data_sources.tables[0]?.["future_flag"], { on: true });
  });

  it("assigns time-based 32-hex ids to items that have none", async () => {
    const doc = JSON.stringify({ version: 2, config: { sample_questions: [{ question: ["q"] }] } });
    const created = await t.createSpace({ serialized_space: doc });
    const stored = JSON.parse(String(created["serialized_space"])) as {
      config: { sample_questions: { id: string }[] };
    };
    assert.match(stored.config.sample_questions[0]?.id ?? "", /^01f[0-9a-f]{29}$/);
  });

  it("GET without include_serialized_space carries neither the document nor the etag", async () => {
    const created = await t.createSpace();
    const got = await t.call("GET", `${SPACES}/${String(created["space_id"])}`);
    assert.equal(got.status, 200);
    assert.ok(!("serialized_space" in got.body) && !("etag" in got.body));
  });

  it("PATCH with a stale etag answers 409", async () => {
    const created = await t.createSpace();
    const id = String(created["space_id"]);
    const other = JSON.stringify({
      version: 2,
      data_sources: { tables: [{ identifier: "dev.sales.orders" }] },
    });
    assert.equal(
      (await t.call("PATCH", `${SPACES}/${id}`, { etag: created["etag"], serialized_space: other }))
        .status,
      200,
    );
    const res = await t.call("PATCH", `${SPACES}/${id}`, {
      etag: created["etag"],
      description: "two",
    });
    assert.equal(res.status, 409);
    assert.equal(res.body["error_code"], "RESOURCE_CONFLICT");
  });

  it("PATCH without an etag is last-writer-wins", async () => {
    const id = String((await t.createSpace())["space_id"]);
    await t.call("PATCH", `${SPACES}/${id}`, { description: "one" });
    const res = await t.call("PATCH", `${SPACES}/${id}`, { description: "two" });
    assert.equal(res.status, 200);
    assert.equal(res.body["description"], "two");
  });

  it("PATCH with a serialized_space replaces the whole document and changes the etag", async () => {
    const created = await t.createSpace();
    const id = String(created["space_id"]);
    const doc = JSON.stringify({
      version: 2,
      data_sources: { tables: [{ identifier: "dev.sales.orders" }] },
    });
    const res = await t.call("PATCH", `${SPACES}/${id}`, { serialized_space: doc });
    assert.notEqual(res.body["etag"], created["etag"]);
    assert.deepEqual(diffSpaces(String(res.body["serialized_space"]), doc), []);
  });

  it("PATCH of title alone keeps the document and the etag", async () => {
    const created = await t.createSpace();
    const res = await t.call("PATCH", `${SPACES}/${String(created["space_id"])}`, {
      title: "Renamed",
    });
    assert.equal(res.body["title"], "Renamed", "no ' (updated)' suffix");
    assert.deepEqual(
      diffSpaces(String(res.body["serialized_space"]), String(created["serialized_space"])),
      [],
    );
    assert.equal(res.body["etag"], created["etag"]);
  });

  it("the etag changes only when the stored document changes: metadata-only PATCHes and an equal document keep it", async () => {
    const created = await t.createSpace();
    const id = String(created["space_id"]);
    const etag = () => t.emu.space(id)?.etag;
    const first = etag();
    for (const body of [
      { title: "T2" },
      { description: "d2" },
      { warehouse_id: "b2c3d4e5f6071829" },
      { parent_path: "/Workspace/Shared" },
      { serialized_space: String(created["serialized_space"]) },
    ]) {
      assert.equal((await t.call("PATCH", `${SPACES}/${id}`, body)).status, 200);
      assert.equal(etag(), first, JSON.stringify(body));
    }
    const doc = JSON.stringify({ version: 2, data_sources: { tables: [{ identifier: "x.y.z" }] } });
    await t.call("PATCH", `${SPACES}/${id}`, { serialized_space: doc });
    assert.notEqual(etag(), first, "a new document moves it");
  });

  it("PATCH of parent_path moves the space; into a missing folder answers 404", async () => {
    const id = String((await t.createSpace())["space_id"]);
    const moved = await t.call("PATCH", `${SPACES}/${id}`, {
      parent_path: "/Workspace/Shared/Genie",
    });
    assert.equal(moved.body["parent_path"], "/Shared/Genie");
    assert.equal(
      (await t.call("PATCH", `${SPACES}/${id}`, { parent_path: "/Workspace/Missing" })).status,
      404,
    );
  });

  it("GET right after a PATCH returns the old title, description and warehouse for staleReadMs", async () => {
    t.emu.config.staleReadMs = 5000;
    const id = String((await t.createSpace())["space_id"]);
    const patched = await t.call("PATCH", `${SPACES}/${id}`, { title: "New" });
    assert.equal(patched.body["title"], "New", "the PATCH answer itself is current");
    assert.equal((await t.call("GET", `${SPACES}/${id}`)).body["title"], "Sales");
    t.clock.advance(5000);
    assert.equal((await t.call("GET", `${SPACES}/${id}`)).body["title"], "New");
  });

  it("returns parent_path without /Workspace and defaults it to the caller's home folder", async () => {
    const home = await t.createSpace();
    assert.equal(home["parent_path"], "/Users/admin@example.com");
    const shared = await t.createSpace({ parent_path: "/Workspace/Shared/Genie" });
    assert.equal(shared["parent_path"], "/Shared/Genie");
  });

  it("create into a missing folder answers 404 RESOURCE_DOES_NOT_EXIST", async () => {
    const res = await t.call("POST", SPACES, {
      warehouse_id: WAREHOUSE,
      serialized_space: '{"version":2}',
      parent_path: "/Workspace/Teams/sales",
    });
    assert.equal(res.status, 404);
    assert.equal(res.body["error_code"], "RESOURCE_DOES_NOT_EXIST");
  });

  it("create into a missing folder answers 400 'Tree node ... does not exist' in the older-backend mode", async () => {
    t.emu.config.missingFolder = "400";
    const res = await t.call("POST", SPACES, {
      warehouse_id: WAREHOUSE,
      serialized_space: '{"version":2}',
      parent_path: "/Teams/sales",
    });
    assert.equal(res.status, 400);
    assert.equal(res.body["message"], "Tree node with path '/Teams/sales' does not exist");
  });

  it("DELETE trashes: GET keeps answering for trashLagMs, then 404 'has been trashed'", async () => {
    t.emu.config.trashLagMs = 30_000;
    const id = String((await t.createSpace())["space_id"]);
    assert.equal((await t.call("DELETE", `${SPACES}/${id}`)).status, 200);
    assert.equal((await t.call("GET", `${SPACES}/${id}`)).status, 200);
    t.clock.advance(30_000);
    const gone = await t.call("GET", `${SPACES}/${id}`);
    assert.equal(gone.status, 404);
    assert.match(String(gone.body["message"]), /has been trashed/);
  });

  it("DELETE of a trashed space answers 403 PERMISSION_DENIED, during the trash lag and after it", async () => {
    t.emu.config.trashLagMs = 30_000;
    const id = String((await t.createSpace())["space_id"]);
    await t.call("DELETE", `${SPACES}/${id}`);
    const again = await t.call("DELETE", `${SPACES}/${id}`);
    assert.equal(again.status, 403);
    assert.equal(again.body["error_code"], "PERMISSION_DENIED");
    t.clock.advance(30_000);
    assert.equal((await t.call("DELETE", `${SPACES}/${id}`)).status, 403);
    assert.equal((await t.call("GET", `${SPACES}/${id}`)).status, 404);
  });

  it("a write to a trashed space answers 404 'has been trashed' at once, while GET still shows it", async () => {
    t.emu.config.trashLagMs = 30_000;
    const id = String((await t.createSpace())["space_id"]);
    await t.call("DELETE", `${SPACES}/${id}`);
    assert.equal((await t.call("GET", `${SPACES}/${id}`)).status, 200);
    const patch = await t.call("PATCH", `${SPACES}/${id}`, { description: "x" });
    assert.equal(patch.status, 404);
    assert.match(String(patch.body["message"]), /has been trashed/);
  });

  it("the permissions of a trashed space still answer", async () => {
    const id = String((await t.createSpace())["space_id"]);
    await t.call("DELETE", `${SPACES}/${id}`);
    const acl = await t.call("GET", `/api/2.0/permissions/genie/${id}`);
    assert.equal(acl.status, 200);
    assert.equal(acl.body["object_type"], "genie");
    assert.equal(
      (await t.call("GET", "/api/2.0/permissions/genie/01f0000000000000000000000000dead")).status,
      404,
    );
  });

  it("a delay fault holds the request until the emulator's clock moves (or that much real time passes), then carries it out", async () => {
    t.emu.addFault({ kind: "delay", ms: 60_000, method: "POST", path: SPACES });
    const pending = t.createSpace({ title: "Held" });
    let settled = false;
    void pending.then(() => (settled = true));
    await new Promise((r) => setImmediate(r));
    await t.call("GET", SPACES);
    assert.equal(settled, false, "still held");
    t.clock.advance(60_000);
    const listed = await t.call("GET", SPACES);
    assert.deepEqual(
      (listed.body["spaces"] as { title: string }[]).map((x) => x.title),
      ["Held"],
      "a request after the clock moved sees the held one carried out",
    );
    await pending;
  });

  it("answers with a Date header from its own clock", async () => {
    const res = await t.call("GET", SPACES);
    assert.equal(Date.parse(res.headers.get("date") ?? ""), t.clock.now());
  });

  it("GET of an unknown space answers 404 RESOURCE_DOES_NOT_EXIST", async () => {
    const res = await t.call("GET", `${SPACES}/01f0000000000000000000000000dead`);
    assert.equal(res.status, 404);
    assert.equal(res.body["error_code"], "RESOURCE_DOES_NOT_EXIST");
  });

  it("list pages with page_size and page_token, without serialized_space, skipping trashed spaces", async () => {
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) {
      t.clock.advance(1);
      ids.push(String((await t.createSpace({ title: `S${i}` }))["space_id"]));
    }
    await t.call("DELETE", `${SPACES}/${ids[4]}`);
    const seen: string[] = [];
    let token: unknown = undefined;
    do {
      const q = `?page_size=2${token === undefined ? "" : `&page_token=${String(token)}`}`;
      const page = await t.call("GET", SPACES + q);
      const spaces = page.body["spaces"] as Record<string, unknown>[];
      assert.ok(spaces.length <= 2);
      for (const s of spaces) {
        assert.ok(!("serialized_space" in s));
        seen.push(String(s["space_id"]));
      }
      token = page.body["next_page_token"];
    } while (token !== undefined);
    assert.deepEqual(seen, ids.slice(0, 4));
  });

  it("answers 501 'This API is not yet supported.' when the feature is not enabled", async () => {
    t.emu.config.notEnabled = true;
    const res = await t.call("GET", SPACES);
    assert.equal(res.status, 501);
    assert.equal(res.body["message"], "This API is not yet supported.");
  });
});
