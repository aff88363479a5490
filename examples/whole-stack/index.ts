import * as pulumi from "@pulumi/pulumi";
import { GenieAnalyticsSpace } from "pulumi-databricks-genie";

const catalog = pulumi.getStack();                         // dev, prod: one catalog per stack

const sales = new GenieAnalyticsSpace("sales", {
  title: "Sales analytics",
  warehouse: { create: { name: `genie-sales-${catalog}`, clusterSize: "2X-Small" } },
  tables: [                                                // made on that warehouse, before the space
    { create: { catalogName: catalog, schemaName: "sales", name: "orders",
                columns: [{ name: "order_id", type: "BIGINT" }, { name: "customer_id", type: "BIGINT" },
                          { name: "amount", type: "DECIMAL(10,2)" }] } },
    { create: { catalogName: catalog, schemaName: "sales", name: "customers",
                columns: [{ name: "id", type: "BIGINT" }, { name: "name", type: "STRING" }] } },
  ],
  folder: { path: `/Workspace/Shared/genie/${catalog}`, create: true },   // one folder per stack
  space: {
    instructions: "Revenue means SUM(orders.amount). Amounts are in EUR.",
    sampleQuestions: ["What was revenue last month?"],
    joins: [{ left: `${catalog}.sales.orders`, right: `${catalog}.sales.customers`,
              sql: "orders.customer_id = customers.id", relationship: "MANY_TO_ONE" }],
  },
  consumers: { groups: ["analysts"] },                     // CAN_RUN by default (consumerLevel)
});

export const url = sales.url;
