import { randomBytes, randomUUID } from "node:crypto";
import { principalKey } from "./acl-entries";
import type { Clock } from "./clock";
import type { Identity } from "./core";
import type { Records } from "./records";
import type { Seed } from "./seed";
import { seedColumn } from "./uc-columns";

/**
 * What the Databricks provider (terraform-provider-databricks behind `@pulumi/databricks`) manages
 * besides Genie spaces: SQL warehouses and their ACLs, Unity Catalog catalogs, schemas, tables and
 * grants. Kept apart from the Genie store (`store.ts`) in its own file, `platform.json`.
 */
export type WarehouseState = "STARTING" | "RUNNING" | "STOPPING" | "STOPPED";

export interface StoredWarehouse {
  id: string;
  /** The settable fields as last sent (create or edit), echoed back by GET. */
  spec: Record<string, unknown>;
  /** Where the warehouse was heading at `since`; STARTING and STOPPING settle with the clock. */
  state: WarehouseState;
  since: number;
  creator_name: string;
}

export interface StoredColumn {
  name: string;
  /** Lower case, as Unity Catalog reports it (`bigint`, `decimal(10,2)`). */
  type_text: string;
  type_name: string;
  nullable: boolean;
  comment?: string;
  identity?: "always" | "default";
  partition_index?: number;
}

export interface StoredCatalog {
  name: string;
  comment?: string;
  properties?: Record<string, string>;
  storage_root?: string;
  owner: string;
  created_at: number;
  created_by: string;
  updated_at: number;
  updated_by: string;
}

export interface StoredSchema extends StoredCatalog {
  catalog_name: string;
  schema_id: string;
}

export interface StoredTable {
  catalog_name: string;
  schema_name: string;
  name: string;
  table_type: "MANAGED" | "EXTERNAL" | "VIEW";
  data_source_format?: string;
  columns: StoredColumn[];
  comment?: string;
  properties: Record<string, string>;
  storage_location?: string;
  view_definition?: string;
  cluster_keys?: string[];
  owner: string;
  table_id: string;
  created_at: number;
  created_by: string;
  updated_at: number;
  updated_by: string;
}

/** principal key (`user_name:x`, `group_name:x`, `service_principal_name:x`) -> levels held */
export type WarehouseAcl = Record<string, string[]>;

export interface PlatformState {
  warehouses: Record<string, StoredWarehouse>;
  warehouseAcls: Record<string, WarehouseAcl>;
  /** Keyed by lower-case name (Unity Catalog names are case-insensitive). */
  catalogs: Record<string, StoredCatalog>;
  schemas: Record<string, StoredSchema>;
  tables: Record<string, StoredTable>;
  /** `securable_type:full_name` -> principal -> privileges */
  grants: Record<string, Record<string, string[]>>;
}

/** One change the emulator made, in the order it made them: what engine tests assert order on. */
export interface TimelineEvent {
  seq: number;
  at: number;
  action: "create" | "update" | "delete" | "start" | "stop" | "grant" | "revoke";
  object:
    | "warehouse"
    | "warehouse-acl"
    | "catalog"
    | "schema"
    | "table"
    | "grant"
    | "folder"
    | "space"
    | "space-acl";
  /** A warehouse id, a three-part table name, `table:dev.sales.orders principal`, a path, ... */
  name: string;
}

/** A statement sent to a warehouse; kept in memory only, as results are short-lived on the server. */
export interface StoredStatement {
  id: string;
  statement: string;
  warehouse_id: string;
  /** Who sent it: the DDL runs with their rights, when the warehouse can run it. */
  by: Identity;
  catalog?: string;
  schema?: string;
  state: "PENDING" | "SUCCEEDED" | "FAILED" | "CANCELED";
  error?: { error_code: string; message: string };
  sql_state?: string;
}

export const DEFAULT_WORKSPACE_ID = "1234567890123456";

/** How many timeline events and statements are kept: the newest, so memory stays bounded. */
export const HISTORY_LIMIT = 10_000;

export class Platform {
  /** Seeded at start unless the data directory had one (`platform.json`). */
  state!: PlatformState;
  readonly workspaceId: string;
  readonly metastoreId: string;
  readonly events: TimelineEvent[] = [];
  readonly statements = new Map<string, StoredStatement>();
  private seq = 0;

