import { strict as assert } from "node:assert";
import * as path from "node:path";
import ts from "typescript";
import * as root from "../../provider";

/**
 * The names the package root exports, values and types. Growing this list is a decision: add a
 * name here in the same change that makes it public, and say why in the commit. Internals stay
 * under `pulumi-databricks-genie/model` and `pulumi-databricks-genie/client`.
 */
const VALUES = [
  "ClientConfigError",
  "ConflictError",
  "CreateOutcomeUnknownError",
  "DatabricksError",
  "GenieAnalyticsSpace",
  "GenieBenchmarkGate",
  "GenieSpace",
  "GenieSpacePermissions",
  "InvalidParameterError",
  "NetworkError",
  "NotEnabledError",
  "NotFoundError",
  "PermissionDeniedError",
  "RateLimitedError",
  "ServerError",
  "SpaceValidationError",
  "UnauthenticatedError",
  "canonicalize",
  "databricks",
  "diffSpaces",
  "formatDifferences",
  "serializeSpace",
  "toSerializedSpace",
  "validateSpace",
];

const TYPES = [
  "AccessControlRequest",
  "BenchmarkGateOptions",
  "BenchmarkQuestion",
  "BenchmarkSpec",
  "CanonicalSpace",
  "ClientOptions",
  "CatalogApi",
  "ClientSettings",
  "ColumnConfig",
  "ColumnConfigV1",
  "ColumnSpec",
  "Consumers",
  "CreateCandidate",
  "CreateOptions",
  "CreateSpaceRequest",
  "CurrentUserApi",
  "Databricks",
  "EvalResponse",
  "EvalResult",
  "EvalResultDetails",
  "EvalRun",
  "EvalRunStatus",
  "EvalRunsApi",
  "ExampleQuestionSql",
  "ExampleSqlSpec",
  "GateQuestionResult",
  "GenieAnalyticsSpaceArgs",
  "GenieApi",
  "GenieBenchmarkGateArgs",
  "GenieGrant",
  "GenieSpaceArgs",
  "GenieSpaceInfo",
  "GenieSpacePermissionsArgs",
  "GenieSpaceSpec",
  "GenieSpaceSpecInput",
  "JoinRelationship",
  "JoinSource",
  "JoinSourceSpec",
  "JoinSpec",
  "JoinSpecConfig",
  "NetworkFailure",
  "NewWarehouse",
  "ObjectPermissions",
  "Parameter",
  "ParameterSpec",
  "PermissionLevel",
  "PermissionsApi",
  "Problem",
  "RequestFacts",
  "SampleQuestion",
  "SampleQuestionSpec",
  "SerializedSpace",
  "SerializedSpaceResult",
  "SerializedSpaceV1",
  "SerializedSpaceV2",
  "SnippetConfig",
  "SnippetSpec",
  "SpaceDifference",
  "SqlFunction",
  "SqlFunctionSpec",
  "TableConfig",
  "TableSpec",
  "TextInstruction",
  "ToSerializedSpaceOptions",
  "UpdateSpaceRequest",
  "ValidationResult",
  "WorkspaceApi",
];

describe("the package root's public names", () => {
  it("exports exactly these runtime values", () => {
    assert.deepEqual(Object.keys(root).sort(), [...VALUES].sort());
  });

  it("exports exactly these names in all, values and types, as the compiler sees them", function () {
    this.timeout(120_000);
    const entry = path.join(__dirname, "../../provider/index.ts");
    const program = ts.createProgram([entry], {
      strict: true,
      skipLibCheck: true,
      noEmit: true,
      module: ts.ModuleKind.CommonJS,
      target: ts.ScriptTarget.ES2022,
      esModuleInterop: true,
    });
    const checker = program.getTypeChecker();
    const source = program.getSourceFile(entry);
    const symbol = source === undefined ? undefined : checker.getSymbolAtLocation(source);
    assert.ok(symbol, "provider/index.ts has no module symbol");
    const names = checker.getExportsOfModule(symbol).map((s) => s.getName());
    assert.deepEqual(names.sort(), [...VALUES, ...TYPES].sort());
  });

  it("keeps the model's and the client's internals off the root", () => {
    for (const internal of [
      "parseIni",
      "errorFrom",
      "redact",
      "shouldRetry",
      "stableStringify",
      "joinLines",
      "planGrants",
      "aclEntries",
    ])
      assert.equal(internal in root, false, `${internal} is exported from the package root`);
  });
});
