import { strict as assert } from "node:assert";
import { systemClock } from "../../emulator";
import type { GenieBenchmarkGateArgs } from "../../provider";
import { checkGenieBenchmarkGate } from "../../provider/resources/genie-benchmark-gate-check";
import { benchmarkDocument, QUESTIONS } from "../support/benchmarks";
import { declare, declareGate } from "../support/declare";
import { WAREHOUSE } from "../support/emulator";
import { CheckFailed } from "../support/engine";
import { type Stack, stack } from "../support/stack";

/**
 * GenieBenchmarkGate through the real dynamic-provider host, against the emulator on the real
 * clock (5 ms per question): it evaluates after the space's document changed, fails below
 * minAccuracy naming the failing questions, runs nothing when the document did not change.
 */
describe("GenieBenchmarkGate through the real provider host", function () {
  this.timeout(60_000);
  let s: Stack;
  before(async () => {
    s = await stack({}, { clock: systemClock, config: { evalStartMs: 5, evalQuestionMs: 5 } });
  });
  after(() => s.stop());

  const evalRequests = (r: { path: string }[]) => r.filter((x) => x.path.includes("/eval-runs"));

  /** A space from the document, its id and etag. */
  async function space(name: string, fixed: boolean): Promise<{ id: string; etag: string }> {
    await s.engine.up(
      name,
      await declare(name, {
        title: name,
        warehouseId: WAREHOUSE,
        serializedSpace: benchmarkDocument({ fixed }),
      }),
    );
    const o = s.engine.outputs(name);
    return { id: String(o["spaceId"]), etag: String(o["etag"]) };
  }
  const gate = (sp: { id: string; etag: string }, over: Partial<GenieBenchmarkGateArgs> = {}) =>
    declareGate("gate", { spaceId: sp.id, etag: sp.etag, minAccuracy: 0.8, ...over });

  it("passes a space at or above minAccuracy and records the run, accuracy and each question", async () => {
    const sp = await space("pass-space", true);
    assert.equal(await s.engine.up("pass", await gate(sp)), "create");
    const o = s.engine.outputs("pass");
    assert.match(String(o["evalRunId"]), /^[0-9a-f]{32}$/);
    assert.deepEqual([o["accuracy"], o["correct"], o["total"]], [1, 3, 3]);
    assert.deepEqual((o["results"] as unknown[])[2], {
      questionId: QUESTIONS.top.id,
      question: "Top customer",
      assessment: "GOOD",
      reasons: [],
    });
  });

  it("fails the create below minAccuracy, naming each failing question and its reasons, and what it does not undo", async () => {
    const sp = await space("fail-space", false);
    await assert.rejects(s.engine.up("fail", await gate(sp)), (e: Error) => {
      assert.match(
        e.message,
        /space [0-9a-f]{32} did not pass its benchmarks: accuracy 0\.67 \(2 of 3 GOOD\) is below the minimum 0\.80/,
      );
      assert.match(e.message, /failing questions:\n {2}- 'Top customer': BAD \(EMPTY_RESULT\)/);
      assert.match(e.message, /The space's change is already applied/);
      return true;
    });
  });

  it("a no-op up runs nothing; a new document (a new etag) runs an evaluation again", async () => {
    const sp = await space("noop-space", true);
    await s.engine.up("noop", await gate(sp));
    const none = await s.requestsDuring(async () => {
      assert.equal(await s.engine.preview("noop", await gate(sp)), "same");
      assert.equal(await s.engine.up("noop", await gate(sp)), "same");
    });
    assert.deepEqual(none, [], "no request at all");
    // The space's document changes (its etag moves): the gate evaluates, and fails.
    await s.engine.up(
      "noop-space",
      await declare("noop-space", {
        title: "noop-space",
        warehouseId: WAREHOUSE,
        serializedSpace: benchmarkDocument(),
      }),
    );
    const etag = String(s.engine.outputs("noop-space")["etag"]);
    assert.notEqual(etag, sp.etag);
    await assert.rejects(
      s.engine.up("noop", await gate({ id: sp.id, etag })),
      /'Top customer': BAD/,
    );
    // The failed update left the recorded etag: the next up evaluates again, and fails again.
    await assert.rejects(
      s.engine.up("noop", await gate({ id: sp.id, etag })),
      /'Top customer': BAD/,
    );
  });

  it("a new minAccuracy alone is judged against the recorded evaluation: no new run", async () => {
    const sp = await space("bar-space", false);
    await s.engine.up("bar", await gate(sp, { minAccuracy: 0.5 }));
    const higher = await gate(sp, { minAccuracy: 0.9 });
    const requests = await s.requestsDuring(() =>
      assert.rejects(s.engine.up("bar", higher), /below the minimum 0\.90[^]*'Top customer'/),
    );
    assert.deepEqual(evalRequests(requests), []);
  });

  it("questions by text evaluate only those; one that is no question of the space fails naming the ones there are", async () => {
    const sp = await space("some-space", false);
    await s.engine.up(
      "some",
      await gate(sp, { questions: ["how many ORDERS?", QUESTIONS.open.id], minAccuracy: 1 }),
    );
    assert.deepEqual(
      [s.engine.outputs("some")["correct"], s.engine.outputs("some")["total"]],
      [2, 2],
    );
    await assert.rejects(
      s.engine.up("none", await gate(sp, { questions: ["Average order?"] })),
      /questions: 'Average order\?' is no benchmark question of space [0-9a-f]{32}, by id or text \(fix: use one of 'How many orders\?'/,
    );
  });

  for (const status of ["EVALUATION_FAILED", "EVALUATION_CANCELLED", "EVALUATION_TIMEOUT"] as const)
    it(`a run that ends ${status} fails the up, naming the status`, async () => {
      const sp = await space(`${status}-space`, true);
      s.emu.scriptEvalRuns(sp.id, { end: status, endAfter: 1 });
      await assert.rejects(
        s.engine.up(status, await gate(sp)),
        new RegExp(
          `evaluation run [0-9a-f]{32} ended ${status} \\(1 of 3 questions done\\)[^]*'Open orders': not reached \\(${status}\\)`,
        ),
      );
    });

  it("a run that never finishes fails the up after timeoutSeconds", async () => {
    const sp = await space("never-space", true);
    s.emu.scriptEvalRuns(sp.id, { end: "RUNNING", endAfter: 1 });
    await assert.rejects(
      s.engine.up("never", await gate(sp, { timeoutSeconds: 1 })),
      /did not finish in time \(still RUNNING, 1 of 3 questions done\) \(waited timeoutSeconds: 1\)/,
    );
  });

  it("429, 5xx and lost answers during the run are retried: the gate passes", async () => {
    const sp = await space("faults-space", true);
    const runs = `/api/2.0/genie/spaces/${sp.id}/eval-runs`;
    s.emu.addFault({ kind: "status", status: 429, method: "POST", path: runs });
    s.emu.addFault({ kind: "lost-response", method: "POST", path: runs });
    s.emu.addFault({ kind: "lost-response", method: "GET", path: `${runs}/*`, count: 2 });
    s.emu.addFault({ kind: "status", status: 503, method: "GET", path: `${runs}/*`, count: 2 });
    await s.engine.up("faults", await gate(sp));
    assert.equal(s.engine.outputs("faults")["accuracy"], 1);
    const runsKept = (await s.call("GET", runs)).body["eval_runs"] as unknown[];
    assert.equal(runsKept.length, 1, "the lost POST answer made no second run");
  });

  it("check refuses bad arguments with their paths; preview makes no request", async () => {
    const r = checkGenieBenchmarkGate({
      spaceId: "nope",
      etag: "",
      minAccuracy: 80,
      questions: ["", 3],
      timeoutSeconds: 0,
      extra: 1,
    });
    assert.deepEqual(
      r.failures?.map((f) => f.property),
      ["extra", "spaceId", "etag", "minAccuracy", "questions[0]", "questions[1]", "timeoutSeconds"],
    );
    const declared = await gate({ id: "0".repeat(32), etag: "e" });
    const requests = await s.requestsDuring(() =>
      assert.rejects(
        s.engine.preview("bad", {
          ...declared,
          minAccuracy: 1.5,
        }),
        CheckFailed,
      ),
    );
    assert.deepEqual(requests, []);
  });
});
