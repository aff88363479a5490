import { z } from "zod";
import { NotFoundError } from "./errors";
import type { DatabricksClient } from "./http";

export interface ObjectStatus {
  object_type: string;
  path: string;
  [key: string]: unknown;
}
const statusSchema: z.ZodType<ObjectStatus> = z.looseObject({
  object_type: z.string(),
  path: z.string(),
});

/** Workspace folders: `/api/2.0/workspace/mkdirs` and `get-status`. */
export class WorkspaceApi {
  constructor(private readonly client: DatabricksClient) {}

  /** Creates the folder and its parents; an existing folder is fine. */
  async mkdirs(path: string): Promise<void> {
    await this.client.request({
      method: "POST",
      path: "/api/2.0/workspace/mkdirs",
      body: { path },
      action: `cannot create folder ${path}`,
      replayable: true,
    });
  }

  getStatus(path: string): Promise<ObjectStatus> {
    return this.client.request({
      method: "GET",
      path: "/api/2.0/workspace/get-status",
      query: { path },
      action: `cannot read ${path}`,
      replayable: true,
      schema: statusSchema,
    });
  }

  /** The object at `path`, or undefined when there is none. */
  async find(path: string): Promise<ObjectStatus | undefined> {
    try {
      return await this.getStatus(path);
    } catch (e) {
      if (e instanceof NotFoundError) return undefined;
      throw e;
    }
  }
}
