import { strict as assert } from "node:assert";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { PassThrough } from "node:stream";
import fc from "fast-check";
import { main } from "../../cli/genie";
import { canonicalize, toSerializedSpace } from "../../provider";
import { splitIdentifier, substituteVariables } from "../../provider/model";
import { spec } from "../support/arbitraries";
import { emulator } from "../support/emulator";
import { DOCUMENT_FIXTURES, fixtureText } from "../support/fixtures";
import { emulatorEnv, genie } from "../support/genie-cli";

/** Keys sorted at every level, as export promises. */
function keysSorted(value: unknown): boolean {
  if (Array.isArray(value)) return value.every(keysSorted);
  if (typeof value !== "object" || value === null) return true;
  const keys = Object.keys(value);
  return (
    keys.every((k, i) => i === 0 || (keys[i - 1] as string) < k) &&
    Object.values(value).every(keysSorted)
  );
}

function mapOf(document: string): Record<string, string> {
  const doc = JSON.parse(document) as { data_sources?: { tables?: { identifier: string }[] } };
  const [catalog, schema] = splitIdentifier(doc.data_sources?.tables?.[0]?.identifier ?? "") ?? [];
  return { catalog: catalog as string, schema: schema as string };
}

const pairs = (m: Record<string, string>) =>
  Object.entries(m)
    .map(([k, v]) => `${k}=${v}`)
    .join(",");

