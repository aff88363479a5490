import { strict as assert } from "node:assert";
import type { GenieSpaceArgs } from "../../provider";
import type { UiEdit } from "../../emulator/admin";
import { declare } from "../support/declare";
import { docBlock } from "../support/readme";
import { WAREHOUSE } from "../support/emulator";
import { fixtureText } from "../support/fixtures";
import type { Props } from "../support/host";
import { changedPaths, renderUpdate } from "../support/property-diff";
import { SECOND_WAREHOUSE, type Stack, stack } from "../support/stack";

/**
 * What `pulumi preview --diff` shows after a refresh that found drift is the engine's diff of the
 * inputs refresh stored against the program's (DESIGN.md, "Rules that come from Pulumi itself").
 * These tests take both from the real provider host and compare them as the engine does.
 */

const spec = (over: Partial<GenieSpaceArgs> = {}): GenieSpaceArgs => ({
  title: "Sales",
  warehouseId: WAREHOUSE,
  // Written the way people write it; the server answers `/Shared/genie`.
  parentPath: "/Workspace/Shared/genie/",
  space: {
    tables: [
      "${catalog}.sales.orders",
      { identifier: "${catalog}.sales.customers", columns: { name: { synonyms: ["who"] } } },
    ],
    instructions: "Revenue is SUM(amount).\nFiscal years start in February.",
    sampleQuestions: ["What was revenue last month?", "Who are our top 10 customers?"],
    exampleSqls: [
      { question: "Top customers", sql: "SELECT name\nFROM ${catalog}.sales.customers" },
    ],
  },
  variables: { catalog: "dev" },
  ...over,
});

const raw = (over: Partial<GenieSpaceArgs> = {}): GenieSpaceArgs => ({
  title: "From a file",
  warehouseId: WAREHOUSE,
  // A v1 export with invalid ids and unsorted lists: the server stores it migrated and re-sorted.
  serializedSpace: fixtureText("full_featured.v1.geniespace.json"),
  ...over,
});

