import * as databricks from "@pulumi/databricks";
import * as pulumi from "@pulumi/pulumi";
import type { PermissionLevel } from "../provider/client/permissions";
import { substituteVariables } from "../provider/model/variables";
import {
  GenieSpace,
  type GenieSpaceArgs,
  type GenieSpaceSpecInput,
} from "../provider/resources/genie-space";
import {
  GenieBenchmarkGate,
  type GenieBenchmarkGateArgs,
} from "../provider/resources/genie-benchmark-gate";
import {
  GenieSpacePermissions,
  type GenieSpacePermissionsArgs,
} from "../provider/resources/genie-space-permissions";
import { refuseLoneSurrogates } from "../provider/resources/unicode-inputs";
import {
  aclEntries,
  clusterWarning,
  type Consumers,
  defaultWarehouseName,
  fullName,
  planGrants,
  principals,
  tableKey,
  validateAnalyticsSpaceArgs,
  warehouseAcl,
} from "./plan";

export type { Consumers };

/**
 * A Unity Catalog table the component creates as a `databricks.SqlTable` whose DDL runs on the
 * space's warehouse. Names are plain strings (`${name}` variables allowed), since the grants and
 * the space's document are planned from them.
 */
export interface NewTable extends Omit<
  databricks.SqlTableArgs,
  "catalogName" | "schemaName" | "name" | "tableType" | "warehouseId" | "clusterId"
> {
  catalogName: string;
  schemaName: string;
  name: string;
  /** At least one: a managed table is created with its columns. */
  columns: NonNullable<databricks.SqlTableArgs["columns"]>;
  /** Default `MANAGED`. */
  tableType?: pulumi.Input<string>;
}

/** A table of the space: a three-part name, a `databricks.SqlTable`, or one to create. */
export type AnalyticsTable = string | databricks.SqlTable | { create: NewTable };

export interface NewWarehouse {
  /** Default `<component>-genie-<stack>`: warehouse names are unique in a workspace. */
  name?: pulumi.Input<string>;
  /** Default `2X-Small`. */
  clusterSize?: pulumi.Input<string>;
  /** Default 10 minutes. */
  autoStopMins?: pulumi.Input<number>;
}

/** A gate on the space's benchmarks (GenieBenchmarkGate): `up` fails below `minAccuracy`. */
export interface BenchmarkGateOptions {
  /** The least share of benchmark questions assessed GOOD, from 0 to 1 (e.g. 0.8). */
  minAccuracy: pulumi.Input<number>;
  /** Questions to evaluate, by id or text; all of the space's by default. */
  questions?: pulumi.Input<pulumi.Input<string>[]>;
  /** How long to wait for the evaluation, in seconds (default 1800). */
  timeoutSeconds?: pulumi.Input<number>;
}

