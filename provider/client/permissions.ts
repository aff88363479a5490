import { z } from "zod";
import type { DatabricksClient } from "./http";
import type { PermissionLevel } from "./permission-levels";

export { PERMISSION_LEVELS, type PermissionLevel } from "./permission-levels";

/** One grant: exactly one of the three principal fields. */
export interface AccessControlRequest {
  user_name?: string;
  group_name?: string;
  service_principal_name?: string;
  permission_level: PermissionLevel;
}

/** The ACL as the API answers it: direct grants and inherited ones. */
export interface ObjectPermissions {
  object_id?: string;
  object_type?: string;
  access_control_list?: {
    user_name?: string;
    group_name?: string;
    service_principal_name?: string;
    all_permissions?: { permission_level: string; inherited?: boolean; [key: string]: unknown }[];
    [key: string]: unknown;
  }[];
  [key: string]: unknown;
}

const permissionsSchema: z.ZodType<ObjectPermissions> = z.looseObject({
  object_id: z.string().optional(),
  object_type: z.string().optional(),
  access_control_list: z
    .array(
      z.looseObject({
        user_name: z.string().optional(),
        group_name: z.string().optional(),
        service_principal_name: z.string().optional(),
        all_permissions: z
          .array(z.looseObject({ permission_level: z.string(), inherited: z.boolean().optional() }))
          .optional(),
      }),
    )
    .optional(),
});

/** The ACL of a space: `/api/2.0/permissions/genie/{id}` (the older `/genie/spaces/{id}` path answers 404). */
export class PermissionsApi {
  constructor(private readonly client: DatabricksClient) {}

  get(spaceId: string): Promise<ObjectPermissions> {
    return this.call(
      "GET",
      spaceId,
      undefined,
      `cannot read the permissions of genie space ${spaceId}`,
    );
  }

  /** PUT: the list becomes every direct grant there is. */
  set(spaceId: string, acl: AccessControlRequest[]): Promise<ObjectPermissions> {
    return this.call(
      "PUT",
      spaceId,
      { access_control_list: acl },
      `cannot set the permissions of genie space ${spaceId}`,
    );
  }

  /** PATCH: the grants are added to those already there. */
  update(spaceId: string, acl: AccessControlRequest[]): Promise<ObjectPermissions> {
    return this.call(
      "PATCH",
      spaceId,
      { access_control_list: acl },
      `cannot update the permissions of genie space ${spaceId}`,
    );
  }

  private call(
    method: "GET" | "PUT" | "PATCH",
    spaceId: string,
    body: unknown,
    action: string,
  ): Promise<ObjectPermissions> {
    return this.client.request({
      method,
      path: `/api/2.0/permissions/genie/${encodeURIComponent(spaceId)}`,
      body,
      action,
      replayable: true,
      schema: permissionsSchema,
    });
  }
}
