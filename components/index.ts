export {
  type Consumers,
  GenieAnalyticsSpace,
  type GenieAnalyticsSpaceArgs,
  type NewWarehouse,
} from "./genie-analytics-space";
export { aclEntries, planGrants, type PlannedGrant, validateAnalyticsSpaceArgs } from "./plan";
