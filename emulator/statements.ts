import { randomUUID } from "node:crypto";
import type { Core } from "./core";
import { DdlError, parseDdl } from "./ddl";
import { applyDdl } from "./ddl-apply";
import { badRequest, notFound } from "./errors";
import type { StoredStatement } from "./platform";
import { type Ctx, fields, type Reply, route, type Route } from "./routes";
import { getWarehouse, requireLevel, runningAt, start } from "./warehouses";

/**
 * The SQL statement execution API (databricks-sdk-go service/sql, StatementExecution), as the
 * provider uses it for `databricks.SqlTable` with a `warehouseId`
 * (terraform-provider-databricks catalog/resource_sql_table.go, `applySql`): one
 * `POST /api/2.0/sql/statements {statement, warehouse_id, wait_timeout: "50s", on_wait_timeout:
 * "CANCEL"}` per DDL statement, and the answer's `status.state` must be SUCCEEDED (the provider
 * does not poll). A statement that fails answers HTTP 200 with state FAILED and `status.error`.
 */
const WAIT = /^(\d+)s$/;

function waitMs(raw: unknown): number {
  const m = WAIT.exec(typeof raw === "string" ? raw : "10s");
  const seconds = m === null ? NaN : Number(m[1]);
  if (!(seconds === 0 || (seconds >= 5 && seconds <= 50)))
    throw badRequest(`wait_timeout must be 0s or between 5s and 50s, got '${String(raw)}'`);
  return seconds * 1000;
}

/** Runs the DDL with the sender's rights; the outcome becomes the statement's state. */
function run(core: Core, s: StoredStatement): void {
  core.platform.write();
  // A statement that fails changes nothing, even when it failed halfway through its changes.
  const undo = core.platform.savepoint();
  try {
    const defaults = {
      ...(s.catalog === undefined ? {} : { catalog: s.catalog }),
      ...(s.schema === undefined ? {} : { schema: s.schema }),
    };
    applyDdl(core.platform, s.by, parseDdl(s.statement), defaults);
    s.state = "SUCCEEDED";
  } catch (e) {
    if (!(e instanceof DdlError)) throw e;
    undo();
    s.state = "FAILED";
    s.sql_state = e.sqlState;
    s.error = { error_code: "BAD_REQUEST", message: e.message };
  }
}

function answer(s: StoredStatement): Record<string, unknown> {
  const status: Record<string, unknown> = { state: s.state };
  if (s.error !== undefined) status["error"] = s.error;
  if (s.sql_state !== undefined) status["sql_state"] = s.sql_state;
  return {
    statement_id: s.id,
    status,
    ...(s.state === "SUCCEEDED"
      ? {
          manifest: {
            format: "JSON_ARRAY",
            schema: { column_count: 0 },
            total_chunk_count: 0,
            total_row_count: 0,
            truncated: false,
          },
        }
      : {}),
  };
}

/**
 * A statement runs once its warehouse is RUNNING; one sent to a stopped warehouse starts it. With
 * a wait of 5-50 s the answer comes once the statement is done if the warehouse is running by then
 * (the emulator answers at once rather than holding the connection); otherwise the statement stays
 * PENDING, or is CANCELED when `on_wait_timeout` is CANCEL. With `0s` it is always PENDING first.
 */
function execute(ctx: Ctx): Reply {
  const p = ctx.core.platform;
  p.write();
  const body = fields(ctx);
  const statement = body["statement"];
  if (typeof statement !== "string" || statement.trim() === "")
    throw badRequest("Field 'statement' is required");
  if (typeof body["warehouse_id"] !== "string" || body["warehouse_id"] === "")
    throw badRequest("Field 'warehouse_id' is required");
  const wait = waitMs(body["wait_timeout"]);
  const onTimeout = body["on_wait_timeout"] ?? "CONTINUE";
  if (onTimeout !== "CONTINUE" && onTimeout !== "CANCEL")
    throw badRequest(`on_wait_timeout must be CONTINUE or CANCEL, got '${String(onTimeout)}'`);
  const w = getWarehouse(p, body["warehouse_id"]);
  requireLevel(p, ctx.identity, w.id, ["CAN_USE", "CAN_MANAGE", "IS_OWNER"], "use");
  start(ctx.core, w);
  const s: StoredStatement = {
    id: randomUUID(),
    statement,
    warehouse_id: w.id,
    by: ctx.identity,
    state: "PENDING",
    ...(typeof body["catalog"] === "string" ? { catalog: body["catalog"] } : {}),
    ...(typeof body["schema"] === "string" ? { schema: body["schema"] } : {}),
  };
  p.keepStatement(s);
  const ready = runningAt(ctx.core, w) ?? Infinity;
  if (wait > 0 && ready <= ctx.core.clock.now() + wait) run(ctx.core, s);
  else if (wait > 0 && onTimeout === "CANCEL") s.state = "CANCELED";
  return { body: answer(s) };
}

function statementOf(ctx: Ctx): StoredStatement {
  const s = ctx.core.platform.statements.get(ctx.params[0] as string);
  if (s === undefined) throw notFound(`Statement ${ctx.params[0]} does not exist.`);
  return s;
}

export const statementRoutes: Route[] = [
  route("POST", /^\/api\/2\.0\/sql\/statements\/?$/, execute),
  route("GET", /^\/api\/2\.0\/sql\/statements\/([^/]+)$/, (ctx) => {
    const s = statementOf(ctx);
    const w = ctx.core.platform.state.warehouses[s.warehouse_id];
    if (s.state === "PENDING" && w !== undefined && runningAt(ctx.core, w) === ctx.core.clock.now())
      run(ctx.core, s);
    return { body: answer(s) };
  }),
  route("POST", /^\/api\/2\.0\/sql\/statements\/([^/]+)\/cancel$/, (ctx) => {
    const s = statementOf(ctx);
    if (s.state === "PENDING") s.state = "CANCELED";
    return { body: {} };
  }),
];
