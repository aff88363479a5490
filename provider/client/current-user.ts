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

/** `GET /api/2.0/preview/scim/v2/Me`, asked once per client (the answer does not change). */
export class CurrentUserApi {
  #me: Promise<CurrentUser> | undefined;

  constructor(private readonly client: DatabricksClient) {}

  me(options: { deadline?: number } = {}): Promise<CurrentUser> {
    this.#me ??= this.ask(options.deadline).catch((e: unknown) => {
      this.#me = undefined; // a failure is not remembered: the next call asks again
      throw e;
    });
    return this.#me;
  }

  private async ask(deadline: number | undefined): Promise<CurrentUser> {
    const me = await this.client.request({
      method: "GET",
      path: "/api/2.0/preview/scim/v2/Me",
      action: "cannot tell who the credentials belong to",
      replayable: true,
      schema: meSchema,
      deadline,
    });
    return me.applicationId !== undefined
      ? { name: me.applicationId, kind: "service_principal" }
      : { name: me.userName, kind: "user" };
  }
}