export interface GenieAnalyticsSpaceArgs {
  title: pulumi.Input<string>;
  description?: pulumi.Input<string>;
  /**
   * `{ id }` of an existing SQL warehouse, or `{ create: {...} }` for a new serverless one. The
   * warehouse's ACL (`databricks.Permissions`, which replaces every grant on the warehouse) is
   * managed for a warehouse made here; for an existing one only with `managePermissions: true`.
   */
  warehouse: { id: pulumi.Input<string>; managePermissions?: boolean } | { create: NewWarehouse };
  /**
   * Three-part names of existing tables (`${catalog}.sales.orders` with variables),
   * `{ create: {...} }` for tables the component creates on the space's warehouse, or
   * `databricks.SqlTable` resources (give them `warehouseId`, or the provider runs their DDL on a
   * cluster it creates). The space waits for the tables it creates or is given.
   */
  tables: AnalyticsTable[];
  /** `catalog.schema` of the tables given as resources, for USE_CATALOG and USE_SCHEMA. */
  schemas?: string[];
  /** The rest of the space (instructions, questions, joins, ...); tables come from `tables`. */
  space?: Omit<GenieSpaceSpecInput, "tables">;
  /** Values for `${name}` placeholders; plain strings, since the grants are planned from the names. */
  variables?: Record<string, string>;
  /** The workspace folder; `create: true` declares it as a `databricks.Directory`. */
  folder?: { path: string; create?: boolean };
  /** Who will use the space: they get CAN_USE on the warehouse, the data grants, and `consumerLevel` on the space. */
  consumers: Consumers;
  /** Default CAN_RUN. */
  consumerLevel?: PermissionLevel;
  /** For the space's ACL; default `additive` (grants made by others stay). */
  permissionsMode?: "additive" | "authoritative";
  /**
   * Grant USE_CATALOG, USE_SCHEMA and SELECT to the consumers (default true). Each is a
   * `databricks.Grant`, which sets that principal's privileges on that securable: give consumers
   * groups of their own, or set false and grant elsewhere.
   */
  manageGrants?: boolean;
  /**
   * Evaluate the space's benchmarks after each change of its document and fail the `up` below
   * `minAccuracy` (a GenieBenchmarkGate). The space's change is already applied when it fails:
   * see docs/benchmark-gate.md.
   */
  benchmarkGate?: BenchmarkGateOptions;
}

/**
 * A Genie space its users can actually run: the space, its warehouse (existing or new), CAN_USE on
 * the warehouse, USE_CATALOG / USE_SCHEMA / SELECT on its tables, an optional folder, and the
 * space's ACL, in dependency order.
 *
 * @example
 * const sales = new GenieAnalyticsSpace("sales", {
 *   title: "Sales analytics",
 *   warehouse: { create: { name: "genie-sales" } },
 *   tables: [
 *     "dev.sales.customers",                                        // exists already
 *     { create: { catalogName: "dev", schemaName: "sales", name: "orders",
 *                 columns: [{ name: "id", type: "BIGINT" }] } },     // made on the warehouse
 *   ],
 *   space: { instructions: "Amounts are in EUR." },
 *   consumers: { groups: ["analysts"] },
 * });
 * export const url = sales.url;
 */
export class GenieAnalyticsSpace extends pulumi.ComponentResource {
  readonly spaceId: pulumi.Output<string>;
  readonly url: pulumi.Output<string>;
  readonly warehouseId: pulumi.Output<string>;
  readonly space: GenieSpace;
  /** The gate on the space's benchmarks, when `benchmarkGate` is given. */
  readonly benchmarkGate?: pulumi.CustomResource;

