import { strict as assert } from "node:assert";
import {
  canonicalize,
  diffSpaces,
  type JoinSpec,
  serializeSpace,
  toSerializedSpace,
  validateSpace,
} from "../../provider";
import { reconcile } from "../../provider/model/reconcile";
import { specFromDocument } from "../../provider/model/spec-from-document";
import { emulator } from "../support/emulator";

// One entry added to the field table (fields.ts: `joinType: str("join_type")`) and nothing else in
// the provider: the published JoinSpec type, both conversions, the schemas, the canonical form, the
// diff paths and refresh all follow from it.
const join = (joinType?: string): JoinSpec => ({
  left: "main.sales.orders",
  right: "main.sales.customers",
  sql: "orders.customer_id = customers.id",
  relationship: "MANY_TO_ONE",
  ...(joinType === undefined ? {} : { joinType }),
});
const spec = { joins: [join("LEFT JOIN")] };

describe("joins[].joinType, added by one entry of the field table", () => {
  it("is written to the document as join_type, a plain string beside the sides", () => {
    const [written] = toSerializedSpace(spec).document.instructions?.join_specs ?? [];
    assert.equal(written?.["join_type"], "LEFT JOIN");
    assert.equal(written?.left.alias, "orders");
  });

  it("is read back into the spec as joinType, and a join without one has none", () => {
    const back = specFromDocument(toSerializedSpace(spec).document).joins ?? [];
    assert.equal(back[0]?.joinType, "LEFT JOIN");
    const none = specFromDocument(toSerializedSpace({ joins: [join()] }).document).joins ?? [];
    assert.equal("joinType" in (none[0] ?? {}), false);
  });

  it("is part of the space's meaning: a changed join type is a difference at its own path", () => {
    const edited = { joins: [join("INNER JOIN")] };
    assert.notDeepEqual(canonicalize(spec), canonicalize(edited));
    assert.deepEqual(
      diffSpaces(spec, edited).map((d) => d.path),
      ['instructions.join_specs["main.sales.orders JOIN main.sales.customers"].join_type'],
    );
  });

  it("refresh takes a join type set in the UI into the program's own spec", () => {
    const live = toSerializedSpace({ joins: [join("INNER JOIN")] }).document;
    const merged = reconcile({ joins: [join()] }, live) as typeof spec;
    assert.equal(merged.joins[0]?.joinType, "INNER JOIN");
    assert.equal(merged.joins[0]?.relationship, "MANY_TO_ONE");
  });

  it("is refused with its spec path when it is not a string", () => {
    const { errors } = validateSpace({ joins: [{ ...join(), joinType: 3 }] });
    assert.deepEqual(
      errors.map((e) => e.path),
      ["joins[0].joinType"],
    );
  });

  it("is refused as a list in a document, where it is one plain string", () => {
    const document = toSerializedSpace(spec).document;
    const [j] = document.instructions?.join_specs ?? [];
    const { errors } = validateSpace({
      ...document,
      instructions: { join_specs: [{ ...j, join_type: ["LEFT", "JOIN"] }] },
    });
    assert.deepEqual(
      errors.map((e) => e.path),
      ["instructions.join_specs[0].join_type"],
    );
  });

  it("survives a create and a read of the emulated server", async () => {
    const t = await emulator();
    try {
      const created = await t.createSpace({
        serialized_space: serializeSpace(toSerializedSpace(spec).document),
      });
      const read = await t.call(
        "GET",
        `/api/2.0/genie/spaces/${String(created["space_id"])}?include_serialized_space=true`,
      );
      const back = specFromDocument(JSON.parse(String(read.body["serialized_space"])));
      assert.equal(back.joins?.[0]?.joinType, "LEFT JOIN");
    } finally {
      await t.emu.stop();
    }
  });
});
