import { strict as assert } from "node:assert";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { systemClock } from "../../emulator";
import { benchmarkDocument, hex, QUESTIONS } from "../support/benchmarks";
import { emulator, WAREHOUSE } from "../support/emulator";
import { emulatorEnv, genie, startGenie } from "../support/genie-cli";

/**
 * `genie benchmark` as a separate process against the emulator on the real clock (questions take
 * 5 ms each, polls every 20 ms at most), so the command's own polling sees the run move.
 */
type Emu = Awaited<ReturnType<typeof emulator>>;
const FAST = ["--interval", "0.02"];

async function liveSpaceIds(t: Emu): Promise<string[]> {
  const r = await t.call("GET", "/api/2.0/genie/spaces?page_size=100");
  return ((r.body["spaces"] ?? []) as { space_id: string }[]).map((s) => s.space_id);
}

describe("genie benchmark <space-id> (against the emulator)", function () {
  this.timeout(60_000);
  let t: Emu;
  let dir: string;
  let env: NodeJS.ProcessEnv;
  let id: string;
  const runPosts = () =>
    t.emu.requests.filter((r) => r.method === "POST" && r.path.endsWith("/eval-runs"));
  before(async () => {
    t = await emulator({ clock: systemClock, config: { evalStartMs: 5, evalQuestionMs: 5 } });
    env = emulatorEnv(t.emu);
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "genie-benchmark-"));
    id = String((await t.createSpace({ serialized_space: benchmarkDocument() }))["space_id"]);
  });
  afterEach(() => t.emu.scriptEvalRuns(id, undefined));
  after(async () => {
    await t?.emu.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  });
  const run = (args: string[], extra: NodeJS.ProcessEnv = {}) =>
    genie(["benchmark", ...args, ...FAST], { cwd: dir, env: { ...env, ...extra } });

  it("runs every question: progress on stderr, a table per question and the accuracy on stdout, exit 0", async () => {
    const r = await run([id]);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /^QUESTION +ASSESSMENT +REASONS\n/);
    assert.match(r.stdout, /How many orders\? +GOOD\n/);
    assert.match(r.stdout, /Top customer +BAD +EMPTY_RESULT\n/);
    assert.match(r.stdout, /accuracy 0\.67 \(2 of 3 GOOD\); run [0-9a-f]{32} DONE\n$/);
    assert.match(
      r.stderr,
      /started evaluation run [0-9a-f]{32} of space [0-9a-f]{32} \(every benchmark question\)/,
    );
    assert.match(r.stderr, /evaluating: 3\/3 questions done \(DONE\), \d+s elapsed/);
  });

  it("--min-accuracy above the score: exit 1 naming the failing question and its reasons", async () => {
    const r = await run([id, "--min-accuracy", "0.8"]);
    assert.equal(r.code, 1);
    assert.match(
      r.stderr,
      /accuracy 0\.67 \(2 of 3 GOOD\) is below the minimum 0\.80; failing: 'Top customer': BAD \(EMPTY_RESULT\)/,
    );
  });

  it("--min-accuracy at or below the score: exit 0", async () => {
    const r = await run([id, "--min-accuracy", "0.6"]);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stderr, /accuracy 0\.67 meets --min-accuracy 0\.60/);
  });

  it("--question by id and by text (any case and spacing) runs only those", async () => {
    const r = await run([
      id,
      "--question",
      QUESTIONS.count.id,
      "--question",
      "  top   CUSTOMER ",
      "--min-accuracy",
      "0.5",
    ]);
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(
      (
        runPosts().at(-1)?.body as { benchmark_question_ids: string[] }
      ).benchmark_question_ids.sort(),
      [QUESTIONS.count.id, QUESTIONS.top.id].sort(),
    );
    assert.match(r.stdout, /\(1 of 2 GOOD; minimum 0\.50\)/);
  });

  it("a --question that is no benchmark, by id or text: exit 2 listing the questions, no run started", async () => {
    const before = runPosts().length;
    for (const q of ["f".repeat(32), "How many customers?"]) {
      const r = await run([id, "--question", q]);
      assert.equal(r.code, 2);
      assert.match(
        r.stderr,
        /is no benchmark question of space .*'How many orders\?' \(0{29}201\)/,
      );
    }
    assert.equal(runPosts().length, before);
  });

  it("--json: the report as data, values exact", async () => {
    const r = await run([id, "--json", "--min-accuracy", "0.8"]);
    assert.equal(r.code, 1);
    const j = JSON.parse(r.stdout) as Record<string, unknown>;
    assert.equal(j["spaceId"], id);
    assert.equal(j["status"], "DONE");
    assert.equal(j["passed"], false);
    assert.deepEqual([j["correct"], j["total"], j["minAccuracy"]], [2, 3, 0.8]);
    assert.deepEqual((j["questions"] as unknown[])[2], {
      id: QUESTIONS.top.id,
      question: "Top customer",
      assessment: "BAD",
      reasons: ["EMPTY_RESULT"],
      status: "DONE",
    });
  });

  it("--junit: one test case per question and one for the verdict, written aside and renamed", async () => {
    const file = path.join(dir, "report.xml");
    const r = await run([id, "--junit", file, "--min-accuracy", "0.8"]);
    assert.equal(r.code, 1);
    const xml = fs.readFileSync(file, "utf8");
    assert.match(
      xml,
      /<testsuite name="genie benchmark [0-9a-f]{32}" tests="4" failures="2" errors="0">/,
    );
    assert.match(
      xml,
      /<testcase classname="genie.benchmark" name="How many orders\?"><\/testcase>/,
    );
    assert.match(
      xml,
      /name="Top customer">\n {4}<failure type="BAD" message="BAD \(EMPTY_RESULT\)"\/>/,
    );
    assert.deepEqual(
      fs.readdirSync(dir).filter((f) => f.includes(".tmp")),
      [],
    );
  });

  it("hostile question text is escaped for XML, for GitHub annotations and for the terminal", async () => {
    const nasty = 'Top <b>&"x"</b>, 100%: a\u001b[2Jb';
    t.emu.scriptEvalRuns(id, {
      questions: {
        [QUESTIONS.top.id]: { assessment: "NEEDS_REVIEW", reasons: ["LLM_JUDGE_OTHER"] },
      },
    });
    const doc = JSON.parse(benchmarkDocument()) as {
      benchmarks: { questions: { question: string[] }[] };
    };
    (doc.benchmarks.questions[2] as { question: string[] }).question = [nasty];
    const other = String(
      (await t.createSpace({ serialized_space: JSON.stringify(doc) }))["space_id"],
    );
    t.emu.scriptEvalRuns(other, {
      questions: {
        [QUESTIONS.top.id]: { assessment: "NEEDS_REVIEW", reasons: ["LLM_JUDGE_OTHER"] },
      },
    });
    const file = path.join(dir, "nasty.xml");
    const r = await run([other, "--junit", file, "--github"]);
    assert.equal(r.code, 0, r.stderr);
    assert.match(
      fs.readFileSync(file, "utf8"),
      /name="Top &lt;b&gt;&amp;&quot;x&quot;&lt;\/b&gt;, 100%: a\ufffd\[2Jb">\n {4}<failure type="NEEDS_REVIEW" message="NEEDS_REVIEW \(LLM_JUDGE_OTHER\)"\/>/,
    );
    assert.ok(!r.stdout.includes("\u001b"), "no escape reaches the terminal");
    assert.match(
      r.stdout,
      /^::error title=genie benchmark%3A Top <b>&"x"<\/b>%2C 100%25%3A a\\u001b\[2Jb::NEEDS_REVIEW \(LLM_JUDGE_OTHER\)$/m,
    );
  });

  it("GitHub annotations come on their own under GITHUB_ACTIONS=true, but never into --json; both flags: exit 2", async () => {
    const auto = await run([id, "--min-accuracy", "0.8"], { GITHUB_ACTIONS: "true" });
    assert.match(
      auto.stdout,
      /^::error title=genie benchmark%3A Top customer::BAD \(EMPTY_RESULT\)$/m,
    );
    assert.match(
      auto.stdout,
      /^::error title=genie benchmark::accuracy 0\.67 .* is below the minimum 0\.80/m,
    );
    const json = await run([id, "--json"], { GITHUB_ACTIONS: "true" });
    assert.doesNotThrow(() => JSON.parse(json.stdout));
    const both = await run([id, "--json", "--github"]);
    assert.equal(both.code, 2);
    assert.match(both.stderr, /--github and --json both write to stdout/);
  });

  for (const status of ["EVALUATION_FAILED", "EVALUATION_CANCELLED", "EVALUATION_TIMEOUT"] as const)
    it(`a run that ends ${status}: exit 1 naming the status, the questions never reached shown as such`, async () => {
      t.emu.scriptEvalRuns(id, { end: status, endAfter: 1 });
      const r = await run([id]);
      assert.equal(r.code, 1);
      assert.match(
        r.stderr,
        new RegExp(`evaluation run [0-9a-f]{32} ended ${status} \\(1 of 3 questions done\\)`),
      );
      assert.match(r.stdout, new RegExp(`Open orders +not reached \\(${status}\\)`));
    });

  it("a run that never finishes: --timeout, then exit 1 saying it goes on in the workspace", async () => {
    t.emu.scriptEvalRuns(id, { end: "RUNNING", endAfter: 1 });
    const r = await run([id, "--timeout", "1"]);
    assert.equal(r.code, 1);
    assert.match(
      r.stderr,
      /did not finish in time \(still RUNNING, 1 of 3 questions done\): it outlasted --timeout 1s and goes on in the workspace/,
    );
  });

  it("429, 5xx and lost answers while the run goes are retried: the report is the same", async () => {
    const runs = `/api/2.0/genie/spaces/${id}/eval-runs`;
    t.emu.addFault({ kind: "status", status: 429, method: "POST", path: runs });
    t.emu.addFault({ kind: "lost-response", method: "GET", path: `${runs}/*`, count: 2 });
    t.emu.addFault({ kind: "status", status: 503, method: "GET", path: `${runs}/*`, count: 2 });
    t.emu.addFault({
      kind: "status",
      status: 502,
      method: "GET",
      path: `${runs}/*/results/*`,
      count: 1,
    });
    const r = await run([id], { GENIE_CLI_RETRY_SECONDS: "30" });
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /accuracy 0\.67 \(2 of 3 GOOD\)/);
  });

  it("a space that does not exist, and an argument that is neither file nor id: exit 2", async () => {
    const gone = await run(["0".repeat(32)]);
    assert.equal(gone.code, 2);
    assert.match(gone.stderr, /RESOURCE_DOES_NOT_EXIST/);
    const neither = await run(["nope.json"]);
    assert.equal(neither.code, 2);
    assert.match(neither.stderr, /nope\.json is neither a file nor a space id/);
  });

  it("bad numbers are usage errors: --min-accuracy outside 0..1, --timeout 0", async () => {
    for (const [flag, v, said] of [
      ["--min-accuracy", "80", /--min-accuracy takes a share from 0 to 1/],
      ["--timeout", "0", /--timeout takes a number of seconds from 1/],
    ] as const) {
      const r = await run([id, flag, v]);
      assert.equal(r.code, 2);
      assert.match(r.stderr, said);
    }
  });
});

