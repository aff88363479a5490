import { strict as assert } from "node:assert";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { cell, forPerson, MAX_CELL } from "../../cli/output";
import { emulator } from "../support/emulator";
import { emulatorEnv, GENIE, genie } from "../support/genie-cli";
import { exec } from "../support/pulumi-cli";

/** Titles a hostile colleague gives spaces: they retitle the window, clear the screen, reorder. */
const HOSTILE = [
  "Window \x1b]0;pwned\x07 title",
  "Clear \x1b[2J\x1b[H screen",
  "C1 \x9b31m red",
  "Bidi \u202eevil\u202c end",
  "Two\nlines",
  "Back\rover",
];
const LONG = "L".repeat(50_000);

/** What a terminal would act on: C0 but the line break, DEL, C1, bidi controls. */
// eslint-disable-next-line no-control-regex -- control characters are exactly what is looked for
const ACTS = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;

describe("genie: text for a person is safe and short; --json stays exact (against the emulator)", function () {
  this.timeout(60_000);
  let t: Awaited<ReturnType<typeof emulator>>;
  let env: NodeJS.ProcessEnv;
  let dir: string;
  const ids: string[] = [];
  before(async () => {
    t = await emulator();
    env = emulatorEnv(t.emu);
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "genie-tty-"));
    for (const title of [...HOSTILE, LONG])
      ids.push(String((await t.createSpace({ title }))["space_id"]));
  });
  after(async () => {
    await t?.emu.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it("list: one line per space, nothing a terminal acts on, columns capped; --json gives the titles exactly", async () => {
    const r = await genie(["list"], { env });
    assert.equal(r.code, 0, r.stderr);
    const lines = r.stdout.trimEnd().split("\n");
    assert.equal(lines.length, ids.length + 1);
    assert.doesNotMatch(r.stdout, ACTS);
    assert.ok(Math.max(...lines.map((l) => l.length)) < 200, "a long title pads every row");
    assert.match(r.stdout, /Window \\u001b\]0;pwned\\u0007 title/);
    assert.match(r.stdout, /Bidi \\u202eevil\\u202c end/);
    assert.match(r.stdout, /Two\\nlines/);
    const json = await genie(["list", "--json"], { env });
    const titles = (JSON.parse(json.stdout) as { title: string }[]).map((s) => s.title);
    assert.deepEqual(titles.sort(), [...HOSTILE, LONG].sort());
  });

  it("export --all on a real terminal (script): the progress line and messages carry no raw escapes but its own", async () => {
    const out = path.join(dir, "all");
    const command = [process.execPath, GENIE, "export", "--all", "-o", out]
      .map((a) => `'${a}'`)
      .join(" ");
    // util-linux script gives the command a pseudo-terminal: stderr.isTTY is true in it.
    const r = await exec("script", ["-qec", command, "/dev/null"], { cwd: dir, env });
    assert.equal(r.code, 0, r.stdout);
    const shown = r.stdout.replaceAll("\r\x1b[2K", "").replace(/\r\n/g, "\n");
    assert.match(r.stdout, new RegExp(`\\r\\x1b\\[2K\\d+/${ids.length} `), "no progress drawn");
    assert.doesNotMatch(shown, ACTS);
    assert.match(shown, /Clear \\u001b\[2J\\u001b\[H screen/);
    assert.ok(!shown.includes(LONG), "the long title is cut in the progress line");
  });

  it("export of one space, and a server's message, are made safe too", async () => {
    const one = await genie(["export", ids[0] as string, "-o", path.join(dir, "one.json")], {
      env,
    });
    assert.equal(one.code, 0, one.stderr);
    assert.doesNotMatch(one.stderr, ACTS);
    assert.match(one.stderr, /\(Window \\u001b\]0;pwned\\u0007 title\)/);
    const missing = await genie(["export", "\x1b[2Jnot-a-space"], { env });
    assert.equal(missing.code, 2);
    assert.doesNotMatch(missing.stderr, ACTS);
    assert.match(missing.stderr, /\\u001b\[2Jnot-a-space/);
  });

  it("generate: a title with a bidi override or C1 control is written escaped in the code (Trojan Source), the same value", async () => {
    const r = await genie(["generate", ids[3] as string, "--json"], { env });
    assert.equal(r.code, 0, r.stderr);
    const code = (JSON.parse(r.stdout) as { code: string }).code;
    assert.doesNotMatch(code, ACTS);
    const title = /title: ("[^\n]*"),/.exec(code)?.[1] ?? "";
    assert.equal(JSON.parse(title), HOSTILE[3]);
  });

  it("forPerson escapes controls, bidi overrides and lone surrogates, and keeps line breaks and other text", () => {
    assert.equal(
      forPerson("a\x1b[0mb\n\tc\u0085\u202e\ud800é"),
      "a\\u001b[0mb\n\\tc\\u0085\\u202e\\ud800é",
    );
    assert.equal(forPerson("😀 ok"), "😀 ok");
    assert.equal([...cell(LONG)].length, MAX_CELL);
    assert.equal(cell("a\nb"), "a\\nb");
  });
});
