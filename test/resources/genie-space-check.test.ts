import { strict as assert } from "node:assert";
import type { GenieSpaceArgs } from "../../provider";
import { UNKNOWN } from "../../provider/resources/inputs";
import { declare } from "../support/declare";
import { WAREHOUSE } from "../support/emulator";
import { CheckFailed } from "../support/engine";
import { failureText, type Props } from "../support/host";
import { type Stack, stack } from "../support/stack";

/** The CheckFailures the host returns for these inputs (and never a crash). */
async function failures(s: Stack, inputs: Props): Promise<string[]> {
  try {
    await s.engine.preview(`check-${Math.random()}`, inputs);
    return [];
  } catch (e) {
    if (e instanceof CheckFailed) return e.failures.map(failureText);
    throw e;
  }
}

describe("GenieSpace check through the real provider host: bad inputs are CheckFailures with paths", function () {
  this.timeout(60_000);
  let s: Stack;
  let provider: unknown;
  before(async () => {
    s = await stack();
    provider = (await declare("check", { title: "x", warehouseId: WAREHOUSE, space: {} }))[
      "__provider"
    ];
  });
  after(() => s.stop());

  const raw = (props: Props): Props => ({ ...props, __provider: provider });
  const base: GenieSpaceArgs = {
    title: "Sales",
    warehouseId: WAREHOUSE,
    space: { tables: ["dev.sales.orders"] },
  };

  const cases: [string, Props, RegExp][] = [
    ["a missing title", { warehouseId: WAREHOUSE, space: {} }, /^title: title is required/],
    ["a missing warehouseId", { title: "t", space: {} }, /^warehouseId: warehouseId is required/],
    [
      "both space and serializedSpace",
      { title: "t", warehouseId: WAREHOUSE, space: {}, serializedSpace: "{}" },
      /^serializedSpace: give exactly one of space/,
    ],
    [
      "neither space nor serializedSpace",
      { title: "t", warehouseId: WAREHOUSE },
      /^space: give exactly one of space/,
    ],
    [
      "variables that are not strings",
      { title: "t", warehouseId: WAREHOUSE, space: {}, variables: { n: 1 } },
      /^variables\.n: variables must map names to strings; got a number/,
    ],
    [
      "a relative parentPath",
      { title: "t", warehouseId: WAREHOUSE, space: {}, parentPath: "Shared" },
      /^parentPath: parentPath must be an absolute workspace folder/,
    ],
    [
      "a misspelt spec property",
      { title: "t", warehouseId: WAREHOUSE, space: { tabels: [] } },
      /^space\.tabels: unknown property 'tabels'/,
    ],
    [
      "a table that is not three-part",
      { title: "t", warehouseId: WAREHOUSE, space: { tables: ["orders"] } },
      /^space\.tables\[0\]\.identifier: 'orders' is not a three-part name/,
    ],
    [
      "an unknown variable",
      { title: "t", warehouseId: WAREHOUSE, space: { tables: ["${catalog}.s.t"] }, variables: {} },
      /^space\.tables\[0\]: unknown variable 'catalog'/,
    ],
    [
      "a duplicate question",
      { title: "t", warehouseId: WAREHOUSE, space: { sampleQuestions: ["q", "q"] } },
      /^space\.sampleQuestions\[1\]\.question: the sample question 'q' is also/,
    ],
    [
      "a benchmark with empty SQL",
      { title: "t", warehouseId: WAREHOUSE, space: { benchmarks: [{ question: "b", sql: "" }] } },
      /^space\.benchmarks\[0\]\.sql: the benchmark's SQL is empty/,
    ],
    [
      "too many tables",
      {
        title: "t",
        warehouseId: WAREHOUSE,
        space: { tables: Array.from({ length: 31 }, (_, i) => `c.s.t${i}`) },
      },
      /^space\.tables: a space can hold at most 30 tables/,
    ],
    [
      "a raw document that is not JSON",
      { title: "t", warehouseId: WAREHOUSE, serializedSpace: "{oops" },
      /^serializedSpace: not valid JSON/,
    ],
    [
      "a raw document with a wrong version",
      { title: "t", warehouseId: WAREHOUSE, serializedSpace: '{"version": 3}' },
      /^serializedSpace\.version: ExportConverter supports versions 1 and 2, but got 3/,
    ],
    [
      "a raw document with two text instructions",
      {
        title: "t",
        warehouseId: WAREHOUSE,
        serializedSpace: JSON.stringify({
          version: 2,
          instructions: { text_instructions: [{ content: ["a"] }, { content: ["b"] }] },
        }),
      },
      /^serializedSpace\.instructions\.text_instructions: instructions\.text_instructions must contain at most one item/,
    ],
    [
      "a raw document with space fields inside",
      { title: "t", warehouseId: WAREHOUSE, serializedSpace: { version: 2, description: "x" } },
      /^serializedSpace\.description: Cannot find field: description in message GenieSpaceExport/,
    ],
  ];
  for (const [what, props, expected] of cases) {
    it(`reports ${what}`, async () => {
      const got = await failures(s, raw(props));
      assert.ok(
        got.some((f) => expected.test(f)),
        got.join("\n"),
      );
    });
  }

  it("reports every problem at once", async () => {
    const paths = async (props: Props) =>
      (await failures(s, raw(props))).map((f) => f.slice(0, f.indexOf(":")));
    assert.deepEqual(
      await paths({
        warehouseId: WAREHOUSE,
        space: { tables: ["orders", "a.b.c"], sampleQuestions: ["", "q"] },
      }),
      ["title", "space.tables[0].identifier", "space.sampleQuestions[0].question"],
      "a missing title does not hide the document's problems",
    );
    assert.deepEqual(
      await paths({
        title: "t",
        warehouseId: WAREHOUSE,
        space: { tables: ["orders", "x"], sampleQuestions: ["", "q"] },
      }),
      [
        "space.tables[0].identifier",
        "space.tables[1].identifier",
        "space.sampleQuestions[0].question",
      ],
    );
  });

  it("accepts a raw v1 export with invalid ids and unsorted lists: the model fixes those", async () => {
    const { fixtureText } = await import("../support/fixtures");
    assert.deepEqual(
      await failures(
        s,
        raw({
          title: "t",
          warehouseId: WAREHOUSE,
          serializedSpace: fixtureText("full_featured.v1.geniespace.json"),
        }),
      ),
      [],
    );
  });

  it("accepts preview unknowns (values other resources will produce) without validating them", async () => {
    const inputs = raw({
      title: "t",
      warehouseId: UNKNOWN,
      parentPath: UNKNOWN,
      space: { tables: [UNKNOWN, "dev.sales.orders"] },
      variables: { catalog: UNKNOWN },
    });
    assert.deepEqual(await failures(s, inputs), []);
  });

  it("a preview with unknowns on an existing space shows an update, never a replacement", async () => {
    const known = await declare("unknowns", base);
    await s.engine.up("unknowns", known);
    assert.equal(await s.engine.preview("unknowns", { ...known, warehouseId: UNKNOWN }), "update");
  });
});
