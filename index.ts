// The reference stack: how a team declares its Genie space, one stack per environment.
// Catalog, schema, warehouse and consumers come from the stack config, so dev and prod share one
// declaration; Databricks credentials come from the stack config too (databricks:host, ...).
import * as pulumi from "@pulumi/pulumi";
import { GenieAnalyticsSpace, type GenieSpaceSpecInput } from "./provider";

const config = new pulumi.Config();

const salesSpace: Omit<GenieSpaceSpecInput, "tables"> = {
  instructions: "Revenue means SUM(orders.amount).\nFiscal years start on 1 February.",
  sampleQuestions: ["What was revenue last month?", "Who are our top 10 customers?"],
  exampleSqls: [
    {
      question: "Top customers by revenue",
      sql: "SELECT c.name, SUM(o.amount) AS revenue\nFROM ${catalog}.${schema}.orders o\nJOIN ${catalog}.${schema}.customers c ON o.customer_id = c.id\nGROUP BY c.name\nORDER BY revenue DESC\nLIMIT :n",
      parameters: [{ name: "n", typeHint: "INTEGER", defaultValue: "10" }],
    },
  ],
  joins: [
    {
      left: "${catalog}.${schema}.orders",
      right: "${catalog}.${schema}.customers",
      sql: "orders.customer_id = customers.id",
      relationship: "MANY_TO_ONE",
    },
  ],
  benchmarks: [
    {
      question: "How many orders are there?",
      sql: "SELECT COUNT(*) FROM ${catalog}.${schema}.orders",
    },
  ],
};

const warehouseId = config.get("warehouseId");
const sales = new GenieAnalyticsSpace("sales", {
  title: `Sales analytics (${pulumi.getStack()})`,
  description: "Ask questions about orders and customers.",
  // dev: the emulator's warehouse; prod: a new serverless warehouse made by this stack.
  warehouse:
    warehouseId !== undefined
      ? { id: warehouseId }
      : { create: { name: `genie-sales-${pulumi.getStack()}` } },
  tables: ["${catalog}.${schema}.orders", "${catalog}.${schema}.customers"],
  variables: { catalog: config.require("catalog"), schema: config.require("schema") },
  folder: { path: config.get("folder") ?? "/Workspace/Shared/genie" },
  space: salesSpace,
  consumers: {
    groups: config
      .require("consumerGroups")
      .split(",")
      .map((g) => g.trim()),
  },
  // The emulator has no Unity Catalog grants API: dev turns the grants off.
  manageGrants: config.getBoolean("manageGrants") ?? true,
});

export const spaceId = sales.spaceId;
export const url = sales.url;
