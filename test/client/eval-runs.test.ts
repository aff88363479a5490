import { strict as assert } from "node:assert";
import {
  databricks,
  type Databricks,
  type EvalRun,
  isTerminal,
  moved,
  nextPollDelay,
  ServerError,
  waitForEvalRun,
} from "../../provider/client";
import { benchmarkDocument, QUESTIONS } from "../support/benchmarks";
import { emulator } from "../support/emulator";
import { VirtualTime } from "../support/virtual-time";

type Emu = Awaited<ReturnType<typeof emulator>>;

function clientFor(t: Emu, vt: VirtualTime): Databricks {
  return databricks({
    credentials: { host: t.emu.url, auth: { kind: "pat", token: t.emu.token }, source: "test" },
    timeoutMs: 5_000,
    retry: { maxElapsedMs: 120_000, settleMs: 5_000 },
    sleep: vt.sleep,
    now: vt.now,
    random: () => 0.5,
  });
}

describe("client: evaluation runs", () => {
  let t: Emu;
  let vt: VirtualTime;
  let dbx: Databricks;
  let space: string;
  const runsPath = () => `/api/2.0/genie/spaces/${space}/eval-runs`;
  const posts = () => t.emu.requests.filter((r) => r.method === "POST" && r.path === runsPath());
  const runsKept = async () =>
    ((await t.call("GET", runsPath())).body["eval_runs"] as unknown[]).length;
  const wait = (run: EvalRun, deadlineMs = 600_000, seen: EvalRun[] = []) =>
    waitForEvalRun(() => dbx.evalRuns.get(space, run.eval_run_id), {
      deadline: vt.now() + deadlineMs,
      now: vt.now,
      sleep: vt.sleep,
      onProgress: (r) => seen.push(r),
    });

  beforeEach(async () => {
    t = await emulator({ config: { evalStartMs: 1000, evalQuestionMs: 500 } });
    vt = new VirtualTime(t.clock);
    dbx = clientFor(t, vt);
    space = String((await t.createSpace({ serialized_space: benchmarkDocument() }))["space_id"]);
  });
  afterEach(() => t.emu.stop());

  it("starts a run of every question, waits it out with progress, and reads each question's assessment", async () => {
    const run = await dbx.evalRuns.create(space);
    assert.equal(run.eval_run_status, "NOT_STARTED");
    const seen: EvalRun[] = [];
    const end = await wait(run, 600_000, seen);
    assert.equal(end.finished, true);
    assert.equal(end.run.eval_run_status, "DONE");
    assert.equal(end.run.num_correct, 2);
    const done = seen.map((r) => r.num_done ?? 0);
    assert.deepEqual(done, [...done].sort(), "progress told at each poll, never backwards");
    assert.ok(
      seen.some((r) => r.eval_run_status === "RUNNING"),
      "RUNNING seen on the way",
    );
    assert.equal(done.at(-1), 3);
    const results = [];
    for await (const r of dbx.evalRuns.results(space, run.eval_run_id, { pageSize: 1 }))
      results.push(r);
    assert.equal(results.length, 3, "every page read");
    const details = await Promise.all(
      results.map((r) => dbx.evalRuns.result(space, run.eval_run_id, r.result_id)),
    );
    const top = details.find((d) => d.benchmark_question_id === QUESTIONS.top.id);
    assert.equal(top?.assessment, "BAD");
    assert.deepEqual(top?.assessment_reasons, ["EMPTY_RESULT"]);
    assert.equal(details.filter((d) => d.assessment === "GOOD").length, 2);
  });

  it("runs only the questions asked for", async () => {
    const run = await dbx.evalRuns.create(space, [QUESTIONS.top.id]);
    assert.equal(run.num_questions, 1);
    assert.deepEqual(t.emu.requests.at(-1)?.body, { benchmark_question_ids: [QUESTIONS.top.id] });
  });

  it("lists every run of the space, page by page", async () => {
    for (let i = 0; i < 3; i++) await dbx.evalRuns.create(space);
    const ids = [];
    for await (const r of dbx.evalRuns.list(space, { pageSize: 2 })) ids.push(r.eval_run_id);
    assert.equal(new Set(ids).size, 3);
  });

  it("a 429 on create is sent again (the server did nothing), honouring Retry-After; one run", async () => {
    t.emu.addFault({
      kind: "status",
      status: 429,
      retryAfterSeconds: 3,
      method: "POST",
      path: runsPath(),
    });
    const before = vt.now();
    await dbx.evalRuns.create(space);
    assert.ok(vt.now() - before >= 3000, "waited what Retry-After asked");
    assert.equal(posts().length, 2);
    assert.equal(await runsKept(), 1);
  });

  it("the answer to create lost after the server started the run: that run is found and returned; one POST, one run", async () => {
    t.emu.addFault({ kind: "lost-response", method: "POST", path: runsPath() });
    const run = await dbx.evalRuns.create(space);
    assert.equal(posts().length, 1, "not sent again");
    assert.equal(await runsKept(), 1);
    const listed = (await t.call("GET", runsPath())).body["eval_runs"] as EvalRun[];
    assert.equal(run.eval_run_id, listed[0]?.eval_run_id);
  });

  it("a 502 on create that started nothing: looked for until settleMs, then sent again; one run", async () => {
    t.emu.addFault({ kind: "status", status: 502, method: "POST", path: runsPath() });
    const before = vt.now();
    await dbx.evalRuns.create(space);
    assert.ok(vt.now() - before >= 5000, "settled before sending again");
    assert.equal(posts().length, 2);
    assert.equal(await runsKept(), 1);
  });

  it("a 500 on create is not sent again: it may be the server's answer to this very request", async () => {
    t.emu.addFault({ kind: "status", status: 500, method: "POST", path: runsPath() });
    await assert.rejects(dbx.evalRuns.create(space), ServerError);
    assert.equal(posts().length, 1);
  });

  it("ids that are not questions of the space: the server's 400 names the id", async () => {
    await assert.rejects(
      dbx.evalRuns.create(space, ["f".repeat(32)]),
      /Benchmark question f{32} does not exist/,
    );
  });

  it("lost answers and 5xx while polling are retried: the wait ends with the run's result", async () => {
    const run = await dbx.evalRuns.create(space);
    const path = `${runsPath()}/${run.eval_run_id}`;
    t.emu.addFault({ kind: "lost-response", method: "GET", path, count: 2 });
    t.emu.addFault({ kind: "status", status: 503, method: "GET", path, count: 2 });
    t.emu.addFault({ kind: "status", status: 429, method: "GET", path, count: 1 });
    const end = await wait(run);
    assert.equal(end.run.eval_run_status, "DONE");
  });

  it("a run that never finishes: the wait stops at its deadline with the last run seen", async () => {
    t.emu.scriptEvalRuns(space, { end: "RUNNING", endAfter: 1 });
    const run = await dbx.evalRuns.create(space);
    const before = vt.now();
    const end = await wait(run, 60_000);
    assert.equal(end.finished, false);
    assert.equal(end.run.eval_run_status, "RUNNING");
    assert.equal(end.run.num_done, 1);
    assert.ok(vt.now() - before >= 60_000 && vt.now() - before < 61_000, "stopped at the deadline");
  });

  for (const status of ["EVALUATION_FAILED", "EVALUATION_CANCELLED", "EVALUATION_TIMEOUT"] as const)
    it(`a run that ends ${status} ends the wait with that status`, async () => {
      t.emu.scriptEvalRuns(space, { end: status, endAfter: 1 });
      const end = await wait(await dbx.evalRuns.create(space));
      assert.deepEqual(
        [end.finished, end.run.eval_run_status, end.run.num_done],
        [true, status, 1],
      );
    });
});

