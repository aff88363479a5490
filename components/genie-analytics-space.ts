import * as databricks from "@pulumi/databricks";
import * as pulumi from "@pulumi/pulumi";
import { substituteVariables } from "../provider/model/variables";
import { GenieSpace, type GenieSpaceSpecInput } from "../provider/resources/genie-space";
import { GenieSpacePermissions } from "../provider/resources/genie-space-permissions";
import {
  aclEntries,
  type Consumers,
  planGrants,
  principals,
  validateAnalyticsSpaceArgs,
} from "./plan";

export type { Consumers };

export interface NewWarehouse {
  name?: pulumi.Input<string>;
  /** Default `2X-Small`. */
  clusterSize?: pulumi.Input<string>;
  /** Default 10 minutes. */
  autoStopMins?: pulumi.Input<number>;
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
  /** Three-part names (`${catalog}.sales.orders` with variables) or `databricks.SqlTable` resources, which the space waits for. */
  tables: (string | databricks.SqlTable)[];
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
  consumerLevel?: "CAN_READ" | "CAN_RUN" | "CAN_EDIT" | "CAN_MANAGE";
  /** For the space's ACL; default `additive` (grants made by others stay). */
  permissionsMode?: "additive" | "authoritative";
  /**
   * Grant USE_CATALOG, USE_SCHEMA and SELECT to the consumers (default true). Each is a
   * `databricks.Grant`, which sets that principal's privileges on that securable: give consumers
   * groups of their own, or set false and grant elsewhere.
   */
  manageGrants?: boolean;
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
 *   tables: [orders, customers],                 // databricks.SqlTable resources
 *   schemas: ["dev.sales"],
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

  constructor(name: string, args: GenieAnalyticsSpaceArgs, opts?: pulumi.ComponentResourceOptions) {
    super("genie:index:GenieAnalyticsSpace", name, {}, opts);
    const tableResources = args.tables.filter(
      (t): t is databricks.SqlTable => typeof t !== "string",
    );
    const named = args.tables
      .filter((t): t is string => typeof t === "string")
      .map((t) => substitute(t, args.variables));
    const problems = validateAnalyticsSpaceArgs({
      ...args,
      tables: named,
      tableResources: tableResources.length,
    });
    if (problems.length > 0)
      throw new Error(
        `GenieAnalyticsSpace ${name}:\n${problems.map((p) => `  ${p.path}: ${p.message}`).join("\n")}`,
      );

    const child = { parent: this };
    const warehouseId = this.warehouse(name, args, child);
    const identifiers: pulumi.Input<string>[] = [
      ...named,
      ...tableResources.map((t) => pulumi.interpolate`${t.catalogName}.${t.schemaName}.${t.name}`),
    ];
    const grants =
      args.manageGrants === false ? [] : this.dataGrants(name, args, named, tableResources, child);
    const folder =
      args.folder?.create === true
        ? new databricks.Directory(`${name}-folder`, { path: args.folder.path }, child)
        : undefined;

    this.space = new GenieSpace(
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
        dependsOn: [...tableResources, ...grants, ...(folder === undefined ? [] : [folder])],
      },
    );
    new GenieSpacePermissions(
      `${name}-acl`,
      {
        spaceId: this.space.spaceId,
        grants: aclEntries(args.consumers, args.consumerLevel ?? "CAN_RUN"),
        mode: args.permissionsMode ?? "additive",
      },
      child,
    );

    this.spaceId = this.space.spaceId;
    this.url = this.space.url;
    this.warehouseId = pulumi.output(warehouseId);
    this.registerOutputs({ spaceId: this.spaceId, url: this.url, warehouseId: this.warehouseId });
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
          name: w.name ?? `${name}-genie`,
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
    if (manage) {
      new databricks.Permissions(
        `${name}-warehouse-users`,
        {
          sqlEndpointId: id,
          accessControls: aclEntries(args.consumers, "CAN_USE").map(({ level, ...who }) => ({
            ...who,
            permissionLevel: level,
          })),
        },
        child,
      );
    }
    return id;
  }

  /** USE_CATALOG, USE_SCHEMA and SELECT for every consumer, one `databricks.Grant` each. */
  private dataGrants(
    name: string,
    args: GenieAnalyticsSpaceArgs,
    named: string[],
    resources: databricks.SqlTable[],
    child: pulumi.CustomResourceOptions,
  ): databricks.Grant[] {
    const out = planGrants(args.consumers, named, args.schemas ?? []).map(
      (g) =>
        new databricks.Grant(
          `${name}-grant-${g.key}`,
          { principal: g.principal, privileges: g.privileges, ...g.securable },
          child,
        ),
    );
    for (const [i, t] of resources.entries()) {
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

function substitute(identifier: string, variables: Record<string, string> | undefined): string {
  if (variables === undefined) return identifier;
  const { value, problems } = substituteVariables(identifier, variables);
  if (problems.length > 0)
    throw new Error(`table ${identifier}: ${problems.map((p) => p.message).join("; ")}`);
  return value;
}
