/**
 * The fields the server knows in a `serialized_space`, message by message. The server parses the
 * document into a protocol buffer and refuses any field it does not know with
 * `Cannot find field: X in message Y` (docs/api-behaviour.md, "Unknown fields").
 * Only the top-level message name, `GenieSpaceExport`, is confirmed by a public source; the names
 * of the nested messages are this emulator's own.
 */
interface Message {
  name: string;
  fields: Record<string, Message | "scalar">;
}

const msg = (name: string, fields: Message["fields"]): Message => ({ name, fields });
const S = "scalar" as const;

const column = msg("ColumnConfig", {
  column_name: S,
  description: S,
  synonyms: S,
  exclude: S,
  // v1 names and their v2 renames; which version may carry which is checked by the validator.
  get_example_values: S,
  build_value_dictionary: S,
  enable_format_assistance: S,
  enable_entity_matching: S,
});
const table = (name: string) =>
  msg(name, { identifier: S, description: S, column_configs: column });
const joinSource = msg("JoinSource", { identifier: S, alias: S });
const snippet = msg("SqlSnippet", {
  id: S,
  sql: S,
  display_name: S,
  alias: S,
  synonyms: S,
  instruction: S,
  comment: S,
});

const EXPORT = msg("GenieSpaceExport", {
  version: S,
  config: msg("GenieSpaceConfig", {
    sample_questions: msg("SampleQuestion", { id: S, question: S }),
  }),
  data_sources: msg("DataSources", {
    tables: table("Table"),
    metric_views: table("MetricView"),
  }),
  instructions: msg("Instructions", {
    text_instructions: msg("TextInstruction", { id: S, content: S }),
    example_question_sqls: msg("ExampleQuestionSql", {
      id: S,
      question: S,
      sql: S,
      usage_guidance: S,
      parameters: msg("Parameter", {
        name: S,
        type_hint: S,
        description: S,
        default_value: msg("DefaultValue", { values: S }),
      }),
    }),
    // A function's `description` (docs/api-behaviour.md, "The document").
    sql_functions: msg("SqlFunction", { id: S, identifier: S, description: S }),
    join_specs: msg("JoinSpec", {
      id: S,
      left: joinSource,
      right: joinSource,
      // How the tables join (docs/api-behaviour.md, "The document").
      join_type: S,
      sql: S,
      comment: S,
      instruction: S,
    }),
    sql_snippets: msg("SqlSnippets", { filters: snippet, expressions: snippet, measures: snippet }),
  }),
  benchmarks: msg("Benchmarks", {
    questions: msg("BenchmarkQuestion", {
      id: S,
      question: S,
      answer: msg("BenchmarkAnswer", { format: S, content: S }),
    }),
  }),
});

/**
 * The first field the server would not know, as its error text, or undefined.
 * @param extra dotted paths without indices (`data_sources.tables.format_hint`) that the emulated
 *   server knows besides these: a test declares them to prove that fields the server knows and this
 *   package does not survive a round trip.
 */
export function unknownField(doc: unknown, extra: readonly string[] = []): string | undefined {
  // "*": a server that knows every field (for tests of what does not depend on it).
  if (extra.includes("*")) return undefined;
  return walk(doc, EXPORT, "", new Set(extra));
}

function walk(
  value: unknown,
  message: Message,
  path: string,
  extra: Set<string>,
): string | undefined {
  if (Array.isArray(value)) {
    for (const item of value) {
      const found = walk(item, message, path, extra);
      if (found !== undefined) return found;
    }
    return undefined;
  }
  if (typeof value !== "object" || value === null) return undefined;
  for (const [key, child] of Object.entries(value)) {
    const at = path === "" ? key : `${path}.${key}`;
    if (extra.has(at)) continue;
    const known = message.fields[key];
    if (known === undefined) return `Cannot find field: ${key} in message ${message.name}`;
    if (known === "scalar") continue;
    const found = walk(child, known, at, extra);
    if (found !== undefined) return found;
  }
  return undefined;
}
