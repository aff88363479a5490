"""SQL statement execution through the SDK's StatementExecutionAPI: DDL that succeeds, a statement
that fails (HTTP 200, state FAILED with the error), and a pending one polled to its end or
cancelled."""

from databricks.sdk.service.sql import StatementState

from common import WAREHOUSE, client, done, eq, until

w = client()
ok = w.statement_execution.execute_statement(statement="CREATE SCHEMA dev.conformance", warehouse_id=WAREHOUSE, wait_timeout="10s")
eq(ok.status.state, StatementState.SUCCEEDED, "DDL succeeds")
eq(ok.manifest.total_row_count, 0, "DDL has an empty manifest")

bad = w.statement_execution.execute_statement(statement="CREATE TABLE dev.sales.orders (id INT)", warehouse_id=WAREHOUSE, wait_timeout="10s")
eq(bad.status.state, StatementState.FAILED, "a failing statement is FAILED, not an HTTP error")
eq(bad.status.error.error_code.value, "BAD_REQUEST", "its error code")
eq("TABLE_OR_VIEW_ALREADY_EXISTS" in bad.status.error.message, True, f"its message: {bad.status.error.message}")

pending = w.statement_execution.execute_statement(statement="CREATE TABLE dev.conformance.t (id INT)", warehouse_id=WAREHOUSE, wait_timeout="0s")
eq(pending.status.state, StatementState.PENDING, "wait_timeout 0s answers PENDING")
final = until(lambda: (s := w.statement_execution.get_statement(pending.statement_id)).status.state != StatementState.PENDING and s, "the statement to finish")
eq(final.status.state, StatementState.SUCCEEDED, "the pending statement succeeds when polled")

w.warehouses.stop(WAREHOUSE).result()
queued = w.statement_execution.execute_statement(statement="DROP TABLE dev.conformance.t", warehouse_id=WAREHOUSE, wait_timeout="0s")
eq(queued.status.state, StatementState.PENDING, "a statement to a stopped warehouse waits")
w.statement_execution.cancel_execution(queued.statement_id)
eq(w.statement_execution.get_statement(queued.statement_id).status.state, StatementState.CANCELED, "cancel")
done("statements")
