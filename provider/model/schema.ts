import { z } from "zod";
import type { SerializedSpaceV1, SerializedSpaceV2 } from "./document";

/**
 * zod schemas of the `serialized_space` document, versions 1 and 2 (reference
 * `000_9333cf52ff3c36a8.txt` for the v1 shape; `fixtures/public/` for real v2 exports).
 *
 * Every object is loose: fields this package does not know yet (the API keeps adding them) are
 * kept through parse, canonicalize and serialize instead of being dropped on the next `up`.
 */

const text = z.array(z.string());
// Optional here: the server requires ids, but toSerializedSpace assigns missing ones, and
// validateSpace reports a missing id in a document that is to be sent as it is.
const id = z.string().optional();

const columnV1 = z.looseObject({
  column_name: z.string(),
  description: text.optional(),
  synonyms: z.array(z.string()).optional(),
  exclude: z.boolean().optional(),
  get_example_values: z.boolean().optional(),
  build_value_dictionary: z.boolean().optional(),
});

// v2 renamed the two column flags (observed in the Databricks CLI's bundle engine, 2026).
const columnV2 = z.looseObject({
  column_name: z.string(),
  description: text.optional(),
  synonyms: z.array(z.string()).optional(),
  exclude: z.boolean().optional(),
  enable_format_assistance: z.boolean().optional(),
  enable_entity_matching: z.boolean().optional(),
});

const sampleQuestion = z.looseObject({ id, question: text });
const parameter = z.looseObject({
  name: z.string(),
  type_hint: z.string(),
  description: text.optional(),
  default_value: z.looseObject({ values: z.array(z.string()).optional() }).optional(),
});
const exampleQuestionSql = z.looseObject({
  id,
  question: text,
  sql: text,
  parameters: z.array(parameter).optional(),
  usage_guidance: text.optional(),
});
const textInstruction = z.looseObject({ id, content: text.optional() });
const sqlFunction = z.looseObject({ id, identifier: z.string() });
const joinSource = z.looseObject({ identifier: z.string(), alias: z.string() });
const joinSpec = z.looseObject({
  id,
  left: joinSource,
  right: joinSource,
  sql: text,
  comment: text.optional(),
  instruction: text.optional(),
});
const snippet = z.looseObject({
  id,
  sql: text,
  display_name: z.string().optional(),
  alias: z.string().optional(),
  synonyms: z.array(z.string()).optional(),
  instruction: text.optional(),
  comment: text.optional(),
});
const benchmarkQuestion = z.looseObject({
  id,
  question: text,
  answer: z.array(z.looseObject({ format: z.string(), content: text })),
});

function documentSchema<V extends 1 | 2, C extends z.ZodType>(version: V, column: C) {
  const table = z.looseObject({
    identifier: z.string(),
    description: text.optional(),
    column_configs: z.array(column).optional(),
  });
  return z.looseObject({
    version: z.literal(version),
    config: z.looseObject({ sample_questions: z.array(sampleQuestion).optional() }).optional(),
    data_sources: z
      .looseObject({ tables: z.array(table).optional(), metric_views: z.array(table).optional() })
      .optional(),
    instructions: z
      .looseObject({
        text_instructions: z.array(textInstruction).optional(),
        example_question_sqls: z.array(exampleQuestionSql).optional(),
        sql_functions: z.array(sqlFunction).optional(),
        join_specs: z.array(joinSpec).optional(),
        sql_snippets: z
          .looseObject({
            filters: z.array(snippet).optional(),
            expressions: z.array(snippet).optional(),
            measures: z.array(snippet).optional(),
          })
          .optional(),
      })
      .optional(),
    benchmarks: z.looseObject({ questions: z.array(benchmarkQuestion).optional() }).optional(),
  });
}

export const serializedSpaceV1Schema = documentSchema(1, columnV1);
export const serializedSpaceV2Schema = documentSchema(2, columnV2);
export const serializedSpaceSchema = z.discriminatedUnion("version", [
  serializedSpaceV1Schema,
  serializedSpaceV2Schema,
]);

// The zod schemas stay internal; the published types are the plain interfaces of document.ts.
// These assignments make the compiler prove the two agree.
export const checkV1: z.ZodType<SerializedSpaceV1> = serializedSpaceV1Schema;
export const checkV2: z.ZodType<SerializedSpaceV2> = serializedSpaceV2Schema;

/** The snippet kinds of `instructions.sql_snippets`. */
export const SNIPPET_KINDS = ["filters", "expressions", "measures"] as const;
export type SnippetKind = (typeof SNIPPET_KINDS)[number];

/** The v1 -> v2 renames of column flags. */
export const V1_TO_V2_COLUMN_FLAGS: Readonly<Record<string, string>> = {
  get_example_values: "enable_format_assistance",
  build_value_dictionary: "enable_entity_matching",
};
