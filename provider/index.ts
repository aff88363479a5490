/**
 * pulumi-databricks-genie: Databricks Genie spaces as code.
 *
 * The package root holds what a program needs: the resources and the component, the document
 * model's entry points, and the REST client's facade with its error classes. Everything else of
 * the model and the client stays reachable, deliberately, under `pulumi-databricks-genie/model`
 * and `pulumi-databricks-genie/client`. test/package/public-api.test.ts pins this list.
 *
 * @example
 * import { toSerializedSpace, validateSpace } from "pulumi-databricks-genie";
 */

// Resources and the component.
export { GenieSpace, type GenieSpaceArgs, type GenieSpaceSpecInput } from "./resources/genie-space";
export {
  type GenieGrant,
  GenieSpacePermissions,
  type GenieSpacePermissionsArgs,
} from "./resources/genie-space-permissions";
export {
  type GateQuestionResult,
  GenieBenchmarkGate,
  type GenieBenchmarkGateArgs,
} from "./resources/genie-benchmark-gate";
export {
  type BenchmarkGateOptions,
  type Consumers,
  GenieAnalyticsSpace,
  type GenieAnalyticsSpaceArgs,
  type NewWarehouse,
} from "../components/genie-analytics-space";

// The document model's entry points.
export { canonicalize, type CanonicalSpace } from "./model/canonical";
export { diffSpaces, formatDifferences, type SpaceDifference } from "./model/diff";
export { type Problem, SpaceValidationError } from "./model/problems";
export {
  serializeSpace,
  type SerializedSpaceResult,
  toSerializedSpace,
  type ToSerializedSpaceOptions,
} from "./model/serialize";
export { validateSpace, type ValidationResult } from "./model/validate";
// The friendly spec's and the wire document's types (both files hold types only).
export * from "./model/spec";
export * from "./model/document";

// The REST client's facade, its error classes, and the types its members use.
export { type ClientOptions, databricks, type Databricks } from "./client";
export {
  ClientConfigError,
  type CreateCandidate,
  CreateOutcomeUnknownError,
  ConflictError,
  DatabricksError,
  InvalidParameterError,
  NetworkError,
  type NetworkFailure,
  NotEnabledError,
  NotFoundError,
  PermissionDeniedError,
  RateLimitedError,
  type RequestFacts,
  ServerError,
  UnauthenticatedError,
} from "./client/errors";
export type { CatalogApi } from "./client/catalog";
export type { ClientSettings } from "./client/credentials";
export type { CurrentUserApi } from "./client/current-user";
export type {
  CreateOptions,
  CreateSpaceRequest,
  GenieApi,
  GenieSpaceInfo,
  UpdateSpaceRequest,
} from "./client/genie";
export type {
  AccessControlRequest,
  ObjectPermissions,
  PermissionLevel,
  PermissionsApi,
} from "./client/permissions";
export type { WorkspaceApi } from "./client/workspace";
export type {
  EvalResponse,
  EvalResult,
  EvalResultDetails,
  EvalRun,
  EvalRunsApi,
  EvalRunStatus,
} from "./client/eval-runs";
