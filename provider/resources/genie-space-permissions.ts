import * as pulumi from "@pulumi/pulumi";
import type { PermissionLevel } from "../client";
import { dynamicProvider } from "./shim";
import { INVALID_TEXT, mendedInputs } from "./unicode-inputs";

/** One grant: exactly one principal, and a level. */
export interface GenieGrant {
  userName?: pulumi.Input<string>;
  groupName?: pulumi.Input<string>;
  servicePrincipalName?: pulumi.Input<string>;
  /** `CAN_READ` (shown as "Can view"), `CAN_RUN`, `CAN_EDIT` or `CAN_MANAGE`. */
  level: pulumi.Input<PermissionLevel>;
}

export interface GenieSpacePermissionsArgs {
  /**
   * The space's id: a GenieSpace's `id` (the same value as its `spaceId`, and one that stays known
   * while an update of the space is previewed), or the id in the space's URL.
   */
  spaceId: pulumi.Input<string>;
  grants: pulumi.Input<pulumi.Input<GenieGrant>[]>;
  /**
   * `additive` (default): ensure these grants, remove only these on delete; grants made by others
   * stay. `authoritative`: these are all the direct grants there are.
   * Either way the identity running Pulumi keeps the CAN_MANAGE it holds (no lock-out).
   */
  mode?: pulumi.Input<"additive" | "authoritative">;
}

/**
 * The ACL of a Genie space (permissions object type `genie`); `@pulumi/databricks` has none.
 *
 * @example
 * new GenieSpacePermissions("sales-acl", {
 *   spaceId: space.id,
 *   grants: [{ groupName: "analysts", level: "CAN_RUN" }, { userName: "lead@example.com", level: "CAN_EDIT" }],
 * });
 */
export class GenieSpacePermissions extends pulumi.dynamic.Resource {
  declare readonly spaceId: pulumi.Output<string>;
  declare readonly grants: pulumi.Output<GenieGrant[]>;
  declare readonly mode: pulumi.Output<string>;
  /** What the last refresh found changed outside Pulumi; empty when converged. */
  declare readonly drift: pulumi.Output<string[]>;

  constructor(name: string, given: GenieSpacePermissionsArgs, opts?: pulumi.CustomResourceOptions) {
    // Half characters are mended here and refused by check, with the property named: as they
    // are, the transport would drop them or fail first (unicode-inputs.ts).
    const { args, invalid } = mendedInputs(given);
    super(
      dynamicProvider("GenieSpacePermissions"),
      name,
      { ...args, mode: args.mode ?? "additive", drift: undefined, [INVALID_TEXT]: invalid },
      opts,
      "genie",
      "GenieSpacePermissions",
    );
  }
}