describe("genie export (against the emulator)", function () {
  this.timeout(120_000);
  let t: Awaited<ReturnType<typeof emulator>>;
  let dir: string;
  const spaces: { id: string; name: string; stored: string }[] = [];
  before(async () => {
    t = await emulator();
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "genie-export-"));
    for (const name of DOCUMENT_FIXTURES) {
      // As GenieSpace sends it (full_featured.v1's ids like sq-001 are refused as they are).
      const document = JSON.stringify(toSerializedSpace(fixtureText(name)).document);
      const made = await t.createSpace({ title: name, serialized_space: document });
      spaces.push({ id: String(made["space_id"]), name, stored: String(made["serialized_space"]) });
    }
    const random = fc.sample(spec, { seed: 14, numRuns: 10 });
    for (const [i, s] of random.entries()) {
      const made = await t.createSpace({
        title: `random ${i}`,
        serialized_space: JSON.stringify(toSerializedSpace(s).document),
      });
      spaces.push({
        id: String(made["space_id"]),
        name: `random ${i}`,
        stored: String(made["serialized_space"]),
      });
    }
  });
  after(async () => {
    await t?.emu.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it("prints the live document: version 2, keys sorted, 2-space indent, a trailing newline", async () => {
    const { id, stored } = spaces[0] as (typeof spaces)[number];
    const r = await genie(["export", id], { env: emulatorEnv(t.emu) });
    assert.equal(r.code, 0, r.stderr);
    const doc = JSON.parse(r.stdout) as Record<string, unknown>;
    assert.equal(doc["version"], 2);
    assert.ok(keysSorted(doc));
    assert.equal(r.stdout, JSON.stringify(doc, null, 2) + "\n");
    assert.deepEqual(canonicalize(doc), canonicalize(stored));
  });

  it("every space (public fixtures, random documents): export, then validate, passes", async () => {
    const plain = path.join(dir, "plain");
    fs.mkdirSync(plain);
    for (const s of spaces) {
      const file = path.join(plain, `${s.id}.geniespace.json`);
      const r = await genie(["export", s.id, "-o", file], { env: emulatorEnv(t.emu) });
      assert.equal(r.code, 0, r.stderr);
    }
    const v = await genie(["validate", plain, "--json"], { env: emulatorEnv(t.emu) });
    assert.equal(v.code, 0, v.stdout);
    const results = JSON.parse(v.stdout) as { file: string; valid: boolean; warnings: unknown[] }[];
    assert.equal(results.length, spaces.length);
    for (const r of results) assert.deepEqual([r.file, r.valid, r.warnings], [r.file, true, []]);
  });

  it("every space: export --templatize, then substitute, gives the live document back by meaning, and validates with those vars", async () => {
    for (const s of spaces) {
      const map = mapOf(s.stored);
      const file = path.join(dir, `${s.id}.geniespace.json`);
      const r = await genie(["export", s.id, "-o", file, "--templatize", pairs(map)], {
        env: emulatorEnv(t.emu),
      });
      assert.equal(r.code, 0, r.stderr);
      const text = fs.readFileSync(file, "utf8");
      assert.match(text, /\$\{catalog\}\.\$\{schema\}\./, s.name);
      const back = substituteVariables(JSON.parse(text) as unknown, map);
      assert.deepEqual(back.problems, []);
      assert.deepEqual(canonicalize(back.value), canonicalize(s.stored), s.name);
      const v = await genie(["validate", file, "--vars", pairs(map)], { env: emulatorEnv(t.emu) });
      assert.equal(v.code, 0, `${s.name}: ${v.stdout}`);
    }
  });

  it("a --templatize map that cannot be read back exactly is refused with exit 2", async () => {
    const r = await genie(["export", spaces[1]?.id ?? "", "--templatize", "a=x,b=x"], {
      env: emulatorEnv(t.emu),
    });
    assert.equal(r.code, 2);
    assert.match(r.stderr, /also the value of a/);
  });

  it("--templatize given twice adds both maps (the first is not dropped)", async () => {
    const { id, stored } = spaces[0] as (typeof spaces)[number];
    const map = mapOf(stored);
    const twice = await genie(
      [
        "export",
        id,
        "--templatize",
        `catalog=${map["catalog"]}`,
        "--templatize",
        `schema=${map["schema"]}`,
      ],
      { env: emulatorEnv(t.emu) },
    );
    const once = await genie(["export", id, "--templatize", pairs(map)], {
      env: emulatorEnv(t.emu),
    });
    assert.equal(twice.code, 0, twice.stderr);
    assert.equal(twice.stdout, once.stdout);
  });

  it("a space that does not exist exits 2, naming it", async () => {
    const r = await genie(["export", "0123456789abcdef0123456789abcdef"], {
      env: emulatorEnv(t.emu),
    });
    assert.equal(r.code, 2);
    assert.match(r.stderr, /0123456789abcdef0123456789abcdef/);
  });

  it("--all writes one file per space; no progress on a pipe, a summary; --json lists the files", async () => {
    const out = path.join(dir, "all");
    const r = await genie(["export", "--all", "-o", out], { env: emulatorEnv(t.emu) });
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stderr, `exported ${spaces.length} of ${spaces.length} spaces to ${out}\n`);
    for (const s of spaces) {
      const text = fs.readFileSync(path.join(out, `${s.id}.geniespace.json`), "utf8");
      assert.deepEqual(canonicalize(text), canonicalize(s.stored));
    }
    const json = await genie(["export", "--all", "-o", out, "--json"], { env: emulatorEnv(t.emu) });
    const listed = JSON.parse(json.stdout) as { id: string; file: string }[];
    assert.equal(listed.length, spaces.length);
    assert.ok(listed.every((l) => l.file.endsWith(`${l.id}.geniespace.json`)));
  });

  it("--all shows a progress line, redrawn in place, when stderr is a terminal", async () => {
    const stderr = Object.assign(new PassThrough(), { isTTY: true });
    const stdout = new PassThrough();
    let shown = "";
    stderr.on("data", (d: Buffer) => (shown += d.toString()));
    const code = await main(["export", "--all", "-o", path.join(dir, "tty")], {
      stdout,
      stderr,
      stdin: new PassThrough(),
      env: emulatorEnv(t.emu),
    });
    assert.equal(code, 0);
    for (let i = 1; i <= spaces.length; i++)
      assert.ok(shown.includes(`\r\x1b[2K${i}/${spaces.length} `), `no ${i}/${spaces.length}`);
    assert.ok(
      shown.includes(`\r\x1b[2Kexported ${spaces.length} of ${spaces.length} spaces`),
      shown,
    );
  });

  it("--all goes on past a space it cannot read, names it, and exits 1", async () => {
    const victim = spaces[2]?.id ?? "";
    // A GET is retried twice on 500 (docs/api-behaviour.md, "Errors"): three answers fail it.
    t.emu.addFault({
      kind: "status",
      method: "GET",
      path: `/api/2.0/genie/spaces/${victim}`,
      status: 500,
      count: 3,
    });
    try {
      const r = await genie(["export", "--all", "-o", path.join(dir, "partial")], {
        env: emulatorEnv(t.emu),
      });
      assert.equal(r.code, 1);
      assert.match(r.stderr, new RegExp(`cannot export ${victim}`));
      assert.match(r.stderr, new RegExp(`exported ${spaces.length - 1} of ${spaces.length}`));
    } finally {
      t.emu.clearFaults();
    }
  });
});
