import { strict as assert } from "node:assert";
import { detailedDiff, leafDiffs } from "../../plugin/detailed-diff";

describe("the plugin's detailed diff (paths in the program's terms)", () => {
  it("names the leaves that differ, with Pulumi's property path syntax for keys that are not names", () => {
    const olds = {
      space: { tables: ["a", { identifier: "b", columns: { "order id": { exclude: true } } }] },
    };
    const news = {
      space: {
        tables: ["a", { identifier: "b", columns: { "order id": { exclude: false } } }, "c"],
      },
    };
    assert.deepEqual(Object.fromEntries(leafDiffs(olds.space, news.space, "space")), {
      'space.tables[1].columns["order id"].exclude': "update",
      "space.tables[2]": "add",
    });
  });

  it("only the arguments the resource says changed; one whose change the inputs do not show is named whole", () => {
    const d = detailedDiff(
      ["title", "grants"],
      { title: "a", grants: [], mode: "x" },
      { title: "b", grants: [], mode: "y" },
    );
    assert.deepEqual(Object.fromEntries(d), { title: "update", grants: "update" });
  });

  it("an argument removed or added is a delete or an add", () => {
    const d = detailedDiff(
      ["description", "parentPath"],
      { description: "x" },
      { parentPath: "/Shared" },
    );
    assert.deepEqual(Object.fromEntries(d), { description: "delete", parentPath: "add" });
  });
});
