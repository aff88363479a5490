import type { DocumentOf, ItemWireAt, ItemWireOf, Tree } from "./field-types";

/**
 * The `serialized_space` document as plain TypeScript types (docs/api-behaviour.md, "The document";
 * real exports in test/fixtures/public), derived from the field table (fields.ts, via
 * field-types.ts). Kept free of zod so that the package's published typings compile in any consumer
 * project, including Pulumi's template, which does not skip library checks. Every object also
 * carries the fields this package does not know yet (`[key: string]: unknown`).
 */
export type SerializedSpaceV1 = DocumentOf<1>;
export type SerializedSpaceV2 = DocumentOf<2>;
export type SerializedSpace = SerializedSpaceV1 | SerializedSpaceV2;

export type SampleQuestion = ItemWireAt<"sampleQuestions">;
/** A table or metric view; `V` is the document version (v1 names two column flags differently). */
export type TableConfig<V extends 1 | 2 = 2> = ItemWireAt<"tables", V>;
export type ColumnConfig = NonNullable<TableConfig["column_configs"]>[number];
export type ColumnConfigV1 = NonNullable<TableConfig<1>["column_configs"]>[number];
export type ExampleQuestionSql = ItemWireAt<"exampleSqls">;
export type Parameter = NonNullable<ExampleQuestionSql["parameters"]>[number];
export type TextInstruction = ItemWireAt<"instructions">;
export type SqlFunction = ItemWireAt<"sqlFunctions">;
export type JoinSpecConfig = ItemWireAt<"joins">;
export type JoinSource = JoinSpecConfig["left"];
export type SnippetConfig = ItemWireOf<Tree["snippets"]["filters"], 2>;
export type BenchmarkQuestion = ItemWireAt<"benchmarks">;
