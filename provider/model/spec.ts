import type { ItemSpec, ItemSpecAt, SpecTree, Tree } from "./field-types";
import type { JoinRelationship } from "./joins";

/*
 * The published spec types are derived from the field table (fields.ts, via field-types.ts): a
 * field described there appears here with nothing else to edit, and the doc comments written on
 * the table's keys are what an editor shows on these types' properties.
 */

/**
 * The friendly spec: what a person writes in TypeScript. Text is one plain string (the model splits
 * it into the wire's per-line pieces), names are camelCase, and the model assigns ids, sorts, and
 * writes the join relationship line.
 *
 * @example
 * const spec: GenieSpaceSpec = {
 *   tables: ["${catalog}.sales.customers", {
 *     identifier: "${catalog}.sales.orders",
 *     description: "One row per order",
 *     columns: { order_id: { synonyms: ["id"], enableEntityMatching: true } },
 *   }],
 *   instructions: "Revenue is SUM(amount). Fiscal years start in February.",
 *   sampleQuestions: ["What was revenue last month?"],
 *   exampleSqls: [{ question: "Top customers", sql: "SELECT ..." }],
 *   joins: [{ left: "${catalog}.sales.orders", right: "${catalog}.sales.customers",
 *             sql: "orders.customer_id = customers.id", relationship: "MANY_TO_ONE" }],
 *   benchmarks: [{ question: "How many orders?", sql: "SELECT COUNT(*) FROM orders" }],
 * };
 */
export type GenieSpaceSpec = SpecTree;

/** A table or metric view with its description and column settings. */
export type TableSpec = ItemSpecAt<"tables">;
/** A column's settings, keyed by column name in {@link TableSpec.columns}. */
export type ColumnSpec = NonNullable<TableSpec["columns"]>[string];
export type SampleQuestionSpec = ItemSpecAt<"sampleQuestions">;
export type ExampleSqlSpec = ItemSpecAt<"exampleSqls">;
/** A parameter of an example SQL (`:name` in its text). */
export type ParameterSpec = NonNullable<ExampleSqlSpec["parameters"]>[number];
export type SqlFunctionSpec = ItemSpecAt<"sqlFunctions">;
export type JoinSpec = ItemSpecAt<"joins">;
/** A join side written as an object: its alias defaults to the table's name (`_1` on a self-join's right). */
export type JoinSourceSpec = Exclude<JoinSpec["left"], string>;
export type SnippetSpec = ItemSpec<Tree["snippets"]["filters"]>;
export type BenchmarkSpec = ItemSpecAt<"benchmarks">;

export type { JoinRelationship };
