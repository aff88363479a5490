export {
  type AnalyticsTable,
  type Consumers,
  GenieAnalyticsSpace,
  type GenieAnalyticsSpaceArgs,
  type NewTable,
  type NewWarehouse,
} from "./genie-analytics-space";
export {
  aclEntries,
  defaultWarehouseName,
  planGrants,
  type PlannedGrant,
  validateAnalyticsSpaceArgs,
  warehouseAcl,
} from "./plan";
