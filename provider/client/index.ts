/** The Databricks REST client: HTTP only, no Pulumi. */
import { CatalogApi } from "./catalog";
import { CurrentUserApi } from "./current-user";
import { EvalRunsApi } from "./eval-runs";
import { GenieApi } from "./genie";
import { type ClientOptions, DatabricksClient } from "./http";
import { PermissionsApi } from "./permissions";
import { WorkspaceApi } from "./workspace";

export {
  CatalogApi,
  type Found,
  type LookupRequest,
  type LookupResult,
  lookUpCatalog,
  type TableInfo,
} from "./catalog";
export {
  type AuthConfig,
  type AuthMethod,
  type ClientSettings,
  type CredentialSources,
  parseIni,
  resolveAuthConfig,
  type ResolvedCredentials,
} from "./credentials";
export * from "./errors";
export {
  DEFAULT_POLL,
  isTerminal,
  moved,
  nextPollDelay,
  type PollPolicy,
  TERMINAL_EVAL_STATUSES,
  waitForEvalRun,
  type WaitOptions,
  type WaitOutcome,
} from "./eval-poll";
export {
  describeOutcome,
  evaluate,
  type EvalReport,
  type EvaluateOptions,
  failing,
  formatAccuracy,
  outcomes,
  type QuestionOutcome,
  type Score,
  scoreOf,
  verdict,
} from "./eval-report";
export {
  type EvalResponse,
  type EvalResult,
  type EvalResultDetails,
  type EvalRun,
  type EvalRunStatus,
  EvalRunsApi,
  MAX_EVAL_PAGE_SIZE,
} from "./eval-runs";
export {
  CLOCK_SKEW_MS,
  type CreateOptions,
  type CreateSpaceRequest,
  GenieApi,
  type GenieSpaceInfo,
  normalizeFolder,
  type UpdateSpaceRequest,
} from "./genie";
export {
  type ApiRequest,
  type ClientOptions,
  DatabricksClient,
  outcomeOf,
  type Validator,
} from "./http";
export { normalizeHost } from "./host";
export {
  type AccessControlRequest,
  type ObjectPermissions,
  PermissionsApi,
  PERMISSION_LEVELS,
  type PermissionLevel,
} from "./permissions";
export {
  DEFAULT_RETRY,
  mayHaveBeenCarriedOut,
  type Outcome,
  parseRetryAfter,
  type RetryFacts,
  retryDelay,
  type RetryPolicy,
  shouldRetry,
} from "./retry";
export { WorkspaceApi } from "./workspace";

/** Every API module over one client. */
export interface Databricks {
  client: DatabricksClient;
  genie: GenieApi;
  /** Evaluation runs of a space's benchmarks (Beta). */
  evalRuns: EvalRunsApi;
  permissions: PermissionsApi;
  workspace: WorkspaceApi;
  currentUser: CurrentUserApi;
  /** Unity Catalog tables and functions, SQL warehouses: what a live check reads. */
  catalog: CatalogApi;
}

/**
 * @example
 * const dbx = databricks({ settings: { host: "https://adb-1.2.azuredatabricks.net", token } });
 * for await (const space of dbx.genie.list()) console.log(space.title);
 */
export function databricks(options: ClientOptions = {}): Databricks {
  const client = new DatabricksClient(options);
  const currentUser = new CurrentUserApi(client);
  return {
    client,
    genie: new GenieApi(client, currentUser),
    evalRuns: new EvalRunsApi(client),
    permissions: new PermissionsApi(client),
    workspace: new WorkspaceApi(client),
    currentUser,
    catalog: new CatalogApi(client),
  };
}
