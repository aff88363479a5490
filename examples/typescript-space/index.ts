// A Genie space through the genie provider plugin's generated SDK (`pulumi install` makes
// sdks/genie and adds "@pulumi/genie" to package.json). The same resources as the package's
// dynamic ones, with update previews, a detailed diff and `pulumi import` (docs/plugin.md).
import * as pulumi from "@pulumi/pulumi";
import * as genie from "@pulumi/genie";

const config = new pulumi.Config();
const sales = new genie.GenieSpace("sales", {
  title: "Sales",
  warehouseId: config.require("warehouseId"),
  space: {
    tables: ["${catalog}.sales.orders"],
    instructions: config.get("instructions") ?? "Amounts are in EUR.",
  },
  variables: { catalog: config.get("catalog") ?? "dev" },
});
new genie.GenieSpacePermissions("sales-acl", {
  spaceId: sales.spaceId,
  grants: [{ groupName: "analysts", level: genie.PermissionLevel.CanRun }],
});
export const spaceId = sales.spaceId;