  constructor(
    private readonly seed: Seed,
    private readonly clock: Clock,
    private readonly records: Records,
  ) {
    this.workspaceId = seed.workspaceId ?? DEFAULT_WORKSPACE_ID;
    this.metastoreId = `00000000-0000-4000-8000-${this.workspaceId.slice(-12).padStart(12, "0")}`;
    // Warehouses, ACLs, catalogs, schemas, tables and grants are one record, `platform.json`:
    // small next to the spaces' documents (measured in docs/emulator-store.md).
    records.register("platform", {
      names: () => [""],
      get: () => this.state,
      set: (_, value) => void (this.state = value as PlatformState),
    });
    // A request that fails leaves no event of what it did not do.
    records.onRollback(() => {
      const seq = this.seq;
      return () => {
        this.seq = seq;
        while ((this.events.at(-1)?.seq ?? 0) > seq) this.events.pop();
      };
    });
  }

  /** After loading: the seed's workspace when the data directory had none. */
  seedIfEmpty(): void {
    if ((this.state as PlatformState | undefined) === undefined)
      this.state = this.seeded(this.seed);
  }

  /** Declares that this request changes the platform (call before changing it: records.ts). */
  write(): void {
    this.records.write("platform");
  }

  /** Undoes every change of the platform made after it was called (a statement that failed). */
  savepoint(): () => void {
    const state = structuredClone(this.state);
    const seq = this.seq;
    return () => {
      this.state = state;
      this.seq = seq;
      while ((this.events.at(-1)?.seq ?? 0) > seq) this.events.pop();
    };
  }

  record(action: TimelineEvent["action"], object: TimelineEvent["object"], name: string): void {
    this.events.push({ seq: ++this.seq, at: this.clock.now(), action, object, name });
    trim(this.events);
  }

  /** Keeps a statement for polling; the oldest go once there are too many. */
  keepStatement(s: StoredStatement): void {
    this.statements.set(s.id, s);
    if (this.statements.size > HISTORY_LIMIT)
      this.statements.delete(this.statements.keys().next().value as string);
  }

  /** A 16-hex id like a real warehouse's. */
  newWarehouseId(): string {
    return randomBytes(8).toString("hex");
  }

  /** Fields every Unity Catalog object carries about who made it and when. */
  audit(
    by: string,
  ): Pick<StoredCatalog, "owner" | "created_at" | "created_by" | "updated_at" | "updated_by"> {
    const now = this.clock.now();
    return { owner: by, created_at: now, created_by: by, updated_at: now, updated_by: by };
  }

  /** The seed's warehouses running, and its tables with the catalogs and schemas they live in. */
  private seeded(seed: Seed): PlatformState {
    const state: PlatformState = {
      warehouses: {},
      warehouseAcls: {},
      catalogs: {},
      schemas: {},
      tables: {},
      grants: {},
    };
    const admin = seed.users.find((u) => u.admin === true)?.name ?? "admin";
    const audit = this.audit(admin);
    for (const w of seed.warehouses) {
      const { id, name, warehouse_type, enable_serverless_compute } = w;
      const given = Object.entries({ name, warehouse_type, enable_serverless_compute });
      state.warehouses[id] = {
        id,
        spec: {
          cluster_size: "Small",
          auto_stop_mins: 120,
          ...Object.fromEntries(given.filter(([, v]) => v !== undefined)),
        },
        state: w.state === "STOPPED" ? "STOPPED" : "RUNNING",
        since: 0,
        creator_name: admin,
      };
      state.warehouseAcls[id] = { [principalKey("user_name", admin)]: ["IS_OWNER"] };
    }
    const addSchema = (full: string) => {
      const [catalog, schema] = full.toLowerCase().split(".") as [string, string];
      state.catalogs[catalog] ??= { name: catalog, ...audit };
      state.schemas[`${catalog}.${schema}`] ??= {
        name: schema,
        catalog_name: catalog,
        schema_id: randomUUID(),
        ...audit,
      };
    };
    for (const s of seed.schemas ?? []) addSchema(s);
    for (const t of seed.tables) {
      const [catalog, schema, name] = t.full_name.toLowerCase().split(".") as [
        string,
        string,
        string,
      ];
      addSchema(`${catalog}.${schema}`);
      state.tables[`${catalog}.${schema}.${name}`] = {
        catalog_name: catalog,
        schema_name: schema,
        name,
        table_type:
          t.table_type === "VIEW" || t.table_type === "EXTERNAL" ? t.table_type : "MANAGED",
        data_source_format: "DELTA",
        columns: (t.columns ?? []).map(seedColumn),
        properties: {},
        table_id: randomUUID(),
        ...audit,
      };
    }
    return state;
  }
}

/** Drops the oldest tenth of a list that outgrew HISTORY_LIMIT (amortized: not on every push). */
export function trim<T>(list: T[]): void {
  if (list.length > HISTORY_LIMIT) list.splice(0, list.length - HISTORY_LIMIT + HISTORY_LIMIT / 10);
}
