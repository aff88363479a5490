import { strict as assert } from "node:assert";
import fc from "fast-check";
import { validateSpace } from "../../provider";
import { LIMITS } from "../../provider/model/validate";

/**
 * The size rule counts the document's JSON bytes along its walk (model/json-bytes.ts) instead of
 * serializing the document: the count must be what `JSON.stringify` gives, byte for byte, or a
 * document near the limit would be refused (or sent) wrongly.
 */
const codeUnits = fc
  .array(fc.integer({ min: 0, max: 0xffff }), { maxLength: 12 })
  .map((units) => String.fromCharCode(...units));
const text = fc.oneof(
  fc.string({ maxLength: 12 }),
  fc.string({ unit: "binary", maxLength: 12 }),
  codeUnits,
  fc.constantFrom("a\nb\n", '"q"', "back\\slash", "\t\r\b\f", "\u2028", "\ud83d\ude00", "\udc00"),
);
const value = fc.letrec((tie) => ({
  node: fc.oneof(
    { depthSize: "small" },
    text,
    fc.double(),
    fc.integer(),
    fc.boolean(),
    fc.constant(null),
    fc.array(fc.oneof(tie("node"), fc.constant(undefined)), { maxLength: 4 }),
    fc.dictionary(text, fc.oneof(tie("node"), fc.constant(undefined)), { maxKeys: 4 }),
  ),
})).node;

/** A document just over the limit: `extra` plus padding strings. */
function overLimit(extra: unknown): Record<string, unknown> {
  const pad = "x".repeat(20_000);
  const count = Math.ceil(LIMITS.documentBytes / (pad.length + 3)) + 1;
  return { version: 2, extra, padding: Array.from({ length: count }, () => pad) };
}

const reported = (doc: unknown): number | undefined => {
  const p = validateSpace(doc).errors.find((e) => e.rule === "max-size");
  const m = p === undefined ? null : /the document is (\d+) bytes/.exec(p.message);
  return m === null ? undefined : Number(m[1]);
};

describe("the size rule measures the document's JSON exactly", () => {
  it("reports the bytes JSON.stringify gives, whatever the document holds", () => {
    fc.assert(
      fc.property(value, (extra) => {
        const doc = overLimit(extra);
        assert.equal(reported(doc), Buffer.byteLength(JSON.stringify(doc), "utf8"));
      }),
      { numRuns: 150 },
    );
  });

  it("measures what JSON leaves out or writes its own way: undefined, functions, NaN, a Date", () => {
    const doc = overLimit({
      a: undefined,
      f: () => 1,
      list: [undefined, () => 1, NaN, -0, 1e21],
      when: new Date(0),
    });
    assert.equal(reported(doc), Buffer.byteLength(JSON.stringify(doc), "utf8"));
  });

  it("finds no size problem in a document under the limit", () => {
    const doc = overLimit("x");
    (doc["padding"] as string[]).splice(0, 2);
    assert.ok(Buffer.byteLength(JSON.stringify(doc)) <= LIMITS.documentBytes);
    assert.equal(reported(doc), undefined);
  });
});
