import { strict as assert } from "node:assert";
import * as fs from "node:fs";
// The module object itself (the namespace import only has getters): a write can be made to fail.
import nodeFs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { emulator } from "../support/emulator";
import { emulatorEnv, genie, startGenie } from "../support/genie-cli";
import { inProcess } from "../support/in-process";

/**
 * Every file the `genie` command writes is written aside and renamed over the old one, and never
 * over a file that changed since the command read it (or last wrote it): issue #24.
 */
describe("genie: the files it writes (against the emulator)", function () {
  this.timeout(60_000);
  let t: Awaited<ReturnType<typeof emulator>>;
  let dir: string;
  let env: NodeJS.ProcessEnv;
  let id: string;
  const at = (f: string) => path.join(dir, f);
  const read = (f: string) => fs.readFileSync(at(f), "utf8");
  const realWrite = nodeFs.writeFileSync;

  beforeEach(async () => {
    t = await emulator();
    env = emulatorEnv(t.emu);
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "genie-files-"));
    id = String((await t.createSpace())["space_id"]);
  });
  afterEach(async () => {
    nodeFs.writeFileSync = realWrite;
    await t?.emu.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  /** Resolves once `n` more GETs of the space have reached the emulator. */
  const polls = (n: number) =>
    new Promise<void>((resolve) => {
      let seen = 0;
      const onMatch = () => void (++seen === n && resolve());
      t.emu.addFault({
        kind: "none",
        method: "GET",
        path: `/api/2.0/genie/spaces/${id}`,
        count: n,
        onMatch,
      });
    });

  /** What `p` gives, or "still waiting" once `n` more polls came first (never a hung test). */
  const within = <T>(p: Promise<T>, n = 20) =>
    Promise.race([p, polls(n).then(() => "still waiting" as const)]);

  /** Every write of a whole file fails half-way (a full disk) while `failing()` says so. */
  function diskFullWhile(failing: () => boolean): void {
    nodeFs.writeFileSync = ((f: fs.PathOrFileDescriptor, data: string, ...rest: never[]) => {
      if (!failing()) return realWrite(f, data, ...rest);
      realWrite(f, data.slice(0, data.length / 2));
      throw Object.assign(new Error("ENOSPC: no space left on device, write"), { code: "ENOSPC" });
    }) as typeof fs.writeFileSync;
  }

  it("pull --watch never writes over a file edited since it last wrote it: exit 2, the edit kept", async () => {
    const w = startGenie(["pull", id, "w.geniespace.json", "--watch", "--interval", "0.05"], {
      cwd: dir,
      env,
    });
    try {
      await w.waitFor(/watching/);
      const mine = read("w.geniespace.json").replace('"version": 2', '"version": 2 ');
      fs.writeFileSync(at("w.geniespace.json"), mine); // an editor saves, a git checkout
      t.emu.edit(id, { instructions: "Edited in the UI" });
      assert.equal(await within(w.exited), 2, w.output().stderr);
      assert.match(
        w.output().stderr,
        /w\.geniespace\.json changed since genie pull last wrote it: left as it is/,
      );
      assert.equal(read("w.geniespace.json"), mine);
    } finally {
      w.signal("SIGKILL");
    }
  });

  it("pull --watch into a program: an edit outside the genie block is kept and merged, one inside it stops the watch", async () => {
    await genie(["generate", id, "-o", "p.ts", "--name", "sales"], { cwd: dir, env });
    const w = startGenie(["pull", id, "p.ts", "--watch", "--interval", "0.05"], { cwd: dir, env });
    try {
      await w.waitFor(/watching/);
      fs.appendFileSync(at("p.ts"), "// my own code, outside the block\n");
      t.emu.edit(id, { instructions: "First edit" });
      await within(w.waitFor(/rewrote p\.ts/));
      assert.match(read("p.ts"), /First edit[^]*my own code, outside the block\n$/);
      const inside = read("p.ts").replace('title: "Sales"', 'title: "Sales (mine)"');
      fs.writeFileSync(at("p.ts"), inside);
      t.emu.edit(id, { instructions: "Second edit" });
      assert.equal(await within(w.exited), 2, w.output().stderr);
      assert.match(w.output().stderr, /p\.ts changed since genie pull last wrote it/);
      assert.equal(read("p.ts"), inside);
    } finally {
      w.signal("SIGKILL");
    }
  });

  it("pull --watch retries a rewrite that failed at the next poll (the etag is kept only once written)", async () => {
    let failing = false;
    diskFullWhile(() => failing);
    const run = inProcess(
      ["pull", id, at("r.geniespace.json"), "--watch", "--interval", "0.05"],
      env,
    );
    try {
      await run.waitFor(/watching/);
      failing = true;
      t.emu.edit(id, { instructions: "Written at the second try" });
      await within(run.waitFor(/(trying again|failed)[^\n]*ENOSPC/));
      assert.match(run.output().stderr, /cannot write [^\n]*r\.geniespace\.json[^\n]*ENOSPC/);
      assert.doesNotMatch(read("r.geniespace.json"), /second try/); // the old content, whole
      failing = false;
      await within(run.waitFor(/rewrote [^\n]*changed/), 10);
      assert.match(read("r.geniespace.json"), /Written at the second try/);
    } finally {
      process.emit("SIGTERM");
    }
    assert.equal(await run.done, 0);
    assert.deepEqual(fs.readdirSync(dir), ["r.geniespace.json"]);
  });

  for (const [what, args, file] of [
    ["export -o", ["export", "ID", "-o", "F"], "e.geniespace.json"],
    ["generate -o", ["generate", "ID", "-o", "F"], "g.ts"],
    ["export --all -o", ["export", "--all", "-o", "D"], "ID.geniespace.json"],
  ] as const)
    it(`${what}: a write that fails half-way leaves the old file whole and no litter`, async () => {
      const target = file.replace("ID", id);
      fs.writeFileSync(at(target), "the previous version\n");
      diskFullWhile(() => true);
      const argv = args.map((a) =>
        a === "ID" ? id : a === "F" ? at(target) : a === "D" ? dir : a,
      );
      let failed: unknown;
      const run = inProcess(argv, env);
      const code = await run.done.catch((e: unknown) => ((failed = e), -1));
      nodeFs.writeFileSync = realWrite;
      assert.notEqual(code, 0, `${String(failed)} ${run.output().stderr}`);
      assert.match(String(failed) + run.output().stderr, /ENOSPC/);
      assert.equal(read(target), "the previous version\n");
      assert.deepEqual(fs.readdirSync(dir), [target]);
    });

  for (const [what, args, file] of [
    ["export -o", ["export", "ID", "-o", "F"], "e.geniespace.json"],
    ["generate -o", ["generate", "ID", "-o", "F"], "g.ts"],
    ["export --all -o", ["export", "--all", "-o", "D"], "ID.geniespace.json"],
  ] as const)
    it(`${what}: a file changed while the command ran is left as it is, exit 2`, async () => {
      const target = file.replace("ID", id);
      fs.writeFileSync(at(target), "before\n");
      // Someone else writes the file while the space is being read.
      t.emu.addFault({
        kind: "none",
        method: "GET",
        path: `/api/2.0/genie/spaces/${id}`,
        count: 1,
        onMatch: () => fs.writeFileSync(at(target), "theirs\n"),
      });
      const argv = args.map((a) =>
        a === "ID" ? id : a === "F" ? at(target) : a === "D" ? dir : a,
      );
      const r = await genie(argv, { cwd: dir, env });
      assert.equal(r.code, 2, r.stderr);
      assert.match(r.stderr, new RegExp(`${target.replace(/\./g, "\\.")} changed while genie`));
      assert.equal(read(target), "theirs\n");
      assert.deepEqual(fs.readdirSync(dir), [target]);
    });

  it("export --all names the files of spaces that are gone, and leaves them and other files alone", async () => {
    const other = String((await t.createSpace({ title: "Other" }))["space_id"]);
    const first = await genie(["export", "--all", "-o", dir], { env });
    assert.equal(first.code, 0, first.stderr);
    fs.writeFileSync(at("notes.geniespace.json"), "{}\n"); // not one of its files
    assert.equal((await t.call("DELETE", `/api/2.0/genie/spaces/${other}`)).status, 200);
    t.clock.advance(60 * 60 * 1000); // past the emulated trash lag
    const r = await genie(["export", "--all", "-o", dir], { env });
    assert.equal(r.code, 0, r.stderr);
    const stale = at(`${other}.geniespace.json`);
    assert.match(r.stderr, /exported 1 of 1 spaces/);
    assert.ok(
      r.stderr.includes(`${stale} is of space ${other}, which you no longer see`),
      r.stderr,
    );
    assert.ok(fs.existsSync(stale));
    const json = await genie(["export", "--all", "-o", dir, "--json"], { env });
    const listed = JSON.parse(json.stdout) as { id: string; file: string; stale?: boolean }[];
    assert.deepEqual(
      listed.filter((l) => l.stale === true),
      [{ id: other, file: stale, stale: true }],
    );
    assert.deepEqual(fs.readdirSync(dir).sort(), [
      `${id}.geniespace.json`,
      `${other}.geniespace.json`,
      "notes.geniespace.json",
    ]);
  });
});
