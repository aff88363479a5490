import { z } from "zod";
import type { DatabricksClient } from "./http";

export interface WarehouseInfo {
  id: string;
  name?: string;
  state?: string;
  [key: string]: unknown;
}
const warehouseSchema: z.ZodType<WarehouseInfo> = z.looseObject({
  id: z.string(),
  name: z.string().optional(),
  state: z.string().optional(),
});

/** SQL warehouses: `/api/2.0/sql/warehouses/{id}`. */
export class WarehousesApi {
  constructor(private readonly client: DatabricksClient) {}

  get(id: string): Promise<WarehouseInfo> {
    return this.client.request({
      method: "GET",
      path: `/api/2.0/sql/warehouses/${encodeURIComponent(id)}`,
      action: `cannot read SQL warehouse ${id}`,
      replayable: true,
      schema: warehouseSchema,
    });
  }
}
