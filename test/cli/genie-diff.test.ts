import { strict as assert } from "node:assert";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { diffSpaces, formatDifferences } from "../../provider";
import { emulator } from "../support/emulator";
import { emulatorEnv, genie } from "../support/genie-cli";

describe("genie diff (against the emulator)", function () {
  this.timeout(60_000);
  let t: Awaited<ReturnType<typeof emulator>>;
  let dir: string;
  let id: string;
  let env: NodeJS.ProcessEnv;
  before(async () => {
    t = await emulator();
    env = emulatorEnv(t.emu);
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "genie-diff-"));
    id = String((await t.createSpace())["space_id"]);
    const exported = await genie(["export", id, "-o", "space.geniespace.json"], { cwd: dir, env });
    assert.equal(exported.code, 0, exported.stderr);
    const templated = await genie(
      ["export", id, "-o", "template.geniespace.json", "--templatize", "catalog=brij_cat"],
      { cwd: dir, env },
    );
    assert.equal(templated.code, 0, templated.stderr);
  });
  after(async () => {
    await t?.emu.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it("the file just exported: no differences, exit 0", async () => {
    const r = await genie(["diff", id, "space.geniespace.json"], { cwd: dir, env });
    assert.deepEqual([r.code, r.stdout], [0, "no differences\n"]);
  });

  it("a file in another order, split otherwise and without ids still means the same: exit 0", async () => {
    const doc = JSON.parse(fs.readFileSync(path.join(dir, "space.geniespace.json"), "utf8")) as {
      data_sources: { tables: unknown[] };
      instructions: { text_instructions: { id?: string; content: string[] }[] };
    };
    doc.data_sources.tables.reverse();
    const text = doc.instructions.text_instructions[0];
    if (text !== undefined) {
      delete text.id;
      text.content = [text.content.join("")];
    }
    fs.writeFileSync(path.join(dir, "reordered.json"), JSON.stringify(doc));
    const r = await genie(["diff", id, "reordered.json"], { cwd: dir, env });
    assert.equal(r.code, 0, r.stdout);
  });

  it("after a UI edit: exit 1, the differences as formatDifferences prints them, live => file", async () => {
    t.emu.edit(id, {
      instructions: "Edited in the UI",
      removeTable: "brij_cat.default.requirements",
    });
    const r = await genie(["diff", id, "space.geniespace.json"], { cwd: dir, env });
    assert.equal(r.code, 1);
    const live = String(t.emu.space(id)?.document ? JSON.stringify(t.emu.space(id)?.document) : "");
    const file = fs.readFileSync(path.join(dir, "space.geniespace.json"), "utf8");
    assert.equal(r.stdout, formatDifferences(diffSpaces(live, file)) + "\n");
    assert.match(
      r.stdout,
      /^~ instructions\.text_instructions\[0\]\.content: "Edited in the UI" => "This is a test instruction"$/m,
    );
    assert.match(r.stdout, /^\+ data_sources\.tables\["brij_cat\.default\.requirements"\]/m);
    const json = await genie(["diff", id, "space.geniespace.json", "--json"], { cwd: dir, env });
    assert.equal(json.code, 1);
    assert.deepEqual(JSON.parse(json.stdout), diffSpaces(live, file));
  });

  it("--vars substitutes the file's placeholders first; without it their values are inferred, as pull infers them", async () => {
    const withVars = await genie(
      ["diff", id, "template.geniespace.json", "--vars", "catalog=brij_cat"],
      { cwd: dir, env },
    );
    const plain = await genie(["diff", id, "space.geniespace.json"], { cwd: dir, env });
    assert.equal(withVars.stdout, plain.stdout);
    const inferred = await genie(["diff", id, "template.geniespace.json"], { cwd: dir, env });
    assert.equal(inferred.stdout, plain.stdout);
    assert.equal(inferred.code, plain.code);
    assert.match(
      inferred.stderr,
      /template\.geniespace\.json compared with catalog=brij_cat \(inferred from the live space/,
    );
    const other = await genie(["diff", id, "template.geniespace.json", "--vars", "catalog=prod"], {
      cwd: dir,
      env,
    });
    assert.equal(other.code, 1);
    assert.match(other.stdout, /prod\.default\.employee_table/);
  });

  it("a file that is not a space, or an unknown variable, is a usage error (exit 2)", async () => {
    fs.writeFileSync(path.join(dir, "junk.json"), "{ not json");
    const junk = await genie(["diff", id, "junk.json"], { cwd: dir, env });
    assert.equal(junk.code, 2);
    assert.match(junk.stderr, /junk\.json is not JSON/);
    const unknown = await genie(["diff", id, "template.geniespace.json", "--vars", "schema=x"], {
      cwd: dir,
      env,
    });
    assert.equal(unknown.code, 2);
    assert.match(unknown.stderr, /unknown variable 'catalog'/);
  });
});
