import { z } from "zod";
import type { DatabricksClient } from "./http";

export interface TableInfo {
  name: string;
  catalog_name?: string;
  schema_name?: string;
  full_name?: string;
  [key: string]: unknown;
}
export interface FunctionInfo {
  name: string;
  full_name?: string;
  [key: string]: unknown;
}
const tableSchema: z.ZodType<TableInfo> = z.looseObject({
  name: z.string(),
  catalog_name: z.string().optional(),
  schema_name: z.string().optional(),
  full_name: z.string().optional(),
});
const functionSchema: z.ZodType<FunctionInfo> = z.looseObject({
  name: z.string(),
  full_name: z.string().optional(),
});

/** Unity Catalog: `/api/2.1/unity-catalog/tables/{full_name}` and `functions/{full_name}`. */
export class UnityCatalogApi {
  constructor(private readonly client: DatabricksClient) {}

  getTable(fullName: string): Promise<TableInfo> {
    return this.client.request({
      method: "GET",
      path: `/api/2.1/unity-catalog/tables/${encodeURIComponent(fullName)}`,
      action: `cannot read table ${fullName}`,
      replayable: true,
      schema: tableSchema,
    });
  }

  getFunction(fullName: string): Promise<FunctionInfo> {
    return this.client.request({
      method: "GET",
      path: `/api/2.1/unity-catalog/functions/${encodeURIComponent(fullName)}`,
      action: `cannot read function ${fullName}`,
      replayable: true,
      schema: functionSchema,
    });
  }
}
