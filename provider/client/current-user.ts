import { z } from "zod";
import type { DatabricksClient } from "./http";

/** Who the credentials belong to, as an ACL principal. */
export interface CurrentUser {
  name: string;
  kind: "user" | "service_principal";
}

const meSchema: z.ZodType<{ userName: string; applicationId?: string }> = z.looseObject({
  userName: z.string(),
  applicationId: z.string().optional(),
});

/** `GET /api/2.0/preview/scim/v2/Me`. */
export class CurrentUserApi {
  constructor(private readonly client: DatabricksClient) {}

  async me(): Promise<CurrentUser> {
    const me = await this.client.request({
      method: "GET",
      path: "/api/2.0/preview/scim/v2/Me",
      action: "cannot tell who the credentials belong to",
      replayable: true,
      schema: meSchema,
    });
    return me.applicationId !== undefined
      ? { name: me.applicationId, kind: "service_principal" }
      : { name: me.userName, kind: "user" };
  }
}
