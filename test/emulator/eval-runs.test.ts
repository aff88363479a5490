import { strict as assert } from "node:assert";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { normalizeSql } from "../../emulator/eval-rule";
import { emulator } from "../support/emulator";

/**
 * Evaluation runs on the emulator's clock (a manual one here): NOT_STARTED for `evalStartMs`, then
 * one question per `evalQuestionMs`, then DONE; the emulator's assessment rule; what the admin
 * route scripts (outcomes, failures, timeouts, runs that never end).
 */
const hex = (n: number) => n.toString(16).padStart(32, "0");
const Q = (n: number, question: string, sql: string) => ({
  id: hex(200 + n),
  question: [question],
  answer: [{ format: "SQL", content: [sql] }],
});

function document(): string {
  return JSON.stringify({
    version: 2,
    data_sources: { tables: [{ identifier: "dev.sales.orders" }] },
    instructions: {
      example_question_sqls: [
        {
          id: hex(100),
          question: ["Count them"],
          sql: ["select count( * )\n", "from dev.sales.orders"],
        },
        {
          id: hex(101),
          question: ["Revenue by status"],
          sql: ["SELECT status FROM dev.sales.orders"],
        },
      ],
      sql_snippets: { filters: [{ id: hex(102), display_name: "open", sql: ["status = 'Open'"] }] },
    },
    benchmarks: {
      questions: [
        Q(0, "How many orders?", "SELECT COUNT(*) FROM dev.sales.orders;"),
        Q(
          1,
          "Revenue by status",
          "SELECT status, SUM(amount) FROM dev.sales.orders GROUP BY status",
        ),
        Q(2, "Top customer", "SELECT customer_id FROM dev.sales.orders LIMIT 1"),
        Q(3, "Open ones", "STATUS = 'Open'"),
      ],
    },
  });
}

