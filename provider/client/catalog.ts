import { z } from "zod";
import {
  DatabricksError,
  InvalidParameterError,
  NotFoundError,
  PermissionDeniedError,
  UnauthenticatedError,
} from "./errors";
import type { DatabricksClient } from "./http";

/** A table or view as `GET /api/2.1/unity-catalog/tables/{full_name}` answers it (what is read). */
export interface TableInfo {
  full_name?: string;
  table_type?: string;
  columns?: { name: string }[];
  [key: string]: unknown;
}

const tableSchema: z.ZodType<TableInfo> = z.looseObject({
  full_name: z.string().optional(),
  table_type: z.string().optional(),
  columns: z.array(z.looseObject({ name: z.string() })).optional(),
});

const enc = encodeURIComponent;

/** Unity Catalog tables and functions, and SQL warehouses: the reads a live check makes. */
export class CatalogApi {
  constructor(private readonly client: DatabricksClient) {}

  table(fullName: string, options: { deadline?: number } = {}): Promise<TableInfo> {
    return this.client.request({
      method: "GET",
      path: `/api/2.1/unity-catalog/tables/${enc(fullName)}`,
      action: `cannot read table ${fullName}`,
      replayable: true,
      schema: tableSchema,
      deadline: options.deadline,
    });
  }

  async function(fullName: string, options: { deadline?: number } = {}): Promise<void> {
    await this.client.request({
      method: "GET",
      path: `/api/2.1/unity-catalog/functions/${enc(fullName)}`,
      action: `cannot read function ${fullName}`,
      replayable: true,
      deadline: options.deadline,
    });
  }

  async warehouse(id: string, options: { deadline?: number } = {}): Promise<void> {
    await this.client.request({
      method: "GET",
      path: `/api/2.0/sql/warehouses/${enc(id)}`,
      action: `cannot read SQL warehouse ${id}`,
      replayable: true,
      deadline: options.deadline,
    });
  }
}

/** What one lookup found; the model's `Found` has the same shape. */
export type Found =
  | { state: "found"; columns?: readonly string[] }
  | { state: "missing" }
  | { state: "unreadable"; message: string }
  | { state: "failed"; message: string };

export interface LookupRequest {
  tables?: readonly string[];
  functions?: readonly string[];
  warehouseId?: string;
  /** Lookups at once; default 4 (a workspace answers 429 to bursts). */
  parallelism?: number;
  /** No retry or wait past this time (the client's clock). */
  deadline?: number;
}

export interface LookupResult {
  /** By the name as asked, lower-cased (Unity Catalog names compare case-insensitively). */
  tables: Map<string, Found>;
  functions: Map<string, Found>;
  warehouse?: Found;
}

/**
 * Looks every name up, a few at a time, each request with the client's retries (429 and 5xx
 * within its budget): 404 is "missing", 403 "unreadable", a failure that outlived the retries
 * "failed". Credentials that do not work (401) fail the whole lookup, since every answer would.
 *
 * @example
 * const found = await lookUpCatalog(new CatalogApi(dbx.client), { tables: ["dev.sales.orders"] });
 * found.tables.get("dev.sales.orders"); // { state: "found", columns: ["order_id", ...] }
 */
export async function lookUpCatalog(api: CatalogApi, req: LookupRequest): Promise<LookupResult> {
  const result: LookupResult = { tables: new Map(), functions: new Map() };
  const opts = { deadline: req.deadline };
  const jobs: (() => Promise<void>)[] = [];
  for (const name of unique(req.tables ?? []))
    jobs.push(async () => {
      const found = await outcome(async () => {
        const t = await api.table(name, opts);
        return { state: "found", columns: t.columns?.map((c) => c.name) } as const;
      });
      result.tables.set(name.toLowerCase(), found);
    });
  for (const name of unique(req.functions ?? []))
    jobs.push(async () => {
      const found = await outcome(async () => {
        await api.function(name, opts);
        return { state: "found" } as const;
      });
      result.functions.set(name.toLowerCase(), found);
    });
  const warehouseId = req.warehouseId;
  if (warehouseId !== undefined && warehouseId !== "")
    jobs.push(async () => {
      result.warehouse = await outcome(async () => {
        await api.warehouse(warehouseId, opts);
        return { state: "found" } as const;
      });
    });
  await pool(jobs, Math.max(1, req.parallelism ?? 4));
  return result;
}

async function outcome(look: () => Promise<Found>): Promise<Found> {
  try {
    return await look();
  } catch (e) {
    if (e instanceof UnauthenticatedError || !(e instanceof DatabricksError)) throw e;
    if (e instanceof NotFoundError) return { state: "missing" };
    // A malformed name ("Invalid input: ...") names nothing that exists either.
    if (e instanceof InvalidParameterError) return { state: "missing" };
    if (e instanceof PermissionDeniedError) return { state: "unreadable", message: e.apiMessage };
    return { state: "failed", message: e.message };
  }
}

/** Runs `jobs` with at most `size` at once; the first failure fails it (after the others settle). */
async function pool(jobs: (() => Promise<void>)[], size: number): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < jobs.length) await (jobs[next++] as () => Promise<void>)();
  };
  const results = await Promise.allSettled(
    Array.from({ length: Math.min(size, jobs.length) }, worker),
  );
  const failed = results.find((r): r is PromiseRejectedResult => r.status === "rejected");
  if (failed !== undefined) throw failed.reason;
}

function unique(names: readonly string[]): string[] {
  const seen = new Set<string>();
  return names.filter((n) => !seen.has(n.toLowerCase()) && (seen.add(n.toLowerCase()), true));
}
