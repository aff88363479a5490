import * as pulumi from "@pulumi/pulumi";
import type {
  BenchmarkSpec,
  ColumnSpec,
  ExampleSqlSpec,
  JoinSpec,
  ParameterSpec,
  SampleQuestionSpec,
  SnippetSpec,
  SqlFunctionSpec,
  TableSpec,
} from "../model/spec";
import { DEPENDENCY_TABLES } from "./inputs";
import { dynamicProvider } from "./shim";
import { INVALID_TEXT, mendedInputs } from "./unicode-inputs";

type In<T> = pulumi.Input<T>;
/** A value of the spec where every field may come from another resource. */
type Inputs<T> = {
  [K in keyof T]: T[K] extends (infer E)[] | undefined
    ? In<In<Inputs<E> | E>[]>
    : T[K] extends string | boolean | undefined
      ? In<T[K]>
      : In<Inputs<T[K]> | T[K]>;
};

/** The friendly spec with Pulumi Inputs at every level (a table's identifier may be an Output). */
export interface GenieSpaceSpecInput {
  tables?: In<In<string | Inputs<TableSpec>>[]>;
  metricViews?: In<In<string | Inputs<TableSpec>>[]>;
  instructions?: In<string>;
  sampleQuestions?: In<In<string | Inputs<SampleQuestionSpec>>[]>;
  exampleSqls?: In<In<Inputs<ExampleSqlSpec>>[]>;
  sqlFunctions?: In<In<string | Inputs<SqlFunctionSpec>>[]>;
  joins?: In<In<Inputs<JoinSpec>>[]>;
  snippets?: In<{
    filters?: In<In<Inputs<SnippetSpec>>[]>;
    expressions?: In<In<Inputs<SnippetSpec>>[]>;
    measures?: In<In<Inputs<SnippetSpec>>[]>;
  }>;
  benchmarks?: In<In<Inputs<BenchmarkSpec>>[]>;
}
export type { ColumnSpec, ParameterSpec };

export interface GenieSpaceArgs {
  /** The space's name in the Genie UI. */
  title: In<string>;
  description?: In<string>;
  /** The SQL warehouse that runs the space's queries, e.g. a `databricks.SqlEndpoint`'s id. */
  warehouseId: In<string>;
  /** Workspace folder, e.g. `/Workspace/Shared/genie`; made if missing. Defaults to the deployer's home. */
  parentPath?: In<string>;
  /** The space as a friendly spec. Give this or `serializedSpace`. */
  space?: In<GenieSpaceSpecInput>;
  /** The space as a raw `serialized_space` document (a JSON string or an object), e.g. a file exported from the UI. */
  serializedSpace?: In<string | Record<string, unknown>>;
  /** Values for `${name}` placeholders in the spec or document, e.g. `{ catalog: "prod" }`. */
  variables?: In<Record<string, In<string>>>;
  /**
   * Take over an existing space instead of creating one: the first `up` brings it to the declared
   * state and manages it from then on. (`pulumi import` needs the provider plugin: docs/plugin.md.)
   */
  adoptSpaceId?: In<string>;
}

/**
 * A Databricks Genie space, kept converged with the program: `pulumi up` creates or updates it,
 * `pulumi refresh` finds edits made in the UI, `pulumi destroy` trashes it (its conversation
 * history is lost for good). Credentials come from the stack config (`databricks:host`,
 * `databricks:token`, ...), the environment or `~/.databrickscfg`, never from the arguments.
 *
 * @example
 * const space = new GenieSpace("sales", {
 *   title: "Sales analytics",
 *   warehouseId: warehouse.id,
 *   parentPath: "/Workspace/Shared/genie",
 *   space: { tables: ["${catalog}.sales.orders"], instructions: "Amounts are in EUR." },
 *   variables: { catalog: pulumi.getStack() },
 * });
 * export const url = space.url;
 */
export class GenieSpace extends pulumi.dynamic.Resource {
  /** The space's id, as in its URL. */
  declare readonly spaceId: pulumi.Output<string>;
  /** The etag read back after the last write or refresh. */
  declare readonly etag: pulumi.Output<string>;
  /** The space in the workspace UI. */
  declare readonly url: pulumi.Output<string>;
  declare readonly title: pulumi.Output<string>;
  declare readonly description: pulumi.Output<string>;
  declare readonly warehouseId: pulumi.Output<string>;
  /** The folder, as the server reports it (without `/Workspace`). */
  declare readonly parentPath: pulumi.Output<string>;
  /** The document as the server stores it (pretty-printed JSON). */
  declare readonly serializedSpace: pulumi.Output<string>;
  /** What changed outside Pulumi, as found by the last refresh; empty when converged. */
  declare readonly drift: pulumi.Output<string[]>;

  constructor(name: string, given: GenieSpaceArgs, opts?: pulumi.CustomResourceOptions) {
    // Half characters are mended here and refused by check, with the property named: as they
    // are, the transport would drop them or fail first (unicode-inputs.ts).
    const { args, invalid } = mendedInputs(given);
    super(
      dynamicProvider("GenieSpace"),
      name,
      {
        ...args,
        description: args.description,
        parentPath: args.parentPath,
        serializedSpace: args.serializedSpace,
        spaceId: undefined,
        etag: undefined,
        url: undefined,
        drift: undefined,
        [INVALID_TEXT]: invalid,
        [DEPENDENCY_TABLES]: dependencyTables(opts?.dependsOn),
      },
      opts,
      "genie",
      "GenieSpace",
    );
  }
}

/**
 * The three-part names of the tables among `dependsOn` (resources with `catalogName`,
 * `schemaName` and `name` outputs, such as `databricks.SqlTable`): the same deployment makes them,
 * so the preflight does not look for them. Undefined when there are none (no input is added).
 */
function dependencyTables(
  dependsOn: pulumi.CustomResourceOptions["dependsOn"],
): pulumi.Output<string>[] | undefined {
  const list = Array.isArray(dependsOn) ? dependsOn : dependsOn === undefined ? [] : [dependsOn];
  const names = list.flatMap((r) => {
    const t = r as unknown as Record<string, unknown>;
    const parts = [t["catalogName"], t["schemaName"], t["name"]];
    if (!parts.every((p) => pulumi.Output.isInstance(p))) return [];
    const [c, s, n] = parts as pulumi.Output<string>[];
    return [pulumi.interpolate`${c}.${s}.${n}`];
  });
  return names.length === 0 ? undefined : names;
}
