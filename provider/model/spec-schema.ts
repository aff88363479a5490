import { z } from "zod";
import type { GenieSpaceSpec } from "./spec";

// Strict objects: a misspelt property in a spec is a mistake to report, not a field to keep.
const str = z.string();
const column = z.strictObject({
  description: str.optional(),
  synonyms: z.array(str).optional(),
  exclude: z.boolean().optional(),
  enableFormatAssistance: z.boolean().optional(),
  enableEntityMatching: z.boolean().optional(),
});
const table = z.union([
  str,
  z.strictObject({
    identifier: str,
    description: str.optional(),
    columns: z.record(str, column).optional(),
  }),
]);
const snippet = z.strictObject({
  sql: str,
  displayName: str.optional(),
  alias: str.optional(),
  synonyms: z.array(str).optional(),
  instruction: str.optional(),
  comment: str.optional(),
  id: str.optional(),
});
const joinSource = z.union([str, z.strictObject({ identifier: str, alias: str.optional() })]);

export const genieSpaceSpecSchema = z.strictObject({
  tables: z.array(table).optional(),
  metricViews: z.array(table).optional(),
  instructions: str.optional(),
  sampleQuestions: z
    .array(z.union([str, z.strictObject({ question: str, id: str.optional() })]))
    .optional(),
  exampleSqls: z
    .array(
      z.strictObject({
        question: str,
        sql: str,
        parameters: z
          .array(
            z.strictObject({
              name: str,
              typeHint: str,
              description: str.optional(),
              defaultValue: z.union([str, z.array(str)]).optional(),
            }),
          )
          .optional(),
        usageGuidance: str.optional(),
        id: str.optional(),
      }),
    )
    .optional(),
  sqlFunctions: z
    .array(z.union([str, z.strictObject({ identifier: str, id: str.optional() })]))
    .optional(),
  joins: z
    .array(
      z.strictObject({
        left: joinSource,
        right: joinSource,
        sql: str,
        relationship: z
          .enum(["ONE_TO_ONE", "ONE_TO_MANY", "MANY_TO_ONE", "MANY_TO_MANY"])
          .optional(),
        comment: str.optional(),
        instruction: str.optional(),
        id: str.optional(),
      }),
    )
    .optional(),
  snippets: z
    .strictObject({
      filters: z.array(snippet).optional(),
      expressions: z.array(snippet).optional(),
      measures: z.array(snippet).optional(),
    })
    .optional(),
  benchmarks: z.array(z.strictObject({ question: str, sql: str, id: str.optional() })).optional(),
}) satisfies z.ZodType<GenieSpaceSpec>;
