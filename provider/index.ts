/**
 * pulumi-databricks-genie: Databricks Genie spaces as code.
 *
 * @example
 * import { toSerializedSpace, validateSpace } from "pulumi-databricks-genie";
 */
export * from "./model";
export * from "./client";
export { GenieSpace, type GenieSpaceArgs, type GenieSpaceSpecInput } from "./resources/genie-space";
export {
  type GenieGrant,
  GenieSpacePermissions,
  type GenieSpacePermissionsArgs,
} from "./resources/genie-space-permissions";
// The package's public barrel also carries the components (they compose the resources above).
export * from "../components";
