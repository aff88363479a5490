// The reference stack: how a team declares its Genie space, one stack per environment.
// Catalog and schema come from the stack config, so dev and prod share one declaration.
import * as pulumi from "@pulumi/pulumi";
import { type GenieSpaceSpec, toSerializedSpace, validateSpace } from "./provider";

const config = new pulumi.Config();
const variables = { catalog: config.require("catalog"), schema: config.require("schema") };

export const salesSpace: GenieSpaceSpec = {
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

const result = validateSpace(salesSpace, { variables });
if (!result.valid) {
  throw new Error(result.errors.map((e) => `${e.path}: ${e.message} (fix: ${e.fix})`).join("\n"));
}

// Until the GenieSpace resource lands, the stack exports the document it would deploy.
export const serializedSpace = toSerializedSpace(salesSpace, { variables }).document;
