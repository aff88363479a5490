import type { emulator } from "./emulator";
import type { Props } from "./host";
import {
  type AclEntry,
  executeStatement,
  grantPatch,
  type SqlEndpointInputs,
  sqlTableCreate,
  warehouseAclPut,
  warehouseBody,
} from "./provider-requests";

type Ctx = Awaited<ReturnType<typeof emulator>>;

export const SQL_ENDPOINT = "databricks:index/sqlEndpoint:SqlEndpoint";
export const PERMISSIONS = "databricks:index/permissions:Permissions";
export const SQL_TABLE = "databricks:index/sqlTable:SqlTable";
export const GRANT = "databricks:index/grant:Grant";
export const DIRECTORY = "databricks:index/directory:Directory";

/** The inputs whose change the provider answers with a replacement (ForceNew in its schema). */
const FORCE_NEW: Record<string, string[]> = {
  [SQL_ENDPOINT]: [],
  // Every object field is ForceNew (permissions/resource_permissions.go).
  [PERMISSIONS]: ["sqlEndpointId"],
  // tf:"force_new" in catalog/resource_sql_table.go (name is not: a rename is an update).
  [SQL_TABLE]: (
    "catalogName schemaName tableType dataSourceFormat partitions " +
    "storageCredentialName options"
  ).split(" "),
  [GRANT]: ["principal", "catalog", "schema", "table"],
  [DIRECTORY]: ["path"],
};

/** SqlTable inputs this stand-in builds no statement for; the component sends none of them. */
const UNBUILT = (
  "dataSourceFormat partitions clusterKeys storageLocation storageCredentialName viewDefinition " +
  "comment properties options owner clusterId"
).split(" ");

/** What a SqlEndpoint's state takes from the warehouse's GET answer, under camelCase names. */
const WAREHOUSE_FIELDS = (
  "name cluster_size auto_stop_mins min_num_clusters max_num_clusters enable_photon " +
  "enable_serverless_compute spot_instance_policy warehouse_type channel creator_name state " +
  "num_clusters num_active_sessions jdbc_url odbc_params"
).split(" ");
const camel = (f: string) => f.replace(/_([a-z])/g, (_m, c: string) => c.toUpperCase());

export interface Made {
  id: string;
  outputs: Props;
}

const str = (v: unknown, what: string): string => {
  if (typeof v !== "string" || v === "") throw new Error(`${what} must be a non-empty string`);
  return v;
};

/**
 * A stand-in for the Databricks provider (terraform-provider-databricks v1.128.0, behind
 * `@pulumi/databricks`) for the resources GenieAnalyticsSpace declares, for tests that run a whole
 * program where there is no Databricks plugin. Create and delete make the REST calls that provider
 * makes, with the request shapes pinned in provider-requests.ts and the emulator's tests, against
 * the emulator, and answer the ids and outputs the provider puts in the state. Anything else (an
 * update, another resource type, an input it builds no statement for) fails saying so.
 */
export class DatabricksStandIn {
  private identity: Promise<{ userName: string; workspaceId: string }> | undefined;

  constructor(private readonly t: Ctx) {}

  static handles(type: string): boolean {
    return type in FORCE_NEW;
  }

  /** The changed inputs that make the provider replace the resource. */
  replaces(type: string, olds: Props, news: Props): string[] {
    return (FORCE_NEW[type] ?? []).filter(
      (k) => JSON.stringify(olds[k]) !== JSON.stringify(news[k]),
    );
  }

  async create(type: string, inputs: Props): Promise<Made> {
    if (type === SQL_ENDPOINT) return this.createWarehouse(inputs);
    if (type === PERMISSIONS) return this.createWarehouseAcl(inputs);
    if (type === SQL_TABLE) return this.createTable(inputs);
    if (type === GRANT) return this.createGrant(inputs);
    if (type === DIRECTORY) return this.createFolder(inputs);
    throw new Error(`the Databricks stand-in does not create ${type}: add it`);
  }

