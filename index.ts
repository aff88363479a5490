// The reference stack: how a team declares its Genie space, one stack per environment. Every stack
// has the same shape: a serverless warehouse, the two tables made on it, the data grants, the
// folder, the space and its ACL. Catalog, schema and consumers come from the stack config, and so
// do the Databricks credentials (databricks:host, ...): dev differs from prod only in those.
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

const stack = pulumi.getStack();
const catalog = config.require("catalog");
const schema = config.require("schema");
/** A table this stack creates, on the space's warehouse. */
const table = (name: string, columns: { name: string; type: string; comment?: string }[]) => ({
  create: { catalogName: catalog, schemaName: schema, name, columns },
});

const warehouseId = config.get("warehouseId");
const sales = new GenieAnalyticsSpace("sales", {
  title: `Sales analytics (${stack})`,
  description: "Ask questions about orders and customers.",
  // A new serverless warehouse per stack, unless the config names an existing one.
  warehouse:
    warehouseId !== undefined ? { id: warehouseId } : { create: { name: `genie-sales-${stack}` } },
  tables: [
    table("orders", [
      { name: "order_id", type: "BIGINT" },
      { name: "customer_id", type: "BIGINT" },
      { name: "amount", type: "DECIMAL(10,2)", comment: "Order total in EUR" },
      { name: "order_date", type: "DATE" },
    ]),
    table("customers", [
      { name: "id", type: "BIGINT" },
      { name: "name", type: "STRING" },
      { name: "country", type: "STRING" },
    ]),
  ],
  variables: { catalog, schema },
  // One folder per stack: the folder is deleted with the stack, so stacks must not share it.
  folder: { path: config.get("folder") ?? `/Workspace/Shared/genie/${stack}`, create: true },
  space: salesSpace,
  consumers: {
    groups: config
      .require("consumerGroups")
      .split(",")
      .map((g) => g.trim()),
  },
  manageGrants: config.getBoolean("manageGrants") ?? true,
});

export const spaceId = sales.spaceId;
export const url = sales.url;
