import type { DatabricksClient } from "./http";

/** Workspace folders: `/api/2.0/workspace/mkdirs` (a space's folder is made when missing). */
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
}
