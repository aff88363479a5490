import * as pulumi from "@pulumi/pulumi";
import { GenieSpace, GenieSpacePermissions } from "pulumi-databricks-genie";

const config = new pulumi.Config();
const catalog = config.get("catalog") ?? "dev";

const space = new GenieSpace("sales", {
  title: "Sales analytics",
  warehouseId: config.get("warehouseId") ?? "a1b2c3d4e5f60718",
  space: {
    tables: ["${catalog}.sales.orders", "${catalog}.sales.customers"],
    instructions: "Revenue means SUM(orders.amount). Amounts are in EUR.",
    sampleQuestions: ["What was revenue last month?"],
  },
  variables: { catalog },
});

new GenieSpacePermissions("sales-acl", {
  spaceId: space.id,
  grants: [{ groupName: "analysts", level: "CAN_RUN" }],
});

export const spaceId = space.spaceId;
export const url = space.url;
