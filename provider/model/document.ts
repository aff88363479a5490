/**
 * The `serialized_space` document as plain TypeScript types (docs/api-behaviour.md, "The document";
 * real exports in test/fixtures/public). Kept free of zod so that the package's published typings
 * compile in any consumer project, including Pulumi's template, which does not skip library checks.
 * Every object also carries the fields this package does not know yet (`[key: string]: unknown`).
 */
type Open = { [key: string]: unknown };

export interface SampleQuestion extends Open {
  id?: string;
  question: string[];
}

interface ColumnConfigBase extends Open {
  column_name: string;
  description?: string[];
  synonyms?: string[];
  exclude?: boolean;
}

export interface ColumnConfigV1 extends ColumnConfigBase {
  get_example_values?: boolean;
  build_value_dictionary?: boolean;
}

export interface ColumnConfig extends ColumnConfigBase {
  enable_format_assistance?: boolean;
  enable_entity_matching?: boolean;
}

export interface TableConfig<C = ColumnConfig> extends Open {
  identifier: string;
  description?: string[];
  column_configs?: C[];
}

export interface Parameter extends Open {
  name: string;
  type_hint: string;
  description?: string[];
  default_value?: { values?: string[]; [key: string]: unknown };
}

export interface ExampleQuestionSql extends Open {
  id?: string;
  question: string[];
  sql: string[];
  parameters?: Parameter[];
  usage_guidance?: string[];
}

export interface TextInstruction extends Open {
  id?: string;
  content?: string[];
}

export interface SqlFunction extends Open {
  id?: string;
  identifier: string;
  description?: string;
}

export interface JoinSource extends Open {
  identifier: string;
  alias: string;
}

export interface JoinSpecConfig extends Open {
  id?: string;
  left: JoinSource;
  right: JoinSource;
  sql: string[];
  comment?: string[];
  instruction?: string[];
}

export interface SnippetConfig extends Open {
  id?: string;
  sql: string[];
  display_name?: string;
  alias?: string;
  synonyms?: string[];
  instruction?: string[];
  comment?: string[];
}

export interface BenchmarkQuestion extends Open {
  id?: string;
  question: string[];
  answer: { format: string; content: string[]; [key: string]: unknown }[];
}

interface DocumentBase<C> extends Open {
  config?: { sample_questions?: SampleQuestion[]; [key: string]: unknown };
  data_sources?: {
    tables?: TableConfig<C>[];
    metric_views?: TableConfig<C>[];
    [key: string]: unknown;
  };
  instructions?: {
    text_instructions?: TextInstruction[];
    example_question_sqls?: ExampleQuestionSql[];
    sql_functions?: SqlFunction[];
    join_specs?: JoinSpecConfig[];
    sql_snippets?: {
      filters?: SnippetConfig[];
      expressions?: SnippetConfig[];
      measures?: SnippetConfig[];
      [key: string]: unknown;
    };
    [key: string]: unknown;
  };
  benchmarks?: { questions?: BenchmarkQuestion[]; [key: string]: unknown };
}

export interface SerializedSpaceV1 extends DocumentBase<ColumnConfigV1> {
  version: 1;
}

export interface SerializedSpaceV2 extends DocumentBase<ColumnConfig> {
  version: 2;
}

export type SerializedSpace = SerializedSpaceV1 | SerializedSpaceV2;