  constructor(name: string, args: GenieAnalyticsSpaceArgs, opts?: pulumi.ComponentResourceOptions) {
    // Before anything is registered: the inputs reach @pulumi/databricks resources too, whose
    // transport drops or chokes on a lone surrogate just the same.
    refuseLoneSurrogates("GenieAnalyticsSpace", name, args);
    super("genie:index:GenieAnalyticsSpace", name, {}, opts);
    const entries = args.tables.map((t) => resolveTable(t, args.variables));
    const problems = validateAnalyticsSpaceArgs({ ...args, tables: entries });
    if (problems.length > 0)
      throw new Error(
        `GenieAnalyticsSpace ${name}:\n${problems.map((p) => `  ${p.path}: ${p.message}`).join("\n")}`,
      );
    const named = entries.filter((t): t is string => typeof t === "string");
    const given = entries.filter((t): t is databricks.SqlTable =>
      databricks.SqlTable.isInstance(t),
    );
    const toCreate = entries.filter((t): t is { create: NewTable } => isCreate(t));

    const child = { parent: this };
    const warehouseId = this.warehouse(name, args, child);
    const created = new Map(
      toCreate.map(({ create }) => {
        const full = fullName(create);
        const table = new databricks.SqlTable(
          `${name}-${tableKey(full)}`,
          // The DDL runs on the space's warehouse: without warehouseId the provider would create
          // a cluster for it (catalog/resource_sql_table.go, initCluster).
          { ...create, tableType: create.tableType ?? "MANAGED", warehouseId },
          child,
        );
        return [full, table] as const;
      }),
    );
    for (const t of given) warnWithoutWarehouse(name, t, this);
    const identifiers: pulumi.Input<string>[] = [
      ...named,
      ...created.keys(),
      ...given.map((t) => pulumi.interpolate`${t.catalogName}.${t.schemaName}.${t.name}`),
    ];
    const grants =
      args.manageGrants === false ? [] : this.dataGrants(name, args, named, created, given, child);
    const folder =
      args.folder?.create === true
        ? new databricks.Directory(`${name}-folder`, { path: args.folder.path }, child)
        : undefined;

    this.space = this.declareSpace(
      `${name}-space`,
      {
        title: args.title,
        description: args.description,
        warehouseId,
        parentPath: args.folder?.path,
        space: { ...args.space, tables: identifiers },
        variables: args.variables,
      },
      // Deploy order: the tables, their grants and the folder exist before the space does.
      {
        ...child,
        dependsOn: [
          ...created.values(),
          ...given,
          ...grants,
          ...(folder === undefined ? [] : [folder]),
        ],
      },
    );
    const acl = this.declarePermissions(
      `${name}-acl`,
      {
        // The resource id, not the spaceId output: the same value, but it stays known while an
        // update of the space is previewed (Pulumi's dynamic-provider host previews no update, so
        // every output of the space is unknown then), so the ACL previews no change it will not make.
        spaceId: this.space.id,
        grants: aclEntries(args.consumers, args.consumerLevel ?? "CAN_RUN"),
        mode: args.permissionsMode ?? "additive",
      },
      child,
    );

    if (args.benchmarkGate !== undefined)
      // After the ACL too: a failing gate should not leave the consumers' grants half applied.
      this.benchmarkGate = this.declareBenchmarkGate(
        `${name}-benchmarks`,
        {
          spaceId: this.space.id,
          etag: this.space.etag,
          minAccuracy: args.benchmarkGate.minAccuracy,
          questions: args.benchmarkGate.questions,
          timeoutSeconds: args.benchmarkGate.timeoutSeconds,
        },
        { ...child, dependsOn: [this.space, acl] },
      );

    this.spaceId = this.space.spaceId;
    this.url = this.space.url;
    this.warehouseId = pulumi.output(warehouseId);
    this.registerOutputs({ spaceId: this.spaceId, url: this.url, warehouseId: this.warehouseId });
  }

  /**
   * The space. A host that serves the resources itself (the provider plugin, plugin/component.ts)
   * declares its own resource here; the composition stays this class's.
   */
  protected declareSpace(
    name: string,
    args: GenieSpaceArgs,
    opts: pulumi.CustomResourceOptions,
  ): GenieSpace {
    return new GenieSpace(name, args, opts);
  }

  /** The space's ACL (see `declareSpace`). */
  protected declarePermissions(
    name: string,
    args: GenieSpacePermissionsArgs,
    opts: pulumi.CustomResourceOptions,
  ): pulumi.CustomResource {
    return new GenieSpacePermissions(name, args, opts);
  }

  /** The gate on the space's benchmarks (see `declareSpace`). */
  protected declareBenchmarkGate(
    name: string,
    args: GenieBenchmarkGateArgs,
    opts: pulumi.CustomResourceOptions,
  ): pulumi.CustomResource {
    return new GenieBenchmarkGate(name, args, opts);
  }

