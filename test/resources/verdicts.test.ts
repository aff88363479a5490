import { strict as assert } from "node:assert";
import { canonicalHash, declaredDocument } from "../../provider/resources/inputs";
import { checkedDeclaration, declaredVerdict } from "../../provider/resources/verdicts";

/** The engine's copy of what check returned: the same content, new objects. */
const copy = <T>(x: T): T => JSON.parse(JSON.stringify(x)) as T;

const inputs = {
  space: { tables: ["${catalog}.sales.orders"], instructions: "Amounts are in EUR." },
  variables: { catalog: "dev" },
};

describe("diff reuses what check found for the same inputs", () => {
  it("gives diff check's document for a copy of the same inputs, and its canonical hash", () => {
    const checked = checkedDeclaration(copy(inputs));
    const declared = declaredVerdict(copy(inputs), undefined);
    assert.ok(checked.document !== undefined);
    assert.equal(
      declared.document,
      checked.document,
      "the same document object: not converted again",
    );
    assert.equal(declared.hash(), canonicalHash(declaredDocument(copy(inputs)).document!));
  });

  it("computes anew when the space or its variables differ", () => {
    checkedDeclaration(copy(inputs));
    const other = declaredVerdict({ ...copy(inputs), variables: { catalog: "prod" } }, undefined);
    assert.equal(
      other.document?.data_sources?.tables?.[0]?.identifier,
      "prod.sales.orders",
      "a verdict for other variables is not reused",
    );
    const edited = declaredVerdict(
      { ...copy(inputs), space: { ...inputs.space, instructions: "Amounts are in USD." } },
      undefined,
    );
    assert.notEqual(edited.hash(), declaredVerdict(copy(inputs), undefined).hash());
  });

  it("remembers an invalid document as invalid", () => {
    const bad = { space: { tables: ["not an identifier"] } };
    assert.ok(checkedDeclaration(copy(bad)).problems.length > 0);
    assert.equal(declaredVerdict(copy(bad), undefined).document, undefined);
  });

  it("keeps only the last few verdicts", () => {
    const first = checkedDeclaration({ space: { tables: ["a.b.first"] } });
    for (let i = 0; i < 40; i++) checkedDeclaration({ space: { tables: [`a.b.t${i}`] } });
    const again = declaredVerdict({ space: { tables: ["a.b.first"] } }, undefined);
    assert.notEqual(again.document, first.document, "the first verdict was dropped");
    assert.deepEqual(again.document, first.document);
  });
});
