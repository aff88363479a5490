import { strict as assert } from "node:assert";
import { emulator } from "../support/emulator";

/** Refusals of a document in the server's words, where they are known (docs/api-behaviour.md, "Errors"). */
describe("emulator: a list given as something else", () => {
  let t: Awaited<ReturnType<typeof emulator>>;
  before(async () => (t = await emulator()));
  after(() => t.emu.stop());

  const create = (doc: unknown) =>
    t.createSpace({ serialized_space: JSON.stringify(doc) }).then(
      () => undefined,
      (e: Error) => e.message,
    );

  it("a text given as a string: \"Expected an array for question but found '...'\"", async () => {
    const message = await create({
      version: 2,
      config: { sample_questions: [{ id: "0".repeat(31) + "1", question: "Hi there" }] },
    });
    assert.match(String(message), /400 .*Expected an array for question but found 'Hi there'/);
  });

  it("a list sent as null (what the Go SDK sends for an empty slice): the same words, the value null", async () => {
    const message = await create({ version: 2, instructions: { example_question_sqls: null } });
    assert.match(String(message), /Expected an array for example_question_sqls but found 'null'/);
  });
});
