import type { GenieSpaceSpec } from "../../provider";

/** Spaces of the sizes the bench measures, all within the limits the service enforces. */
export interface Shape {
  tables: number;
  columns: number;
  exampleSqls: number;
  benchmarks: number;
  sampleQuestions: number;
  functions: number;
  instructionChars: number;
}

const text = (n: number, seed: string) =>
  `${seed} `.repeat(Math.ceil(n / (seed.length + 1))).slice(0, n);

/** A space of described tables and columns, example SQLs, functions and benchmarks. */
export function sizedSpace(s: Shape): GenieSpaceSpec {
  return {
    tables: Array.from({ length: s.tables }, (_, t) => ({
      identifier: `main.sales.table_${String(t).padStart(2, "0")}`,
      description: text(2000, `table ${t}`),
      columns: Object.fromEntries(
        Array.from({ length: s.columns }, (_, c) => [
          `column_${c}`,
          {
            description: text(500, `column ${c} of table ${t}`),
            synonyms: [`c${c}`, `col ${c}`, `field ${c}`],
            enableEntityMatching: c % 2 === 0,
          },
        ]),
      ),
    })),
    instructions: text(s.instructionChars, "Always answer in EUR.\n"),
    sampleQuestions: Array.from(
      { length: s.sampleQuestions },
      (_, i) => `Sample question number ${i}?`,
    ),
    exampleSqls: Array.from({ length: s.exampleSqls }, (_, i) => ({
      question: `Example ${i}?`,
      sql: text(3000, `SELECT ${i} FROM main.sales.table_00\n`),
      usageGuidance: text(300, "use it"),
    })),
    sqlFunctions: Array.from(
      { length: s.functions },
      (_, i) => `main.udf.function_${String(i).padStart(2, "0")}`,
    ),
    benchmarks: Array.from({ length: s.benchmarks }, (_, i) => ({
      question: `Benchmark ${i}?`,
      sql: text(2000, `SELECT ${i}\n`),
    })),
  };
}

/** The largest space the limits allow, roughly (2.84 MB as a document). */
export const LARGEST: Shape = {
  tables: 30,
  columns: 100,
  exampleSqls: 200,
  benchmarks: 50,
  sampleQuestions: 100,
  functions: 50,
  instructionChars: 20_000,
};

/** About 1 MB and about 100 kB as documents. */
export const ONE_MB: Shape = {
  tables: 10,
  columns: 100,
  exampleSqls: 70,
  benchmarks: 20,
  sampleQuestions: 40,
  functions: 20,
  instructionChars: 10_000,
};
export const HUNDRED_KB: Shape = {
  tables: 2,
  columns: 40,
  exampleSqls: 8,
  benchmarks: 5,
  sampleQuestions: 10,
  functions: 5,
  instructionChars: 2_000,
};

/** A typical space (1.6 kB): 2 tables with column settings, instructions, 3 questions, an example SQL, a join, a benchmark. */
export const TYPICAL: GenieSpaceSpec = {
  tables: [
    {
      identifier: "dev.sales.orders",
      description: "One row per order.",
      columns: { order_id: { synonyms: ["order number"] }, status: { enableEntityMatching: true } },
    },
    "dev.sales.customers",
  ],
  instructions: "Revenue means SUM(orders.amount).\nFiscal years start on 1 February.",
  sampleQuestions: [
    "What was revenue last month?",
    "Who are our top 10 customers?",
    "How many orders shipped?",
  ],
  exampleSqls: [
    {
      question: "Top customers by revenue",
      sql: "SELECT c.name, SUM(o.amount)\nFROM dev.sales.orders o\nJOIN dev.sales.customers c ON o.customer_id = c.id\nGROUP BY 1\nORDER BY 2 DESC\nLIMIT :n",
      parameters: [{ name: "n", typeHint: "INTEGER", defaultValue: "10" }],
    },
  ],
  joins: [
    {
      left: "dev.sales.orders",
      right: "dev.sales.customers",
      sql: "orders.customer_id = customers.id",
      relationship: "MANY_TO_ONE",
    },
  ],
  benchmarks: [
    { question: "How many orders are there?", sql: "SELECT COUNT(*) FROM dev.sales.orders" },
  ],
};
