import { strict as assert } from "node:assert";
import * as fs from "node:fs";
// The module object itself (the namespace import only has getters): a write can be made to fail.
import nodeFs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { PassThrough } from "node:stream";
import { pollFailureIsFinal } from "../../cli/commands/pull";
import { main } from "../../cli/genie";
import { canonicalize } from "../../provider";
import { errorFrom } from "../../provider/client/errors";
import { substituteVariables } from "../../provider/model";
import { emulator } from "../support/emulator";
import { fixtureText } from "../support/fixtures";
import { emulatorEnv, genie, startGenie } from "../support/genie-cli";

const VARS = { catalog: "brij_cat", schema: "default" };

describe("genie pull (against the emulator)", function () {
  this.timeout(60_000);
  let t: Awaited<ReturnType<typeof emulator>>;
  let dir: string;
  let env: NodeJS.ProcessEnv;
  let id: string;
  const read = (f: string) => fs.readFileSync(path.join(dir, f), "utf8");
  const live = () => JSON.stringify(t.emu.space(id)?.document);

  beforeEach(async () => {
    t = await emulator();
    env = emulatorEnv(t.emu);
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "genie-pull-"));
    id = String((await t.createSpace())["space_id"]);
  });
  afterEach(async () => {
    await t?.emu.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it("a UI edit becomes a small diff of the exported file, placeholders kept (their values inferred)", async () => {
    await genie(
      ["export", id, "-o", "s.geniespace.json", "--templatize", "catalog=brij_cat,schema=default"],
      { cwd: dir, env },
    );
    const before = read("s.geniespace.json");
    t.emu.edit(id, { instructions: "Use brij_cat.default.requirements for targets." });
    const r = await genie(["pull", id, "s.geniespace.json"], { cwd: dir, env });
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stderr, /^rewrote s\.geniespace\.json from /);
    const after = read("s.geniespace.json");
    const changed = after.split("\n").filter((l) => !before.split("\n").includes(l));
    assert.deepEqual(changed, ['          "Use ${catalog}.${schema}.requirements for targets."']);
    const back = substituteVariables(JSON.parse(after) as unknown, VARS).value;
    assert.deepEqual(canonicalize(back), canonicalize(live()));
    const again = await genie(["pull", id, "s.geniespace.json"], { cwd: dir, env });
    assert.equal(again.stderr, "s.geniespace.json is up to date (pulled)\n");
    assert.equal(read("s.geniespace.json"), after);
  });

  it("a spec written as JSON stays a spec", async () => {
    fs.writeFileSync(
      path.join(dir, "spec.json"),
      JSON.stringify({
        tables: ["${catalog}.default.employee_table", "${catalog}.default.requirements"],
      }),
    );
    t.emu.edit(id, { instructions: "Edited" });
    const r = await genie(["pull", id, "spec.json"], { cwd: dir, env });
    assert.equal(r.code, 0, r.stderr);
    const spec = JSON.parse(read("spec.json")) as Record<string, unknown>;
    assert.equal(spec["instructions"], "Edited");
    assert.deepEqual(
      (spec["tables"] as { identifier: string }[]).map((x) => x.identifier),
      ["${catalog}.default.employee_table", "${catalog}.default.requirements"],
    );
    assert.deepEqual(
      canonicalize(spec, { variables: { catalog: "brij_cat" } }),
      canonicalize(live()),
    );
  });

  it("a program from genie generate: only its genie:begin/end block is rewritten", async () => {
    await genie(
      ["generate", id, "-o", "sales.ts", "--templatize", "catalog=brij_cat", "--name", "sales"],
      { cwd: dir, env },
    );
    fs.appendFileSync(path.join(dir, "sales.ts"), "// my own line, kept\n");
    const before = read("sales.ts");
    t.emu.edit(id, { instructions: "Line one\nLine two" });
    const r = await genie(["pull", id, "sales.ts"], { cwd: dir, env });
    assert.equal(r.code, 0, r.stderr);
    const after = read("sales.ts");
    assert.match(after, /instructions: "Line one\\n" \+\n\s+"Line two",/);
    assert.match(after, /\/\/ my own line, kept\n$/);
    assert.match(after, /catalog: config\.get\("catalog"\) \?\? "brij_cat"/);
    assert.equal(
      after.replace(/instructions: [^]*?,\n(?=\s+sampleQuestions)/, ""),
      before.replace(/instructions: [^]*?,\n(?=\s+sampleQuestions)/, ""),
    );
    const other = await genie(["pull", "0".repeat(32), "sales.ts"], { cwd: dir, env });
    assert.equal(other.code, 2);
  });

  it("placeholders whose values cannot be told: exit 2 naming them, and --vars settles it", async () => {
    fs.writeFileSync(
      path.join(dir, "x.geniespace.json"),
      JSON.stringify({ version: 2, data_sources: { tables: [{ identifier: "${env}.other.t" }] } }),
    );
    const r = await genie(["pull", id, "x.geniespace.json"], { cwd: dir, env });
    assert.equal(r.code, 2);
    assert.match(r.stderr, /cannot tell the values of \$\{env\} \(no live name matches\)/);
    const given = await genie(["pull", id, "x.geniespace.json", "--vars", "env=brij_cat"], {
      cwd: dir,
      env,
    });
    assert.equal(given.code, 0, given.stderr);
    assert.match(read("x.geniespace.json"), /"\$\{env\}\.default\.employee_table"/);
  });

  it("a spec file is left as it was, exit 2, when the spec cannot say all the live space says", async () => {
    await t.call("POST", "/__emulator/config", {
      extraKnownFields: ["data_sources.tables.future_flag"],
    });
    const doc = JSON.parse(fixtureText("server_export.v2.geniespace.json")) as {
      data_sources: { tables: Record<string, unknown>[] };
    };
    (doc.data_sources.tables[0] as Record<string, unknown>)["future_flag"] = true;
    const future = String(
      (await t.createSpace({ serialized_space: JSON.stringify(doc) }))["space_id"],
    );
    const mine = JSON.stringify({ tables: ["${catalog}.default.employee_table"] });
    fs.writeFileSync(path.join(dir, "spec.json"), mine);
    const r = await genie(["pull", future, "spec.json"], { cwd: dir, env });
    assert.equal(r.code, 2, r.stderr);
    assert.match(r.stderr, /cannot say all[^]*future_flag/);
    assert.equal(read("spec.json"), mine);
  });

  it("a write that fails half-way leaves the file's old content whole (written aside, then renamed)", async () => {
    const file = path.join(dir, "keep.geniespace.json");
    const mine = JSON.stringify({ version: 2, data_sources: { tables: [] } }) + "\n";
    fs.writeFileSync(file, mine);
    t.emu.edit(id, { instructions: "New text" });
    const real = nodeFs.writeFileSync;
    // A full disk: the first half is written, then the write fails.
    nodeFs.writeFileSync = ((f: fs.PathOrFileDescriptor, data: string) => {
      real(f, data.slice(0, data.length / 2));
      throw Object.assign(new Error("ENOSPC: no space left on device, write"), { code: "ENOSPC" });
    }) as typeof fs.writeFileSync;
    let failed: unknown;
    try {
      const quiet = () => new PassThrough();
      await main(["pull", id, file], { stdout: quiet(), stderr: quiet(), stdin: quiet(), env });
    } catch (e) {
      failed = e;
    } finally {
      nodeFs.writeFileSync = real;
    }
    assert.match(String(failed), /ENOSPC/);
    assert.equal(fs.readFileSync(file, "utf8"), mine);
    assert.deepEqual(fs.readdirSync(dir), ["keep.geniespace.json"]);
  });

  it("--watch stopped while a poll is out: nothing more is written, and it exits without waiting for the poll", async () => {
    await genie(["export", id, "-o", "s.geniespace.json"], { cwd: dir, env });
    const before = read("s.geniespace.json");
    const w = startGenie(["pull", id, "s.geniespace.json", "--watch", "--interval", "0.05"], {
      cwd: dir,
      env,
    });
    try {
      await w.waitFor(/watching/);
      // The next poll is held (until the clock moves 60 s), the space is edited (so that poll
      // answers a change), and the watch is told to stop meanwhile.
      t.emu.addFault({
        kind: "delay",
        ms: 60_000,
        method: "GET",
        path: `/api/2.0/genie/spaces/${id}`,
        onMatch: () => {
          t.emu.edit(id, { instructions: "Edited as it stops" });
          w.child.kill("SIGTERM");
        },
      });
      await w.waitFor(/stopped watching/);
      // Not held up by the poll: the client would wait up to its 30 s request timeout.
      const late = new Promise<string>((r) => setTimeout(() => r("still running"), 10_000).unref());
      assert.equal(await Promise.race([w.exited, late]), 0);
      t.clock.advance(60_000); // the held poll answers now, with the edit: too late to be written
      assert.doesNotMatch(w.output().stderr, /rewrote/);
      assert.equal(read("s.geniespace.json"), before);
    } finally {
      w.signal("SIGKILL");
    }
  });

  it("--json prints what it did as JSON on stdout", async () => {
    const r = await genie(["pull", id, "j.geniespace.json", "--json"], { cwd: dir, env });
    assert.equal(r.code, 0, r.stderr);
    const etag = t.emu.space(id)?.etag;
    assert.deepEqual(JSON.parse(r.stdout), {
      id,
      file: "j.geniespace.json",
      rewritten: true,
      etag,
    });
    const again = await genie(["pull", id, "j.geniespace.json", "--json"], { cwd: dir, env });
    assert.equal((JSON.parse(again.stdout) as { rewritten: boolean }).rewritten, false);
  });

  it("a missing file is made, as export would make it", async () => {
    const r = await genie(["pull", id, "new.geniespace.json"], { cwd: dir, env });
    assert.equal(r.code, 0, r.stderr);
    const exported = await genie(["export", id], { cwd: dir, env });
    assert.equal(read("new.geniespace.json"), exported.stdout);
  });

  it("--watch rewrites the file on each edit (polling the etag) until SIGTERM, then exits 0", async () => {
    await genie(["export", id, "-o", "w.geniespace.json", "--templatize", "catalog=brij_cat"], {
      cwd: dir,
      env,
    });
    const w = startGenie(["pull", id, "w.geniespace.json", "--watch", "--interval", "0.05"], {
      cwd: dir,
      env,
    });
    try {
      await w.waitFor(/watching .* every 0\.05s/);
      t.emu.edit(id, { instructions: "First edit" });
      await w.waitFor(/rewrote w\.geniespace\.json from \S+ \(changed/);
      assert.match(read("w.geniespace.json"), /"First edit"/);
      t.emu.edit(id, { addTable: "brij_cat.default.new_table" });
      await w.waitFor(/(rewrote w\.geniespace\.json[^\n]*changed[^]*){2}/);
      assert.match(read("w.geniespace.json"), /"\$\{catalog\}\.default\.new_table"/);
      // The etag follows the document only: a new title is no change to pull. Two polls later
      // (seen by the emulator as they arrive), nothing was rewritten.
      t.emu.edit(id, { title: "Renamed" });
      await new Promise<void>((resolve) => {
        let polls = 0;
        const onMatch = () => void (++polls === 2 && resolve());
        const rule = { kind: "none" as const, method: "GET", path: `/api/2.0/genie/spaces/${id}` };
        t.emu.addFault({ ...rule, count: 2, onMatch });
      });
      w.child.kill("SIGTERM");
      assert.equal(await w.exited, 0);
      assert.match(w.output().stderr, /stopped watching\n$/);
      assert.equal((w.output().stderr.match(/rewrote/g) ?? []).length, 2);
    } finally {
      w.signal("SIGKILL");
    }
  });

  it("--watch stops on SIGINT too, and a bad --interval is a usage error", async () => {
    const w = startGenie(["pull", id, "i.geniespace.json", "--watch"], { cwd: dir, env });
    await w.waitFor(/watching/);
    w.child.kill("SIGINT");
    assert.equal(await w.exited, 0);
    const bad = await genie(["pull", id, "i.geniespace.json", "--interval", "soon"], {
      cwd: dir,
      env,
    });
    assert.equal(bad.code, 2);
  });

  it("--watch ends with exit 2 when the space is trashed under it, rather than polling forever", async () => {
    const w = startGenie(["pull", id, "g.geniespace.json", "--watch", "--interval", "0.05"], {
      cwd: dir,
      env,
    });
    await w.waitFor(/watching/);
    const res = await t.call("DELETE", `/api/2.0/genie/spaces/${id}`);
    assert.equal(res.status, 200);
    t.clock.advance(60 * 60 * 1000); // past the emulated trash lag
    assert.equal(await w.exited, 2);
    assert.match(w.output().stderr, /stopped watching\n$/);
    assert.equal((w.output().stderr.match(/poll failed/g) ?? []).length, 0);
  });

  it("a poll's failure is final for a gone space or refused credentials, and retried otherwise", () => {
    const facts = { method: "GET", path: "/x", action: "cannot read genie space x", secrets: [] };
    const of = (status: number) => errorFrom({ ...facts, status, body: {} });
    assert.deepEqual(
      [401, 403, 404, 429, 500, 503].map((s) => pollFailureIsFinal(of(s))),
      [true, true, true, false, false, false],
    );
    assert.equal(pollFailureIsFinal(new Error("socket hang up")), false);
  });
});
