import { strict as assert } from "node:assert";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { DurableDir, type FileOps, NODE_FILE_OPS } from "../../emulator/durable";

/**
 * The change of several files at once (a folder deleted with the spaces in it, a 0.1 folder moved
 * to one file per space): all of it or none of it, whatever fails and whenever the process dies.
 */
describe("emulator store: several files changed as one", () => {
  let dir: string;
  beforeEach(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), "genie-durable-"))));
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));
  const read = (f: string) =>
    fs.existsSync(path.join(dir, f)) ? fs.readFileSync(path.join(dir, f), "utf8") : undefined;

  /** File operations whose rename of `file`'s temporary file fails `times` times. */
  function failingRename(file: string, times: number): FileOps {
    let left = times;
    return {
      ...NODE_FILE_OPS,
      renameSync: (from, to) => {
        if (String(to).endsWith(file) && left-- > 0) throw new Error("ENOSPC: no space left");
        NODE_FILE_OPS.renameSync(from, to);
      },
    };
  }

  it("a failure before the journal is in place throws and changes no file", () => {
    const d = new DurableDir(dir, failingRename("journal.json", 1));
    d.commit([{ file: "a.json", text: "1" }]);
    assert.throws(
      () =>
        d.commit([
          { file: "a.json", text: "2" },
          { file: "b.json", text: "2" },
        ]),
      /ENOSPC/,
    );
    assert.deepEqual(
      [read("a.json"), read("b.json"), read("journal.json")],
      ["1", undefined, undefined],
    );
    assert.deepEqual(fs.readdirSync(dir), ["a.json"]);
  });

  it("a failure after the journal is in place does not throw: the change is committed, applied before the next one", () => {
    const d = new DurableDir(dir, failingRename("b.json", 1));
    d.commit([
      { file: "a.json", text: "1" },
      { file: "b.json", text: "1" },
    ]);
    assert.equal(read("b.json"), undefined, "not applied yet");
    assert.ok(read("journal.json") !== undefined, "kept in the journal");
    d.commit([{ file: "c.json", text: "1" }]);
    assert.deepEqual([read("a.json"), read("b.json"), read("c.json")], ["1", "1", "1"]);
    assert.equal(read("journal.json"), undefined);
  });

  it("a journal found at start (the process died while applying it) is applied before anything is read", () => {
    fs.writeFileSync(path.join(dir, "a.json"), "old");
    fs.writeFileSync(
      path.join(dir, "journal.json"),
      JSON.stringify({
        changes: [
          { file: "a.json", text: "new" },
          { file: "spaces/x.json", text: "{}" },
          { file: "gone.json", text: null },
        ],
      }),
    );
    fs.writeFileSync(path.join(dir, "gone.json"), "x");
    new DurableDir(dir).recover();
    assert.deepEqual(
      [read("a.json"), read("spaces/x.json"), read("gone.json"), read("journal.json")],
      ["new", "{}", undefined, undefined],
    );
  });

  it("a write that the disk cuts short is an error, not a shorter file", () => {
    const d = new DurableDir(dir, { ...NODE_FILE_OPS, writeSync: () => 0 });
    assert.throws(() => d.commit([{ file: "a.json", text: "12345" }]), /short write: 0 of 5 bytes/);
    assert.deepEqual(fs.readdirSync(dir), []);
  });
});