  async delete(type: string, id: string, outputs: Props): Promise<void> {
    if (type === SQL_ENDPOINT)
      await this.call("delete warehouse", "DELETE", `/api/2.0/sql/warehouses/${id}`);
    else if (type === PERMISSIONS) await this.deleteWarehouseAcl(str(outputs["sqlEndpointId"], id));
    else if (type === SQL_TABLE)
      await this.statement(
        str(outputs["warehouseId"], `${id}: warehouseId`),
        `DROP TABLE ${id
          .split(".")
          .map((p) => `\`${p}\``)
          .join(".")}`,
      );
    else if (type === GRANT) {
      const [securable, name, principal] = id.split("/") as [string, string, string];
      await this.setGrant(securable, name, principal, []);
    } else if (type === DIRECTORY)
      // A folder already gone counts as deleted (common/resource.go).
      await this.call("delete folder", "POST", "/api/2.0/workspace/delete", {
        path: id,
        recursive: outputs["deleteRecursive"] === true,
      }).catch((e: Error) => (/ answered 404 /.test(e.message) ? undefined : Promise.reject(e)));
    else throw new Error(`the Databricks stand-in does not delete ${type}: add it`);
  }

  private async call(what: string, method: string, path: string, body?: unknown, token?: null) {
    const res = await this.t.call(method, path, body, token);
    if (res.status !== 200)
      throw new Error(
        `${what}: ${method} ${path} answered ${res.status} ${JSON.stringify(res.body)}`,
      );
    return res;
  }

  /**
   * What the provider reads once when it is configured: the host metadata (no token), then the
   * workspace id from SCIM Me's `X-Databricks-Org-Id` header, parsed as an int64.
   */
  private me(): Promise<{ userName: string; workspaceId: string }> {
    this.identity ??= (async () => {
      await this.call("host metadata", "GET", "/.well-known/databricks-config", undefined, null);
      const me = await this.call(
        "current user",
        "GET",
        "/api/2.0/preview/scim/v2/Me?excludedAttributes=entitlements",
      );
      const workspaceId = me.headers.get("x-databricks-org-id") ?? "";
      if (!/^\d+$/.test(workspaceId))
        throw new Error(
          `failed to resolve workspace_id: strconv.ParseInt: parsing "${workspaceId}"`,
        );
      return { userName: String(me.body["userName"]), workspaceId };
    })();
    return this.identity;
  }

  private async providerConfig(): Promise<Props> {
    return { workspaceId: (await this.me()).workspaceId };
  }

  /** Create, then wait for RUNNING (WaitGetWarehouseRunning), then read. */
  private async createWarehouse(inputs: Props): Promise<Made> {
    await this.me();
    const body = warehouseBody(inputs as unknown as SqlEndpointInputs);
    const created = await this.call("create warehouse", "POST", "/api/2.0/sql/warehouses", body);
    const id = String(created.body["id"]);
    for (let polls = 0; ; polls++) {
      const state = (await this.call("warehouse", "GET", `/api/2.0/sql/warehouses/${id}`)).body[
        "state"
      ];
      if (state === "RUNNING") break;
      if (state === "STOPPED" || state === "DELETED" || polls === 60) {
        await this.call("roll back warehouse", "DELETE", `/api/2.0/sql/warehouses/${id}`);
        throw new Error(`failed waiting for warehouse to start: ${String(state)}`);
      }
      // The SDK sleeps between polls; the emulator's manual clock stands for that wait.
      this.t.clock.advance(1_000);
    }
    const w = (await this.call("warehouse", "GET", `/api/2.0/sql/warehouses/${id}`)).body;
    const sources = (await this.call("data sources", "GET", "/api/2.0/preview/sql/data_sources"))
      .body as unknown as { id: string; warehouse_id: string }[];
    return {
      id,
      outputs: {
        ...inputs,
        sqlEndpointId: id,
        ...Object.fromEntries(WAREHOUSE_FIELDS.map((f) => [camel(f), w[f]])),
        healths: w["health"] === undefined ? [] : [w["health"]],
        dataSourceId: sources.find((s) => s.warehouse_id === id)?.id ?? "",
        noWait: false,
        providerConfig: await this.providerConfig(),
      },
    };
  }

  /** GET the ACL back as the provider reads it: the caller, `admins` and inherited entries left out. */
  private async readWarehouseAcl(id: string, caller: string): Promise<Props[]> {
    const acl = (
      await this.call("warehouse ACL", "GET", `/api/2.0/permissions/sql/warehouses/${id}`)
    ).body["access_control_list"] as Props[];
    return acl.flatMap((e) =>
      e["user_name"] === caller || e["group_name"] === "admins"
        ? []
        : (e["all_permissions"] as Props[])
            .filter((p) => p["inherited"] !== true)
            .map((p) => ({
              ...(e["group_name"] === undefined ? {} : { groupName: e["group_name"] }),
              ...(e["user_name"] === undefined ? {} : { userName: e["user_name"] }),
              ...(e["service_principal_name"] === undefined
                ? {}
                : { servicePrincipalName: e["service_principal_name"] }),
              permissionLevel: p["permission_level"],
            })),
    );
  }

  private async createWarehouseAcl(inputs: Props): Promise<Made> {
    const id = str(inputs["sqlEndpointId"], "databricks.Permissions: sqlEndpointId");
    const { userName } = await this.me();
    const declared = (inputs["accessControls"] as Props[]).map((a) => {
      const level = String(a["permissionLevel"]);
      if (a["groupName"] !== undefined)
        return { group_name: String(a["groupName"]), permission_level: level };
      if (a["userName"] !== undefined)
        return { user_name: String(a["userName"]), permission_level: level };
      return { service_principal_name: String(a["servicePrincipalName"]), permission_level: level };
    }) as AclEntry[];
    const path = `/api/2.0/permissions/sql/warehouses/${id}`;
    await this.call("warehouse ACL", "PUT", path, warehouseAclPut(userName, declared));
    return {
      id: `/sql/warehouses/${id}`,
      outputs: {
        ...inputs,
        objectType: "warehouses",
        accessControls: await this.readWarehouseAcl(id, userName),
        providerConfig: await this.providerConfig(),
      },
    };
  }

  /** Back to the caller and the owner; nothing to do once the warehouse is gone. */
  private async deleteWarehouseAcl(id: string): Promise<void> {
    const path = `/api/2.0/permissions/sql/warehouses/${id}`;
    const acl = await this.t.call("GET", path);
    if (acl.status === 404) return;
    const { userName } = await this.me();
    const w = await this.call("warehouse", "GET", `/api/2.0/sql/warehouses/${id}`);
    await this.call(
      "warehouse ACL",
      "PUT",
      path,
      warehouseAclPut(userName, [], String(w.body["creator_name"])),
    );
  }

  /** applySql: one statement, whose immediate answer must be SUCCEEDED. */
  private async statement(warehouseId: string, sql: string): Promise<void> {
    const res = await executeStatement(this.t, warehouseId, sql);
    const status = res.body["status"] as { state?: string; error?: { message?: string } };
    if (res.status !== 200 || status?.state !== "SUCCEEDED")
      throw new Error(
        `statement failed to execute: ${status?.state ?? res.status} ${status?.error?.message ?? ""} (${sql})`,
      );
  }

  private async createTable(inputs: Props): Promise<Made> {
    const full = ["catalogName", "schemaName", "name"]
      .map((k) => str(inputs[k], `databricks.SqlTable: ${k}`))
      .join(".");
    const unbuilt = [
      ...UNBUILT.filter((k) => inputs[k] !== undefined),
      ...(inputs["tableType"] === "MANAGED" ? [] : [`tableType ${String(inputs["tableType"])}`]),
    ];
    if (unbuilt.length > 0)
      throw new Error(
        `databricks.SqlTable ${full}: the stand-in builds no statement for ${unbuilt.join(", ")} (add it)`,
      );
    const warehouseId = inputs["warehouseId"];
    if (typeof warehouseId !== "string" || warehouseId === "")
      throw new Error(
        `databricks.SqlTable ${full} has no warehouseId: the provider would create a cluster (terraform-sql-table) and run its DDL through the cluster and command APIs, which the emulator does not answer`,
      );
    const columns = (inputs["columns"] as Props[]).map((c) => ({
      name: String(c["name"]),
      type: String(c["type"]),
      ...(c["nullable"] === false ? { nullable: false } : {}),
      ...(typeof c["comment"] === "string" ? { comment: c["comment"] } : {}),
    }));
    await this.statement(warehouseId, sqlTableCreate(full, columns));
    // Read: the tables API twice (the raw client, then Tables.GetByFullName for partitions).
    const path = `/api/2.1/unity-catalog/tables/${full}`;
    await this.call("table", "GET", path);
    const t = (await this.call("table", "GET", path)).body;
    return {
      id: full,
      outputs: {
        // warehouseId stays as given: the tables API never returns warehouse_id, and the provider
        // leaves an optional field the answer lacks as it is in the state (common/reflect_resource.go,
        // StructToData), so the next plan shows no change.
        ...inputs,
        catalogName: t["catalog_name"],
        schemaName: t["schema_name"],
        name: t["name"],
        tableType: t["table_type"],
        dataSourceFormat: t["data_source_format"],
        columns: (t["columns"] as Props[]).map((c) => ({
          name: c["name"],
          type: c["type_text"],
          nullable: c["nullable"],
          identity: "",
          typeJson: c["type_json"],
          ...(c["comment"] === undefined ? {} : { comment: c["comment"] }),
        })),
        owner: t["owner"],
        tableId: t["table_id"],
        effectiveProperties: t["properties"] ?? {},
        partitions: [],
        clusterId: "",
        providerConfig: await this.providerConfig(),
      },
    };
  }

  private securable(inputs: Props): [string, string] {
    const given = (["catalog", "schema", "table"] as const).filter((k) => inputs[k] !== undefined);
    if (given.length !== 1)
      throw new Error(`databricks.Grant: the stand-in knows catalog, schema or table grants alone`);
    const k = given[0] as string;
    return [k, str(inputs[k], `databricks.Grant: ${k}`)];
  }

  private async held(type: string, name: string, principal: string): Promise<string[]> {
    const path = `/api/2.1/unity-catalog/permissions/${type}/${name}`;
    const body = (await this.call("grants", "GET", path)).body;
    const list = (body["privilege_assignments"] ?? []) as {
      principal: string;
      privileges: string[];
    }[];
    return list.find((a) => a.principal === principal)?.privileges ?? [];
  }

  /** replacePermissionsForPrincipal: GET, PATCH the difference, GET until it shows. */
  private async setGrant(type: string, name: string, principal: string, desired: string[]) {
    const path = `/api/2.1/unity-catalog/permissions/${type}/${name}`;
    const first = await this.t.call("GET", path);
    // Deleting the grant of a securable already gone is a 404, which counts as deleted.
    if (first.status === 404 && desired.length === 0) return;
    const held = await this.held(type, name, principal);
    const add = desired.filter((p) => !held.includes(p));
    const remove = held.filter((p) => !desired.includes(p));
    if (add.length === 0 && remove.length === 0) return;
    await this.call("grants", "PATCH", path, grantPatch(principal, add, remove));
    const now = await this.held(type, name, principal);
    if (JSON.stringify([...now].sort()) !== JSON.stringify([...desired].sort()))
      throw new Error(
        `permissions for ${type}-${name} are ${now.join(",")}, but have to be ${desired.join(",")}`,
      );
  }

  private async createGrant(inputs: Props): Promise<Made> {
    const [type, name] = this.securable(inputs);
    const principal = str(inputs["principal"], "databricks.Grant: principal");
    await this.setGrant(type, name, principal, (inputs["privileges"] as string[]) ?? []);
    return {
      id: `${type}/${name}/${principal}`,
      outputs: {
        ...inputs,
        privileges: await this.held(type, name, principal),
        providerConfig: await this.providerConfig(),
      },
    };
  }

  /** mkdirs, then get-status (which must say DIRECTORY). */
  private async createFolder(inputs: Props): Promise<Made> {
    const path = str(inputs["path"], "databricks.Directory: path");
    await this.me();
    await this.call("folder", "POST", "/api/2.0/workspace/mkdirs", { path });
    const status = (
      await this.call(
        "folder",
        "GET",
        `/api/2.0/workspace/get-status?path=${encodeURIComponent(path)}`,
      )
    ).body;
    if (status["object_type"] !== "DIRECTORY")
      throw new Error(`different object type, ${String(status["object_type"])}, on this path`);
    return {
      id: path,
      outputs: {
        ...inputs,
        path: status["path"],
        objectId: status["object_id"],
        deleteRecursive: inputs["deleteRecursive"] ?? false,
        workspacePath: `/Workspace${path}`,
        providerConfig: await this.providerConfig(),
      },
    };
  }
}