describe("client: evaluation poll policy (pure)", () => {
  it("knows the terminal statuses; an unknown status is not taken as an end", () => {
    assert.deepEqual(
      [
        "NOT_STARTED",
        "RUNNING",
        "DONE",
        "EVALUATION_FAILED",
        "EVALUATION_CANCELLED",
        "EVALUATION_TIMEOUT",
        "PAUSED",
      ].map(isTerminal),
      [false, false, true, true, true, true, false],
    );
  });

  it("polls soon at first and after progress, slower while nothing moves, capped, never past the deadline", () => {
    const policy = { firstDelayMs: 1000, maxDelayMs: 4000, factor: 2 };
    assert.equal(nextPollDelay(0, false, 60_000, policy), 1000);
    assert.equal(nextPollDelay(1000, false, 60_000, policy), 2000);
    assert.equal(nextPollDelay(4000, false, 60_000, policy), 4000);
    assert.equal(nextPollDelay(4000, true, 60_000, policy), 1000);
    assert.equal(nextPollDelay(4000, false, 700, policy), 700);
  });

  it("a run moved when its status or its questions done changed", () => {
    const r = (s: string, d: number): EvalRun => ({
      eval_run_id: "x",
      eval_run_status: s,
      num_done: d,
    });
    assert.equal(moved(undefined, r("RUNNING", 0)), true);
    assert.equal(moved(r("RUNNING", 1), r("RUNNING", 1)), false);
    assert.equal(moved(r("RUNNING", 1), r("RUNNING", 2)), true);
    assert.equal(moved(r("NOT_STARTED", 0), r("RUNNING", 0)), true);
  });
});