describe("refresh hands back the program's inputs, changed exactly where the space drifted", function () {
  this.timeout(60_000);
  let s: Stack;
  before(async () => (s = await stack()));
  after(() => s.stop());

  const spaceId = (name: string) => String(s.engine.outputs(name)["spaceId"]);
  const inputs = (name: string): Props => s.engine.state.get(name)?.inputs ?? {};

  /** up, an edit outside Pulumi, refresh: the paths where refreshed and program inputs differ. */
  async function drift(
    name: string,
    args: GenieSpaceArgs,
    edit: (id: string) => Promise<void>,
  ): Promise<{ program: Props; paths: string[] }> {
    const program = await declare(name, args);
    await s.engine.up(name, program);
    assert.deepEqual(inputs(name), program);
    await edit(spaceId(name));
    assert.equal(await s.engine.refresh(name), "refresh-changed");
    return { program, paths: changedPaths(inputs(name), program) };
  }

  /** up puts the declared state back; the next refresh finds nothing and keeps the program's inputs. */
  async function restores(name: string, program: Props): Promise<void> {
    assert.equal(await s.engine.preview(name, program), "update");
    assert.equal(await s.engine.up(name, program), "update");
    assert.deepEqual(s.engine.outputs(name)["drift"], []);
    assert.equal(await s.engine.refresh(name), "refresh-same");
    assert.deepEqual(inputs(name), program);
    assert.equal(await s.engine.preview(name, program), "same");
  }

  const ui = (e: UiEdit) => (id: string) => Promise.resolve(s.emu.edit(id, e));

  /** Someone else's tool rewrites the document through the API (a sample question edited). */
  const viaApi = (change: (doc: Record<string, unknown>) => void) => async (id: string) => {
    const got = await s.call("GET", `/api/2.0/genie/spaces/${id}?include_serialized_space=true`);
    const doc = JSON.parse(String(got.body["serialized_space"])) as Record<string, unknown>;
    change(doc);
    const res = await s.call("PATCH", `/api/2.0/genie/spaces/${id}`, {
      serialized_space: JSON.stringify(doc),
    });
    assert.equal(res.status, 200, JSON.stringify(res.body));
  };

  const cases: [string, GenieSpaceArgs, (id: string) => Promise<void>, string[]][] = [
    ["the title", spec(), ui({ title: "Renamed in the UI" }), ["title"]],
    ["the description", spec(), ui({ description: "Edited in the UI" }), ["description"]],
    ["the warehouse", spec(), ui({ warehouseId: SECOND_WAREHOUSE }), ["warehouseId"]],
    ["the folder", spec(), ui({ parentPath: "/Shared" }), ["parentPath"]],
    [
      "a spec's instructions",
      spec(),
      ui({ instructions: "Edited in the UI" }),
      ["space.instructions"],
    ],
    ["a table added to a spec", spec(), ui({ addTable: "dev.sales.zzz" }), ["space.tables[2]"]],
    [
      "a table removed from a spec",
      spec(),
      ui({ removeTable: "dev.sales.customers" }),
      ["space.tables[1]"],
    ],
    [
      "a column description in a spec",
      spec(),
      ui({
        columnDescription: { table: "dev.sales.customers", column: "name", description: "Who" },
      }),
      ["space.tables[1].columns.name.description"],
    ],
    [
      "a sample question of a spec",
      spec(),
      viaApi((doc) => {
        const qs = (doc["config"] as { sample_questions: { question: string[] }[] })
          .sample_questions;
        const q = qs.find((x) => x.question.join("") === "Who are our top 10 customers?");
        if (q === undefined) throw new Error("no such question");
        q.question = ["Who are our top 20 customers?"];
      }),
      ["space.sampleQuestions[1]"],
    ],
    [
      "a raw document's instructions",
      raw(),
      ui({ instructions: "Edited in the UI" }),
      [
        "serializedSpace.instructions.text_instructions[0].content[0]",
        "serializedSpace.instructions.text_instructions[0].content[1]",
        "serializedSpace.instructions.text_instructions[0].content[2]",
      ],
    ],
    [
      "a table added to a raw document",
      raw(),
      ui({ addTable: "dev.sales.zzz" }),
      ["serializedSpace.data_sources.tables[2]"],
    ],
    [
      "a table added to a raw document given as an object",
      raw({
        serializedSpace: JSON.parse(fixtureText("full_featured.v1.geniespace.json")) as Record<
          string,
          unknown
        >,
      }),
      ui({ addTable: "dev.sales.zzz" }),
      ["serializedSpace.data_sources.tables[2]"],
    ],
  ];
  cases.forEach(([what, args, edit, expected], n) => {
    it(`${what} changed outside Pulumi: refreshed inputs differ at ${expected.join(", ")} only; up restores it`, async () => {
      const name = `case-${n}`;
      const { program, paths } = await drift(name, args, edit);
      assert.deepEqual(paths, expected);
      await restores(name, program);
    });
  });

  it("the refreshed inputs hold the live values in the program's terms", async () => {
    const { program } = await drift("terms", spec(), async (id) => {
      s.emu.edit(id, { title: "Renamed", parentPath: "/Shared", instructions: "Edited in the UI" });
      return Promise.resolve();
    });
    const got = inputs("terms");
    assert.equal(got["title"], "Renamed");
    assert.equal(got["parentPath"], "/Workspace/Shared", "the program writes /Workspace");
    const space = got["space"] as Record<string, unknown>;
    assert.equal(space["instructions"], "Edited in the UI");
    assert.deepEqual(
      space["tables"],
      (program["space"] as Record<string, unknown>)["tables"],
      "placeholders kept",
    );
    assert.deepEqual(got["variables"], program["variables"]);
  });

  it("a UI edit undone in the UI moves the etag but is no drift: the inputs are the program's exactly", async () => {
    const { program } = await drift("undone", spec(), async (id) => {
      s.emu.edit(id, { instructions: "Edited in the UI", title: "Renamed" });
      return Promise.resolve();
    });
    s.emu.edit(spaceId("undone"), {
      instructions: "Revenue is SUM(amount).\nFiscal years start in February.",
      title: "Sales",
    });
    assert.equal(await s.engine.refresh("undone"), "refresh-changed");
    assert.deepEqual(s.engine.outputs("undone")["drift"], []);
    assert.deepEqual(inputs("undone"), program);
  });

  it("docs/genie-space.md shows what `pulumi preview --diff` prints after a UI edit and a refresh", async () => {
    const readmeExample: GenieSpaceArgs = {
      title: "Sales analytics",
      description: "Ask questions about orders and customers.",
      warehouseId: WAREHOUSE,
      parentPath: "/Workspace/Shared/genie",
      space: {
        tables: ["${catalog}.sales.orders", "${catalog}.sales.customers"],
        instructions: "Revenue means SUM(orders.amount).",
        sampleQuestions: ["What was revenue last month?"],
      },
      variables: { catalog: "dev" },
    };
    await drift("sales", readmeExample, async (id) => {
      s.emu.edit(id, {
        title: "Renamed in the UI",
        instructions: "Edited in the UI.\nRevenue is net of refunds.",
        removeTable: "dev.sales.customers",
      });
      return Promise.resolve();
    });
    const st = s.engine.state.get("sales");
    if (st === undefined) throw new Error("no state");
    const shown = renderUpdate(
      {
        type: "pulumi-nodejs:dynamic/genie:GenieSpace",
        id: st.id,
        urn: "urn:pulumi:dev::genie-reference::pulumi-nodejs:dynamic/genie:GenieSpace::sales",
      },
      st.inputs,
      await declare("sales", readmeExample),
    ).replace(/01f[0-9a-f]{29}/g, "01f0d3c5a9e81b2f8c4e6a7b9d0e1f23");
    const summary = JSON.stringify(s.engine.outputs("sales")["drift"], null, 2);
    console.log(`      pulumi preview --diff after the edit and a refresh:\n${shown}\n${summary}`);
    const block = (lang: string) => docBlock("docs/genie-space.md", "Drift and refresh", lang);
    assert.equal(
      block("text"),
      shown,
      "docs/genie-space.md, Drift and refresh, shows this preview",
    );
    assert.equal(
      block("json"),
      summary,
      "docs/genie-space.md, Drift and refresh, shows this drift output",
    );
  });
});
