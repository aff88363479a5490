import type { JoinRelationship } from "./joins";

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
export interface GenieSpaceSpec {
  /** Tables, as three-part identifiers or with descriptions and column settings. */
  tables?: (string | TableSpec)[];
  /** Unity Catalog metric views, as for tables. */
  metricViews?: (string | TableSpec)[];
  /** The space's general instructions (the server allows one text instruction). */
  instructions?: string;
  /** Questions shown to users as suggestions. */
  sampleQuestions?: (string | SampleQuestionSpec)[];
  /** Example questions with the SQL that answers them. */
  exampleSqls?: ExampleSqlSpec[];
  /** Unity Catalog functions Genie may call, as three-part identifiers. */
  sqlFunctions?: (string | SqlFunctionSpec)[];
  joins?: JoinSpec[];
  snippets?: { filters?: SnippetSpec[]; expressions?: SnippetSpec[]; measures?: SnippetSpec[] };
  /** Questions with their ground-truth SQL, used to evaluate the space. */
  benchmarks?: BenchmarkSpec[];
}

export interface TableSpec {
  identifier: string;
  description?: string;
  /** Column settings keyed by column name. */
  columns?: Record<string, ColumnSpec>;
}

export interface ColumnSpec {
  description?: string;
  synonyms?: string[];
  /** Hide the column from Genie. */
  exclude?: boolean;
  /** v2 `enable_format_assistance` (v1 `get_example_values`). */
  enableFormatAssistance?: boolean;
  /** v2 `enable_entity_matching` (v1 `build_value_dictionary`). */
  enableEntityMatching?: boolean;
}

export interface SampleQuestionSpec {
  question: string;
  /** Keep a server-assigned id; leave out to get a stable derived one. */
  id?: string;
}

export interface ParameterSpec {
  name: string;
  /** e.g. `STRING`, `INTEGER`, `DATE`. */
  typeHint: string;
  description?: string;
  defaultValue?: string | string[];
}

export interface ExampleSqlSpec {
  question: string;
  sql: string;
  parameters?: ParameterSpec[];
  usageGuidance?: string;
  id?: string;
}

export interface SqlFunctionSpec {
  identifier: string;
  /** What the function does, for Genie (one plain string). */
  description?: string;
  id?: string;
}

export type { JoinRelationship };

export interface JoinSourceSpec {
  identifier: string;
  /** Defaults to the table's name (with `_1` on the right side of a self-join, as the UI does). */
  alias?: string;
}

export interface JoinSpec {
  left: string | JoinSourceSpec;
  right: string | JoinSourceSpec;
  /** The join condition, e.g. `orders.customer_id = customers.id`. */
  sql: string;
  /** Written as the `--rt=FROM_RELATIONSHIP_TYPE_...--` line the UI writes. */
  relationship?: JoinRelationship;
  comment?: string;
  instruction?: string;
  id?: string;
}

export interface SnippetSpec {
  sql: string;
  displayName?: string;
  alias?: string;
  synonyms?: string[];
  instruction?: string;
  comment?: string;
  id?: string;
}

export interface BenchmarkSpec {
  question: string;
  /** The ground-truth SQL: the server takes exactly one SQL answer per question. */
  sql: string;
  id?: string;
}
