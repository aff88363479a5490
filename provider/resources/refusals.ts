import {
  type Databricks,
  DatabricksError,
  InvalidParameterError,
  NotFoundError,
  PermissionDeniedError,
  ServerError,
} from "../client";
import { formatProblem, type Problem } from "../model/problems";
import type { SpaceInputs } from "./inputs";
import { declaredReferences, liveProblems } from "./live-check";

/**
 * The server's refusals of a create or update, told in the program's terms: the argument that
 * holds what was refused, what is wrong with it and a fix. One class per kind of refusal, built by
 * {@link refusalOf}; `cause` keeps the client's error (its status, code and request id).
 */
export class SpaceRefusedError extends Error {
  readonly problems: readonly Problem[];
  constructor(
    message: string,
    problems: readonly Problem[],
    override readonly cause: DatabricksError,
  ) {
    super(message);
    this.name = new.target.name;
    this.problems = problems;
  }
}

/** The warehouse (`warehouseId`) does not exist in the workspace, or the deployer cannot use it. */
export class WarehouseRefusedError extends SpaceRefusedError {}
/** A table, metric view, SQL function or column the document names is missing or unreadable. */
export class DataSourceRefusedError extends SpaceRefusedError {}

/** The refusal of a table: 403 PERMISSION_DENIED, or the 500 of a schema lookup that failed. */
const refusesDataSource = (e: DatabricksError) =>
  e instanceof PermissionDeniedError ||
  (e instanceof ServerError && /retrieve schema/i.test(e.apiMessage));

/**
 * The error to throw for `e`, the failure of a create or update of a space declared by `inputs`:
 * a refusal of its warehouse or of what its document names becomes one of the classes above, each
 * problem at its path; anything else is `e` itself. The server's words for a missing table are not
 * known (docs/api-behaviour.md, "Tables and functions the document names"): when its message does
 * not say which table it was, the document's names are looked up (the preflight's check, a few
 * requests) to tell; if that finds nothing either, `e` stands.
 */
export async function refusalOf(
  dbx: Databricks,
  e: unknown,
  inputs: SpaceInputs,
  sent: { warehouse: boolean; document: boolean },
): Promise<unknown> {
  if (!(e instanceof DatabricksError)) return e;
  const server = e.message;
  if (
    sent.warehouse &&
    /warehouse/i.test(e.apiMessage) &&
    (e instanceof InvalidParameterError ||
      e instanceof NotFoundError ||
      e instanceof PermissionDeniedError)
  ) {
    const problem: Problem = {
      path: "warehouseId",
      rule: "warehouse-missing",
      message: `SQL warehouse ${inputs.warehouseId} does not exist in this workspace, or the deployer cannot use it`,
      fix: "pick a warehouse of this workspace: `databricks warehouses list` shows their ids (or pass a databricks.SqlEndpoint's id)",
      severity: "error",
    };
    return new WarehouseRefusedError(told(server, [problem]), [problem], e);
  }
  if (!sent.document || !refusesDataSource(e)) return e;
  let problems: Problem[] = [];
  try {
    problems = await liveProblems(dbx, inputs, { warehouse: false });
  } catch {
    // The lookups failed too: what the message says is all there is to go on.
  }
  problems = problems.filter((p) => p.rule !== "lookup-failed");
  if (problems.length === 0) problems = named(e.apiMessage, inputs);
  if (problems.length === 0) return e;
  return new DataSourceRefusedError(told(server, problems), problems, e);
}

/** The tables the server's message names by a name the document holds, at their paths. */
function named(message: string, inputs: SpaceInputs): Problem[] {
  const property = inputs.space !== undefined ? "space" : "serializedSpace";
  const quoted = [...message.matchAll(/'([^']+)'|`([^`]+)`/g)].map((m) =>
    (m[1] ?? m[2] ?? "").toLowerCase(),
  );
  return declaredReferences(inputs)
    .filter((r) => quoted.includes(r.name.toLowerCase()))
    .map((r) => ({
      path: `${property}.${r.path}`,
      rule: "refused",
      message: `the server refused ${r.kind === "function" ? "SQL function" : "table"} '${r.name}': it does not exist, or the deployer cannot read it`,
      fix: "correct the name, create it first (or make the space depend on the resource that does), or grant the deployer USE CATALOG, USE SCHEMA and SELECT",
      severity: "error",
    }));
}

function told(server: string, problems: readonly Problem[]): string {
  return `${server}\n${problems.map((p) => `  ${formatProblem(p)}`).join("\n")}`;
}