describe("genie benchmark <file> (a temporary space, against the emulator)", function () {
  this.timeout(60_000);
  let t: Emu;
  let dir: string;
  let env: NodeJS.ProcessEnv;
  before(async () => {
    t = await emulator({ clock: systemClock, config: { evalStartMs: 5, evalQuestionMs: 5 } });
    env = emulatorEnv(t.emu);
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "genie-benchmark-file-"));
    fs.writeFileSync(path.join(dir, "good.geniespace.json"), benchmarkDocument({ fixed: true }));
    fs.writeFileSync(
      path.join(dir, "templated.geniespace.json"),
      benchmarkDocument({ catalog: "${catalog}" }),
    );
    fs.writeFileSync(
      path.join(dir, "none.geniespace.json"),
      JSON.stringify({
        version: 2,
        data_sources: { tables: [{ identifier: "dev.sales.orders" }] },
      }),
    );
  });
  afterEach(() => {
    t.emu.clearFaults();
    t.emu.config.evalStartMs = 5;
  });
  after(async () => {
    await t?.emu.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  });
  const run = (args: string[]) => genie(["benchmark", ...args, ...FAST], { cwd: dir, env });

  it("makes a temporary space from the file, evaluates it and trashes it: exit 0 at 3 of 3", async () => {
    const r = await run([
      "good.geniespace.json",
      "--warehouse-id",
      WAREHOUSE,
      "--min-accuracy",
      "1",
    ]);
    assert.equal(r.code, 0, r.stderr);
    const made = /created temporary space ([0-9a-f]{32}) from good\.geniespace\.json/.exec(
      r.stderr,
    )?.[1];
    assert.ok(made, r.stderr);
    assert.match(r.stderr, new RegExp(`trashed temporary space ${made}`));
    assert.deepEqual(await liveSpaceIds(t), []);
    assert.match(r.stdout, /accuracy 1\.00 \(3 of 3 GOOD; minimum 1\.00\)/);
  });

  it("--vars fills the file's placeholders, as GenieSpace's variables do; --parent-path is made if missing", async () => {
    const r = await run([
      "templated.geniespace.json",
      "--warehouse-id",
      WAREHOUSE,
      "--vars",
      "catalog=prod",
      "--parent-path",
      "/Workspace/Shared/benchmarks/pr-1",
      "--json",
    ]);
    assert.equal(r.code, 0, r.stderr);
    const j = JSON.parse(r.stdout) as { spaceId: string; temporarySpace: boolean; correct: number };
    assert.equal(j.temporarySpace, true);
    assert.equal(j.correct, 2);
    assert.equal(t.emu.space(j.spaceId)?.parent_path, "/Shared/benchmarks/pr-1");
    assert.match(JSON.stringify(t.emu.space(j.spaceId)), /prod\.sales\.orders/);
    assert.deepEqual(await liveSpaceIds(t), []);
  });

  it("a file without benchmarks, an invalid file, no --warehouse-id: exit 2 before any space is made", async () => {
    fs.writeFileSync(
      path.join(dir, "bad.json"),
      JSON.stringify({ version: 2, data_sources: { tables: [{ identifier: "orders" }] } }),
    );
    const cases: [string[], RegExp][] = [
      [
        ["none.geniespace.json", "--warehouse-id", WAREHOUSE],
        /has no benchmark questions, so there is nothing to evaluate/,
      ],
      [
        ["bad.json", "--warehouse-id", WAREHOUSE],
        /bad\.json cannot be made into a space:\n {2}error: data_sources\.tables\[0\]\.identifier: .orders. is not a three-part name/,
      ],
      [["good.geniespace.json"], /give --warehouse-id/],
      [
        ["good.geniespace.json", "--warehouse-id", WAREHOUSE, "--question", hex(0xabc)],
        /is no benchmark question of good\.geniespace\.json/,
      ],
    ];
    const before = t.emu.requests.length;
    for (const [args, said] of cases) {
      const r = await run(args);
      assert.equal(r.code, 2, r.stderr);
      assert.match(r.stderr, said);
    }
    assert.equal(t.emu.requests.length, before, "no request made");
  });

  it("a run that never finishes: --timeout, exit 1, and the temporary space trashed", async () => {
    t.emu.config.evalStartMs = 3_600_000;
    const r = await run(["good.geniespace.json", "--warehouse-id", WAREHOUSE, "--timeout", "1"]);
    assert.equal(r.code, 1);
    assert.match(
      r.stderr,
      /did not finish in time \(still NOT_STARTED, 0 of 3 questions done\): it outlasted --timeout 1s\n/,
    );
    assert.match(r.stderr, /trashed temporary space/);
    assert.deepEqual(await liveSpaceIds(t), []);
  });

  it("an error after the space was made (the run refused): exit 2, the temporary space trashed", async () => {
    t.emu.addFault({
      kind: "status",
      status: 500,
      method: "POST",
      path: "/api/2.0/genie/spaces/*/eval-runs",
    });
    const r = await run(["good.geniespace.json", "--warehouse-id", WAREHOUSE]);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /cannot start an evaluation run .*INTERNAL_ERROR/);
    assert.match(r.stderr, /trashed temporary space/);
    assert.deepEqual(await liveSpaceIds(t), []);
  });

  for (const sig of ["SIGINT", "SIGTERM"] as const)
    it(`${sig} while the run goes: the temporary space is trashed, then exit 2`, async () => {
      t.emu.config.evalStartMs = 3_600_000;
      const p = startGenie(
        ["benchmark", "good.geniespace.json", "--warehouse-id", WAREHOUSE, ...FAST],
        { cwd: dir, env },
      );
      await p.waitFor(/evaluating: 0\/3 questions done \(NOT_STARTED\)/);
      assert.equal((await liveSpaceIds(t)).length, 1, "the temporary space exists while it runs");
      p.child.kill(sig);
      assert.equal(await p.exited, 2);
      assert.match(
        p.output().stderr,
        new RegExp(
          `trashed temporary space [0-9a-f]{32}\\n[^]*interrupted \\(${sig}\\); no result`,
        ),
      );
      assert.deepEqual(await liveSpaceIds(t), []);
    });

  it("SIGINT while the space is being created: the space made then is trashed too", async () => {
    t.emu.addFault({ kind: "delay", ms: 1500, method: "POST", path: "/api/2.0/genie/spaces" });
    const creates = () =>
      t.emu.requests.filter((r) => r.method === "POST" && r.path === "/api/2.0/genie/spaces")
        .length;
    const before = creates();
    const p = startGenie(
      ["benchmark", "good.geniespace.json", "--warehouse-id", WAREHOUSE, ...FAST],
      { cwd: dir, env },
    );
    // The POST is held by the emulator: wait until it has arrived.
    while (creates() === before) await new Promise((r) => setImmediate(r));
    p.child.kill("SIGINT");
    assert.equal(await p.exited, 2);
    assert.match(
      p.output().stderr,
      /created temporary space ([0-9a-f]{32})[^]*trashed temporary space \1/,
    );
    assert.deepEqual(await liveSpaceIds(t), []);
  });
});
