"""The evaluation-runs API (Beta) through the SDK's genie_*_eval_* methods: a run over every
benchmark and over some, its progress to DONE, the runs' list, the results and their details
(the emulator's assessment rule: GOOD when an example SQL is the benchmark's SQL once normalised),
scripted outcomes and failures (the emulator's admin route), and errors."""

from databricks.sdk.errors import BadRequest, NotFound, PermissionDenied
from databricks.sdk.service.dashboards import EvaluationStatusType, GenieEvalAssessment, ScoreReason

from common import WAREHOUSE, admin, check, client, document, done, eq, raises, until

w = client()
doc = document(
    2,
    benchmarks=[
        ("How many orders?", "SELECT COUNT(*) FROM dev.sales.orders;"),
        ("Revenue by status", "SELECT status, SUM(amount) FROM dev.sales.orders GROUP BY status"),
        ("Top customer", "SELECT customer_id FROM dev.sales.orders LIMIT 1"),
    ],
    examples=[
        ("Count the orders", "select count( * )\nfrom dev.sales.orders"),
        ("Revenue by status", "SELECT status, SUM(amount) AS revenue FROM dev.sales.orders GROUP BY status"),
    ],
)
space = w.genie.create_space(warehouse_id=WAREHOUSE, serialized_space=doc, title="Benchmarked")
sid = space.space_id

run = w.genie.genie_create_eval_run(sid)
check(run.eval_run_id, "an eval_run_id")
eq(run.eval_run_status, EvaluationStatusType.NOT_STARTED, "a new run has not started")
eq(run.num_questions, 3, "every benchmark when none is named")
check(isinstance(run.created_timestamp, int) and isinstance(run.run_by_user, int), "timestamps and user ids are numbers")

seen = set()
final = until(lambda: (r := w.genie.genie_get_eval_run(sid, run.eval_run_id)) and (seen.add(r.eval_run_status) or r.eval_run_status == EvaluationStatusType.DONE) and r, "the run to be DONE")
check(EvaluationStatusType.RUNNING in seen or len(seen) == 1, f"statuses seen: {seen}")
eq((final.num_done, final.num_correct, final.num_needs_review), (3, 1, 0), "done, correct, needs review")

results = w.genie.genie_list_eval_results(sid, run.eval_run_id).eval_results
eq([r.question for r in results], ["How many orders?", "Revenue by status", "Top customer"], "results in question order")
check(all(r.status == EvaluationStatusType.DONE for r in results), "each result DONE")
details = [w.genie.genie_get_eval_result_details(sid, run.eval_run_id, r.result_id) for r in results]
eq([d.assessment for d in details], [GenieEvalAssessment.GOOD, GenieEvalAssessment.BAD, GenieEvalAssessment.BAD], "assessments")
eq(details[1].assessment_reasons, [ScoreReason.RESULT_MISSING_ROWS], "same question, other SQL")
eq(details[2].assessment_reasons, [ScoreReason.EMPTY_RESULT], "nothing taught for it")
eq(details[0].actual_response[0].response, "select count( * )\nfrom dev.sales.orders", "the example SQL Genie 'answered'")
eq(details[0].expected_response[0].response, "SELECT COUNT(*) FROM dev.sales.orders;", "the benchmark's SQL")
eq(details[0].eval_run_status, EvaluationStatusType.DONE, "details carry the run's status")

some = w.genie.genie_create_eval_run(sid, benchmark_question_ids=[results[2].benchmark_question_id])
eq(some.num_questions, 1, "only the named questions")
listed = w.genie.genie_list_eval_runs(sid, page_size=1)
eq([r.eval_run_id for r in listed.eval_runs], [some.eval_run_id], "newest first, one a page")
check(listed.next_page_token, "a next page")
eq([r.eval_run_id for r in w.genie.genie_list_eval_runs(sid, page_token=listed.next_page_token).eval_runs], [run.eval_run_id], "the second page")

# Scripted: per question outcomes, then a run that fails after one question.
admin("POST", f"/__emulator/spaces/{sid}/eval-script", {"questions": {"Top customer": {"assessment": "NEEDS_REVIEW", "reasons": ["LLM_JUDGE_OTHER"]}}})
scripted = w.genie.genie_create_eval_run(sid)
final = until(lambda: (r := w.genie.genie_get_eval_run(sid, scripted.eval_run_id)).eval_run_status == EvaluationStatusType.DONE and r, "the scripted run")
eq(final.num_needs_review, 1, "a scripted NEEDS_REVIEW")
admin("POST", f"/__emulator/spaces/{sid}/eval-script", {"end": "EVALUATION_FAILED", "endAfter": 1})
failing = w.genie.genie_create_eval_run(sid)
final = until(lambda: (r := w.genie.genie_get_eval_run(sid, failing.eval_run_id)).eval_run_status not in (EvaluationStatusType.NOT_STARTED, EvaluationStatusType.RUNNING) and r, "the failing run")
eq((final.eval_run_status, final.num_done), (EvaluationStatusType.EVALUATION_FAILED, 1), "failed after one question")
statuses = [r.status for r in w.genie.genie_list_eval_results(sid, failing.eval_run_id).eval_results]
eq(statuses, [EvaluationStatusType.DONE, EvaluationStatusType.EVALUATION_FAILED, EvaluationStatusType.EVALUATION_FAILED], "results of a failed run")
admin("DELETE", f"/__emulator/spaces/{sid}/eval-script")

raises(BadRequest, lambda: w.genie.genie_create_eval_run(sid, benchmark_question_ids=["f" * 32]), "does not exist")
raises(NotFound, lambda: w.genie.genie_get_eval_run(sid, "0" * 32))
plain = w.genie.create_space(warehouse_id=WAREHOUSE, serialized_space=document(2))
raises(BadRequest, lambda: w.genie.genie_create_eval_run(plain.space_id), "no benchmark questions")
raises(PermissionDenied, lambda: client("emulator-token-analyst").genie.genie_create_eval_run(sid))
w.genie.trash_space(sid)
raises(NotFound, lambda: w.genie.genie_get_eval_run(sid, run.eval_run_id), "trashed")
done("eval runs")
