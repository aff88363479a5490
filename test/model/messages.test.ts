import { strict as assert } from "node:assert";
import { SpaceValidationError, toSerializedSpace, validateSpace } from "../../provider/model";

/** `path: message` of each error. */
const errors = (value: unknown) =>
  validateSpace(value).errors.map((p) => `${p.path}: ${p.message}`);

describe("model messages say what was found and what is expected, at the user's own path", () => {
  it("nothing at all is 'nothing (undefined)', never 'a undefined'", () => {
    assert.deepEqual(errors(undefined), [
      ": expected a space spec, a document object or a JSON string, got nothing (undefined)",
    ]);
    assert.match(errors(null)[0] ?? "", /got null$/);
    assert.match(errors(42)[0] ?? "", /got a number$/);
    assert.match(errors(() => 1)[0] ?? "", /got a function$/);
  });

  it("a spec whose instructions are a list is a spec with a wrong type, not a document without a version", () => {
    assert.deepEqual(errors({ instructions: [] }), [
      "instructions: Invalid input: expected string, received array",
    ]);
    assert.deepEqual(errors({ tables: ["a.b.c"], benchmarks: [{ question: "q", sql: 1 }] }), [
      "benchmarks[0].sql: Invalid input: expected string, received number",
    ]);
  });

  it("a document without a version says so in the fix", () => {
    const [problem] = validateSpace({ instructions: { text_instructions: [] } }).errors;
    assert.equal(problem?.message, "ExportConverter supports versions 1 and 2, but got 0");
    assert.match(problem?.fix ?? "", /^the document has no "version" field/);
  });

  it("a column configured twice is reported at its own path, in the spec and in the document", () => {
    assert.deepEqual(
      errors({ tables: [{ identifier: "a.b.c", columns: { status: {}, STATUS: {} } }] }),
      [
        "tables[0].columns.STATUS: column 'STATUS' is configured twice in 'a.b.c' (also as 'status'; column names are compared without case)",
      ],
    );
    assert.deepEqual(
      errors({ tables: [{ identifier: "a.b.c", columns: { "a b": {}, "A B": {} } }] }).map(
        (e) => e.split(": ")[0],
      ),
      ['tables[0].columns["A B"]'],
    );
    const doc = {
      version: 2,
      data_sources: {
        tables: [
          { identifier: "a.b.c", column_configs: [{ column_name: "S" }, { column_name: "s" }] },
        ],
      },
    };
    assert.deepEqual(errors(doc), [
      "data_sources.tables[0].column_configs[1]: column 's' is configured twice in 'a.b.c' (also as 'S'; column names are compared without case)",
    ]);
  });

  it("keys JavaScript treats specially are refused with their path, with every other problem, never dropped silently", () => {
    const text =
      '{"version": 2, "__proto__": {"x": 1}, "data_sources": {"tables": [{"identifier": "orders", "constructor": "y"}]}}';
    assert.deepEqual(errors(text).sort(), [
      "__proto__: the key '__proto__' is refused: JavaScript treats it specially, so its content would be lost or leak into other objects",
      "data_sources.tables[0].constructor: the key 'constructor' is refused: JavaScript treats it specially, so its content would be lost or leak into other objects",
      "data_sources.tables[0].identifier: 'orders' is not a three-part name",
    ]);
    assert.throws(
      () => toSerializedSpace(text),
      (e: unknown) =>
        e instanceof SpaceValidationError &&
        e.problems.map((p) => p.path).join() === "__proto__,data_sources.tables[0].constructor",
    );
    const spec = JSON.parse(
      '{"tables": ["a.b.c"], "sampleQuestions": [{"question": "q", "__proto__": {}}]}',
    );
    assert.deepEqual(
      errors(spec).map((e) => e.split(": ")[0]),
      ["sampleQuestions[0].__proto__"],
    );
  });

  it("a version 1 document carrying version 2 column flags is refused, not silently altered", () => {
    const column = { column_name: "x", get_example_values: true, enable_format_assistance: false };
    const doc = {
      version: 1,
      data_sources: { tables: [{ identifier: "a.b.c", column_configs: [column] }] },
    };
    assert.throws(
      () => toSerializedSpace(doc),
      (e: unknown) =>
        e instanceof SpaceValidationError &&
        e.problems.length === 1 &&
        e.problems[0]?.path ===
          "data_sources.tables[0].column_configs[0].enable_format_assistance" &&
        /carries both 'get_example_values' \(version 1\) and 'enable_format_assistance' \(version 2\) in a version 1 document; expected only 'get_example_values'/.test(
          e.problems[0]?.message,
        ),
    );
    const onlyV2 = { column_name: "x", enable_format_assistance: false };
    assert.throws(
      () =>
        toSerializedSpace({
          ...doc,
          data_sources: { tables: [{ identifier: "a.b.c", column_configs: [onlyV2] }] },
        }),
      /'enable_format_assistance' is a version 2 column flag in a version 1 document; expected 'get_example_values'/,
    );
  });
});