  /** An existing warehouse by id, or a new serverless one; CAN_USE for the consumers where we own the ACL. */
  private warehouse(
    name: string,
    args: GenieAnalyticsSpaceArgs,
    child: pulumi.CustomResourceOptions,
  ): pulumi.Input<string> {
    let id: pulumi.Input<string>;
    let manage: boolean;
    if ("create" in args.warehouse) {
      const w = args.warehouse.create;
      const endpoint = new databricks.SqlEndpoint(
        `${name}-warehouse`,
        {
          name: w.name ?? defaultWarehouseName(name, pulumi.getStack()),
          clusterSize: w.clusterSize ?? "2X-Small",
          autoStopMins: w.autoStopMins ?? 10,
          enableServerlessCompute: true,
          warehouseType: "PRO",
        },
        child,
      );
      id = endpoint.id;
      manage = true;
    } else {
      id = args.warehouse.id;
      manage = args.warehouse.managePermissions === true;
    }
    const accessControls = warehouseAcl(args.consumers);
    // The provider refuses an empty list (access_control has MinItems 1): with admins alone there
    // is nothing to declare.
    if (manage && accessControls.length > 0)
      new databricks.Permissions(
        `${name}-warehouse-users`,
        { sqlEndpointId: id, accessControls },
        child,
      );
    return id;
  }

  /**
   * USE_CATALOG, USE_SCHEMA and SELECT for every consumer, one `databricks.Grant` each. A grant on
   * a table the stack makes waits for it: Unity Catalog answers 404 for a grant on a missing table.
   */
  private dataGrants(
    name: string,
    args: GenieAnalyticsSpaceArgs,
    named: string[],
    created: Map<string, databricks.SqlTable>,
    given: databricks.SqlTable[],
    child: pulumi.CustomResourceOptions,
  ): databricks.Grant[] {
    const out = planGrants(args.consumers, [...named, ...created.keys()], args.schemas ?? []).map(
      (g) => {
        const table = "table" in g.securable ? created.get(g.securable.table) : undefined;
        return new databricks.Grant(
          `${name}-grant-${g.key}`,
          { principal: g.principal, privileges: g.privileges, ...g.securable },
          table === undefined ? child : { ...child, dependsOn: [table] },
        );
      },
    );
    for (const [i, t] of given.entries()) {
      for (const principal of principals(args.consumers)) {
        out.push(
          new databricks.Grant(
            `${name}-grant-table-${i}-${principal.toLowerCase().replace(/[^a-z0-9]+/g, "-")}`,
            { principal, privileges: ["SELECT"], table: t.id },
            { ...child, dependsOn: [t] },
          ),
        );
      }
    }
    return out;
  }
}

const isCreate = (t: unknown): t is { create: NewTable } =>
  typeof t === "object" && t !== null && "create" in t && !pulumi.Resource.isInstance(t);

/** A table entry with `${name}` variables substituted in its names. */
function resolveTable(
  t: AnalyticsTable,
  variables: Record<string, string> | undefined,
): AnalyticsTable {
  if (typeof t === "string") return substitute(t, variables);
  if (!isCreate(t)) return t;
  const { catalogName, schemaName, name } = t.create;
  return {
    create: {
      ...t.create,
      catalogName: substitute(catalogName, variables),
      schemaName: substitute(schemaName, variables),
      name: substitute(name, variables),
    },
  };
}

/** Warns, once its inputs are known, when a given table would make the provider start a cluster. */
function warnWithoutWarehouse(
  component: string,
  table: databricks.SqlTable,
  parent: pulumi.Resource,
): void {
  pulumi
    .all([table.warehouseId, table.urn])
    .apply(([warehouseId, urn]) =>
      warehouseId === undefined || warehouseId === ""
        ? pulumi.log.warn(clusterWarning(component, urn.split("::").pop() ?? urn), parent)
        : undefined,
    );
}

function substitute(identifier: string, variables: Record<string, string> | undefined): string {
  if (variables === undefined) return identifier;
  const { value, problems } = substituteVariables(identifier, variables);
  if (problems.length > 0)
    throw new Error(`table ${identifier}: ${problems.map((p) => p.message).join("; ")}`);
  return value;
}
