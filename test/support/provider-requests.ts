/**
 * The requests the Databricks provider behind `@pulumi/databricks` (terraform-provider-databricks
 * v1.128.0 with databricks-sdk-go v0.175.0) sends for the resources GenieAnalyticsSpace and the
 * README's one-file stack declare, written down once so the emulator tests send exactly these.
 * Sources are named next to each; emulator/README.md lists them all.
 */
import type { emulator } from "./emulator";

type Ctx = Awaited<ReturnType<typeof emulator>>;

/** The `databricks.SqlEndpoint` inputs the warehouse request is built from. */
export interface SqlEndpointInputs {
  name: string;
  clusterSize: string;
  autoStopMins?: number;
  maxNumClusters?: number;
  enablePhoton?: boolean;
  spotInstancePolicy?: string;
  enableServerlessCompute?: boolean;
  warehouseType?: string;
}

/**
 * `databricks.SqlEndpoint` create (and edit): the inputs plus the schema defaults the provider
 * always sends (auto_stop_mins 120, max_num_clusters 1, enable_photon true, spot_instance_policy
 * COST_OPTIMIZED; sql/resource_sql_endpoint.go, its ForceSendFields and its test `createRequest`).
 */
export function warehouseBody(inputs: SqlEndpointInputs): Record<string, unknown> {
  return {
    name: inputs.name,
    cluster_size: inputs.clusterSize,
    auto_stop_mins: inputs.autoStopMins ?? 120,
    max_num_clusters: inputs.maxNumClusters ?? 1,
    enable_photon: inputs.enablePhoton ?? true,
    spot_instance_policy: inputs.spotInstancePolicy ?? "COST_OPTIMIZED",
    ...(inputs.enableServerlessCompute === undefined
      ? {}
      : { enable_serverless_compute: inputs.enableServerlessCompute }),
    ...(inputs.warehouseType === undefined ? {} : { warehouse_type: inputs.warehouseType }),
  };
}

/** `databricks.SqlEndpoint` create as GenieAnalyticsSpace declares it (10 minutes, serverless PRO). */
export function sqlEndpointCreate(name: string, clusterSize = "2X-Small"): Record<string, unknown> {
  return warehouseBody({
    name,
    clusterSize,
    autoStopMins: 10,
    enableServerlessCompute: true,
    warehouseType: "PRO",
  });
}

/** One entry of an access control list, as the permissions API takes it. */
export type AclEntry = { permission_level: string } & (
  { group_name: string } | { user_name: string } | { service_principal_name: string }
);

/**
 * `databricks.Permissions` with `sqlEndpointId`: the declared entries (a plain string is a group
 * with CAN_USE), plus the caller as CAN_MANAGE (update.AddCurrentUserAsManage) and an IS_OWNER
 * entry (safePutWithOwner; the warehouse's creator on delete), PUT to
 * `/api/2.0/permissions/sql/warehouses/{id}` (permissions/resource_permissions.go).
 */
export function warehouseAclPut(
  caller: string,
  declared: (string | AclEntry)[],
  owner = caller,
): Record<string, unknown> {
  return {
    access_control_list: [
      ...declared.map((d) =>
        typeof d === "string" ? { group_name: d, permission_level: "CAN_USE" } : d,
      ),
      { user_name: caller, permission_level: "CAN_MANAGE" },
      { user_name: owner, permission_level: "IS_OWNER" },
    ],
  };
}

export interface SqlColumn {
  name: string;
  type: string;
  nullable?: boolean;
  comment?: string;
}

/**
 * The CREATE statement `databricks.SqlTable` builds (catalog/resource_sql_table.go,
 * `buildTableCreateStatement`): backticked names, `NOT NULL` for non-nullable columns, comments
 * with `'` escaped as `\'`, and a trailing `;`. No USING clause unless dataSourceFormat is set.
 */
export function sqlTableCreate(fullName: string, columns: SqlColumn[]): string {
  const name = fullName
    .split(".")
    .map((p) => `\`${p}\``)
    .join(".");
  const cols = columns
    .map(
      (c) =>
        `\`${c.name}\` ${c.type}${c.nullable === false ? " NOT NULL" : ""}${c.comment === undefined ? "" : ` COMMENT '${c.comment.replace(/'/g, "\\'")}'`}`,
    )
    .join(", ");
  return `CREATE TABLE ${name} (${cols});`;
}

/** `SqlTableInfo.applySql` with a warehouse: one synchronous statement, cancelled on timeout. */
export function executeStatement(t: Ctx, warehouseId: string, statement: string, token?: string) {
  return t.call(
    "POST",
    "/api/2.0/sql/statements",
    { statement, warehouse_id: warehouseId, wait_timeout: "50s", on_wait_timeout: "CANCEL" },
    token,
  );
}

/** The README's one-file stack: orders and customers. */
export const ORDERS: SqlColumn[] = [
  { name: "order_id", type: "BIGINT" },
  { name: "customer_id", type: "BIGINT" },
  { name: "amount", type: "DECIMAL(10,2)" },
];
export const CUSTOMERS: SqlColumn[] = [
  { name: "id", type: "BIGINT" },
  { name: "name", type: "STRING" },
];

/** `databricks.Grant`: PATCH the difference for one principal (catalog/resource_grant.go). */
export function grantPatch(principal: string, add: string[], remove: string[] = []) {
  return {
    changes: [
      { principal, ...(add.length > 0 ? { add } : {}), ...(remove.length > 0 ? { remove } : {}) },
    ],
  };
}