describe("emulator: evaluation runs", () => {
  let t: Awaited<ReturnType<typeof emulator>>;
  let space: string;
  const runs = () => `/api/2.0/genie/spaces/${space}/eval-runs`;
  beforeEach(async () => {
    t = await emulator({ config: { evalStartMs: 1000, evalQuestionMs: 500 } });
    space = String((await t.createSpace({ serialized_space: document() }))["space_id"]);
  });
  afterEach(() => t.emu.stop());

  it("a run moves NOT_STARTED -> RUNNING -> DONE on the emulator's clock, one question per evalQuestionMs", async () => {
    const made = await t.call("POST", runs(), {});
    assert.equal(made.status, 200);
    const id = String(made.body["eval_run_id"]);
    const at = async () => {
      const r = (await t.call("GET", `${runs()}/${id}`)).body;
      return [r["eval_run_status"], r["num_done"], r["num_correct"]];
    };
    assert.deepEqual(await at(), ["NOT_STARTED", 0, 0]);
    t.clock.advance(999);
    assert.deepEqual(await at(), ["NOT_STARTED", 0, 0]);
    t.clock.advance(1);
    assert.deepEqual(await at(), ["RUNNING", 0, 0]);
    t.clock.advance(500);
    assert.deepEqual(await at(), ["RUNNING", 1, 1]);
    t.clock.advance(1500);
    assert.deepEqual(await at(), ["DONE", 4, 2]);
    const r = (await t.call("GET", `${runs()}/${id}`)).body;
    assert.equal(r["num_questions"], 4);
    assert.equal(r["num_needs_review"], 0);
    assert.equal(r["last_updated_timestamp"], Number(r["created_timestamp"]) + 3000);
    assert.equal(typeof r["run_by_user"], "number");
  });

  it("assesses by the documented rule: an example SQL or snippet equal once normalised is GOOD; the same question with other SQL is RESULT_MISSING_ROWS; nothing is EMPTY_RESULT", async () => {
    const id = String((await t.call("POST", runs(), {})).body["eval_run_id"]);
    t.clock.advance(10_000);
    const results = (await t.call("GET", `${runs()}/${id}/results`)).body["eval_results"] as {
      result_id: string;
      status: string;
      question: string;
    }[];
    assert.deepEqual(
      results.map((r) => [r.question, r.status]),
      [
        ["How many orders?", "DONE"],
        ["Revenue by status", "DONE"],
        ["Top customer", "DONE"],
        ["Open ones", "DONE"],
      ],
    );
    const details = await Promise.all(
      results.map(
        async (r) => (await t.call("GET", `${runs()}/${id}/results/${r.result_id}`)).body,
      ),
    );
    assert.deepEqual(
      details.map((d) => [d["assessment"], d["assessment_reasons"]]),
      [
        ["GOOD", undefined],
        ["BAD", ["RESULT_MISSING_ROWS"]],
        ["BAD", ["EMPTY_RESULT"]],
        ["GOOD", undefined],
      ],
    );
    assert.deepEqual(details[0]?.["actual_response"], [
      { response_type: "SQL", response: "select count( * )\nfrom dev.sales.orders" },
    ]);
    assert.deepEqual(details[2]?.["actual_response"], [
      {
        response_type: "TEXT",
        response: "The emulator found no example SQL of the space that answers this question.",
      },
    ]);
  });

  it("normalises SQL: comments, spaces, letter case outside literals and trailing semicolons do not count; literals do", () => {
    assert.equal(
      normalizeSql("SELECT  a ,b -- why\nFROM t /* x */ WHERE c = 'Open';;"),
      normalizeSql("select a, b from T where C = 'Open'"),
    );
    assert.notEqual(normalizeSql("select 'Open'"), normalizeSql("select 'open'"));
    assert.notEqual(normalizeSql("select a b"), normalizeSql("select ab"));
  });

  it("a result shows no assessment before its question is done; the run's status comes with it", async () => {
    const id = String((await t.call("POST", runs(), {})).body["eval_run_id"]);
    t.clock.advance(1000);
    const results = (await t.call("GET", `${runs()}/${id}/results`)).body["eval_results"] as {
      result_id: string;
      status: string;
    }[];
    assert.deepEqual(
      results.map((r) => r.status),
      ["RUNNING", "NOT_STARTED", "NOT_STARTED", "NOT_STARTED"],
    );
    const d = (await t.call("GET", `${runs()}/${id}/results/${results[0]?.result_id}`)).body;
    assert.equal(d["assessment"], undefined);
    assert.equal(d["eval_run_status"], "RUNNING");
    assert.equal(d["manual_assessment"], false);
  });

  it("benchmark_question_ids picks questions; an unknown id is a 400 naming it", async () => {
    const some = await t.call("POST", runs(), { benchmark_question_ids: [hex(202), hex(200)] });
    assert.equal(some.body["num_questions"], 2);
    const bad = await t.call("POST", runs(), { benchmark_question_ids: [hex(999)] });
    assert.equal(bad.status, 400);
    assert.equal(bad.body["error_code"], "INVALID_PARAMETER_VALUE");
    assert.match(
      String(bad.body["message"]),
      new RegExp(`Benchmark question ${hex(999)} does not exist`),
    );
  });

  it("lists runs newest first, page_size at most 100, a token that survives new runs", async () => {
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) {
      ids.push(String((await t.call("POST", runs(), {})).body["eval_run_id"]));
      t.clock.advance(1);
    }
    const first = (await t.call("GET", `${runs()}?page_size=2`)).body;
    assert.deepEqual(
      (first["eval_runs"] as { eval_run_id: string }[]).map((r) => r.eval_run_id),
      [ids[2], ids[1]],
    );
    await t.call("POST", runs(), {});
    const second = (
      await t.call("GET", `${runs()}?page_size=2&page_token=${String(first["next_page_token"])}`)
    ).body;
    assert.deepEqual(
      (second["eval_runs"] as { eval_run_id: string }[]).map((r) => r.eval_run_id),
      [ids[0]],
    );
    assert.equal(second["next_page_token"], undefined);
  });

  it("scripted: per question outcomes by id or text, NEEDS_REVIEW counted", async () => {
    const res = await t.call("POST", `/__emulator/spaces/${space}/eval-script`, {
      questions: {
        "Top customer": { assessment: "NEEDS_REVIEW" },
        [hex(200)]: { assessment: "BAD", reasons: ["SINGLE_CELL_DIFFERENCE"], sql: "SELECT 1" },
      },
    });
    assert.equal(res.status, 200);
    const id = String((await t.call("POST", runs(), {})).body["eval_run_id"]);
    t.clock.advance(10_000);
    const run = (await t.call("GET", `${runs()}/${id}`)).body;
    assert.deepEqual([run["num_correct"], run["num_needs_review"]], [1, 1]);
    const results = (await t.call("GET", `${runs()}/${id}/results`)).body["eval_results"] as {
      result_id: string;
    }[];
    const first = (await t.call("GET", `${runs()}/${id}/results/${results[0]?.result_id}`)).body;
    assert.deepEqual(first["assessment_reasons"], ["SINGLE_CELL_DIFFERENCE"]);
    assert.deepEqual(first["actual_response"], [{ response_type: "SQL", response: "SELECT 1" }]);
  });

  for (const end of ["EVALUATION_FAILED", "EVALUATION_CANCELLED", "EVALUATION_TIMEOUT"]) {
    it(`scripted: a run that ends ${end} after 2 questions; the questions it never reached say so`, async () => {
      t.emu.scriptEvalRuns(space, { end: end as "EVALUATION_FAILED", endAfter: 2 });
      const id = String((await t.call("POST", runs(), {})).body["eval_run_id"]);
      t.clock.advance(1000 + 2 * 500 - 1);
      assert.equal((await t.call("GET", `${runs()}/${id}`)).body["eval_run_status"], "RUNNING");
      t.clock.advance(60_000);
      const run = (await t.call("GET", `${runs()}/${id}`)).body;
      assert.deepEqual([run["eval_run_status"], run["num_done"]], [end, 2]);
      const results = (await t.call("GET", `${runs()}/${id}/results`)).body["eval_results"] as {
        status: string;
      }[];
      assert.deepEqual(
        results.map((r) => r.status),
        ["DONE", "DONE", end, end],
      );
    });
  }

  it("scripted: a run that never finishes stays RUNNING, and one that never starts stays NOT_STARTED", async () => {
    t.emu.scriptEvalRuns(space, { end: "RUNNING", endAfter: 1 });
    const running = String((await t.call("POST", runs(), {})).body["eval_run_id"]);
    t.emu.scriptEvalRuns(space, { end: "NOT_STARTED" });
    const waiting = String((await t.call("POST", runs(), {})).body["eval_run_id"]);
    t.clock.advance(24 * 3600_000);
    const a = (await t.call("GET", `${runs()}/${running}`)).body;
    assert.deepEqual([a["eval_run_status"], a["num_done"]], ["RUNNING", 1]);
    assert.equal(
      (await t.call("GET", `${runs()}/${waiting}`)).body["eval_run_status"],
      "NOT_STARTED",
    );
    t.emu.scriptEvalRuns(space, undefined);
    const normal = String((await t.call("POST", runs(), {})).body["eval_run_id"]);
    t.clock.advance(10_000);
    assert.equal((await t.call("GET", `${runs()}/${normal}`)).body["eval_run_status"], "DONE");
  });

  it("refuses a bad script with a 400 naming the field", async () => {
    const bad = await t.call("POST", `/__emulator/spaces/${space}/eval-script`, {
      questions: { x: { assessment: "GOOD", reasons: ["TOO_SLOW"] } },
    });
    assert.equal(bad.status, 400);
    assert.match(
      String(bad.body["message"]),
      /questions\['x'\]\.reasons: 'TOO_SLOW' is not one of/,
    );
    assert.throws(() => t.emu.scriptEvalRuns(space, { end: "DONE", endAfter: -1 }), /endAfter/);
  });

  it("needs CAN_EDIT; a space without benchmarks, a trashed one and an unknown run are refused", async () => {
    const analyst = await t.call("POST", runs(), {}, "emulator-token-analyst");
    assert.equal(analyst.status, 403);
    const plain = String(
      (
        await t.createSpace({
          serialized_space: JSON.stringify({ version: 2, data_sources: { tables: [] } }),
        })
      )["space_id"],
    );
    const none = await t.call("POST", `/api/2.0/genie/spaces/${plain}/eval-runs`, {});
    assert.equal(none.status, 400);
    assert.match(String(none.body["message"]), /no benchmark questions/);
    assert.equal((await t.call("GET", `${runs()}/${hex(1)}`)).status, 404);
    const id = String((await t.call("POST", runs(), {})).body["eval_run_id"]);
    await t.call("DELETE", `/api/2.0/genie/spaces/${space}`);
    const gone = await t.call("GET", `${runs()}/${id}`);
    assert.equal(gone.status, 404);
    assert.match(String(gone.body["message"]), /has been trashed/);
  });

  it("a run is a snapshot: editing the space later changes neither its questions nor its assessments", async () => {
    const id = String((await t.call("POST", runs(), {})).body["eval_run_id"]);
    t.emu.edit(space, { instructions: "changed" });
    await t.call("PATCH", `/api/2.0/genie/spaces/${space}`, {
      serialized_space: JSON.stringify({ version: 2 }),
    });
    t.clock.advance(10_000);
    assert.equal((await t.call("GET", `${runs()}/${id}`)).body["num_correct"], 2);
  });
});

describe("emulator: evaluation runs survive a restart with a data directory", () => {
  it("a run made before the restart is listed and DONE after it", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "genie-emu-evals-"));
    try {
      const first = await emulator({ dataDir: dir });
      const space = String((await first.createSpace({ serialized_space: document() }))["space_id"]);
      const id = String(
        (await first.call("POST", `/api/2.0/genie/spaces/${space}/eval-runs`, {})).body[
          "eval_run_id"
        ],
      );
      await first.emu.stop();
      assert.ok(fs.existsSync(path.join(dir, "evals", `${space}.json`)));
      const again = await emulator({ dataDir: dir });
      again.clock.advance(10_000);
      const run = (await again.call("GET", `/api/2.0/genie/spaces/${space}/eval-runs/${id}`)).body;
      assert.deepEqual([run["eval_run_status"], run["num_correct"]], ["DONE", 2]);
      await again.emu.stop();
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
