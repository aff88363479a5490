// The reference stack: how a team declares its Genie space, one stack per environment.
// Catalog, schema and warehouse come from the stack config, so dev and prod share one declaration;
// Databricks credentials come from the stack config too (databricks:host, databricks:token).
import * as pulumi from "@pulumi/pulumi";
import { GenieSpace, type GenieSpaceSpecInput } from "./provider";

const config = new pulumi.Config();

export const salesSpace: GenieSpaceSpecInput = {
  tables: [
    {
      identifier: "${catalog}.${schema}.orders",
      description: "One row per order, amounts in EUR.",
      columns: {
        order_id: { description: "Primary key", synonyms: ["order number"] },
        status: { enableEntityMatching: true },
      },
    },
    "${catalog}.${schema}.customers",
  ],
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

const space = new GenieSpace("sales", {
  title: `Sales analytics (${pulumi.getStack()})`,
  description: "Ask questions about orders and customers.",
  warehouseId: config.require("warehouseId"),
  parentPath: config.get("folder") ?? "/Workspace/Shared/genie",
  space: salesSpace,
  variables: { catalog: config.require("catalog"), schema: config.require("schema") },
});

export const spaceId = space.spaceId;
export const url = space.url;
