import { lastPart } from "./identifiers";
import type {
  BenchmarkSpec,
  ColumnSpec,
  ExampleSqlSpec,
  GenieSpaceSpec,
  JoinRelationship,
  JoinSpec,
  ParameterSpec,
  SnippetSpec,
  TableSpec,
} from "./spec";
import { isObject, type JsonObject, listAt } from "./structure";
import { joinLines } from "./text";

/**
 * The friendly spec that says what a v2 document says: the reverse of the spec-to-document step
 * of `toSerializedSpace`, so a space read back from the server can be shown in the terms a person
 * wrote it in. Ids are left out (the model derives or reuses them), defaults are left out, text is
 * one string, and a join's relationship line becomes `relationship` again. What the spec cannot
 * say (fields this package does not know, an answer that is not SQL) is dropped: compare
 * `canonicalize` of both sides to know whether anything was.
 *
 * @example
 * specFromDocument({ version: 2, data_sources: { tables: [{ identifier: "dev.sales.orders" }] } })
 * // { tables: ["dev.sales.orders"] }
 */
export function specFromDocument(document: unknown): GenieSpaceSpec {
  const doc = isObject(document) ? document : {};
  const spec: GenieSpaceSpec = {};
  const tables = listAt(doc, ["data_sources", "tables"]).map(table);
  if (tables.length > 0) spec.tables = tables;
  const views = listAt(doc, ["data_sources", "metric_views"]).map(table);
  if (views.length > 0) spec.metricViews = views;
  const instructions = text(listAt(doc, ["instructions", "text_instructions"])[0]?.["content"]);
  if (instructions !== undefined) spec.instructions = instructions;
  const questions = listAt(doc, ["config", "sample_questions"]).map(
    (q) => text(q["question"]) ?? "",
  );
  if (questions.length > 0) spec.sampleQuestions = questions;
  const sqls = listAt(doc, ["instructions", "example_question_sqls"]).map(exampleSql);
  if (sqls.length > 0) spec.exampleSqls = sqls;
  const functions = listAt(doc, ["instructions", "sql_functions"]).map((f) =>
    String(f["identifier"] ?? ""),
  );
  if (functions.length > 0) spec.sqlFunctions = functions;
  const joins = listAt(doc, ["instructions", "join_specs"]).map(join);
  if (joins.length > 0) spec.joins = joins;
  const snippets: NonNullable<GenieSpaceSpec["snippets"]> = {};
  for (const kind of ["filters", "expressions", "measures"] as const) {
    const list = listAt(doc, ["instructions", "sql_snippets", kind]).map(snippet);
    if (list.length > 0) snippets[kind] = list;
  }
  if (Object.keys(snippets).length > 0) spec.snippets = snippets;
  const benchmarks = listAt(doc, ["benchmarks", "questions"]).map(benchmark);
  if (benchmarks.length > 0) spec.benchmarks = benchmarks;
  return spec;
}

/** Wire text (pieces) as one string; absent or empty text is no text. */
function text(value: unknown): string | undefined {
  if (!Array.isArray(value) || !value.every((v) => typeof v === "string")) return undefined;
  const joined = joinLines(value as string[]);
  return joined === "" ? undefined : joined;
}

/** Copies the fields whose values are set, so the spec carries no `undefined` and no defaults. */
function defined<T extends object>(fields: T): T {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(fields))
    if (v !== undefined && v !== false && !(Array.isArray(v) && v.length === 0)) out[k] = v;
  return out as T;
}

const strings = (value: unknown): string[] | undefined =>
  Array.isArray(value) && value.every((v) => typeof v === "string")
    ? (value as string[])
    : undefined;

function table(t: JsonObject): string | TableSpec {
  const identifier = String(t["identifier"] ?? "");
  const columns: Record<string, ColumnSpec> = {};
  for (const c of listAt(t, ["column_configs"])) {
    columns[String(c["column_name"] ?? "")] = defined({
      description: text(c["description"]),
      synonyms: strings(c["synonyms"]),
      exclude: c["exclude"] === true ? true : undefined,
      enableFormatAssistance: c["enable_format_assistance"] === true ? true : undefined,
      enableEntityMatching: c["enable_entity_matching"] === true ? true : undefined,
    });
  }
  const description = text(t["description"]);
  if (description === undefined && Object.keys(columns).length === 0) return identifier;
  return defined({
    identifier,
    description,
    columns: Object.keys(columns).length > 0 ? columns : undefined,
  });
}

function exampleSql(e: JsonObject): ExampleSqlSpec {
  const parameters = listAt(e, ["parameters"]).map((p): ParameterSpec => {
    const values = isObject(p["default_value"]) ? strings(p["default_value"]["values"]) : undefined;
    return defined({
      name: String(p["name"] ?? ""),
      typeHint: String(p["type_hint"] ?? ""),
      description: text(p["description"]),
      defaultValue: values === undefined ? undefined : values.length === 1 ? values[0] : values,
    });
  });
  return defined({
    question: text(e["question"]) ?? "",
    sql: text(e["sql"]) ?? "",
    parameters: parameters.length > 0 ? parameters : undefined,
    usageGuidance: text(e["usage_guidance"]),
  });
}

// The UI writes the relationship as the SQL's last line (fixture server_export.v2), with or
// without a newline before it; the spec writes it from `relationship`.
const RELATIONSHIP_LINE = /\n?--rt=FROM_RELATIONSHIP_TYPE_([A-Z_]+)--\s*$/;

function join(j: JsonObject): JoinSpec {
  const source = (s: unknown) => {
    const o = isObject(s) ? s : {};
    return { identifier: String(o["identifier"] ?? ""), alias: o["alias"] };
  };
  const left = source(j["left"]);
  const right = source(j["right"]);
  // The spec's default aliases: the table's name, `_1` on the right of a self-join.
  const leftDefault = lastPart(left.identifier);
  let rightDefault = lastPart(right.identifier);
  if (rightDefault === leftDefault) rightDefault += "_1";
  let sql = text(j["sql"]) ?? "";
  let relationship: JoinRelationship | undefined;
  const m = RELATIONSHIP_LINE.exec(sql);
  if (m !== null) {
    relationship = m[1] as JoinRelationship;
    sql = sql.slice(0, m.index);
  }
  return defined({
    left:
      left.alias === leftDefault || typeof left.alias !== "string"
        ? left.identifier
        : { identifier: left.identifier, alias: left.alias },
    right:
      right.alias === rightDefault || typeof right.alias !== "string"
        ? right.identifier
        : { identifier: right.identifier, alias: right.alias },
    sql,
    relationship,
    comment: text(j["comment"]),
    instruction: text(j["instruction"]),
  });
}

function snippet(s: JsonObject): SnippetSpec {
  return defined({
    sql: text(s["sql"]) ?? "",
    displayName: typeof s["display_name"] === "string" ? s["display_name"] : undefined,
    alias: typeof s["alias"] === "string" ? s["alias"] : undefined,
    synonyms: strings(s["synonyms"]),
    instruction: text(s["instruction"]),
    comment: text(s["comment"]),
  });
}

function benchmark(b: JsonObject): BenchmarkSpec {
  const answer = listAt(b, ["answer"]).find((a) => a["format"] === "SQL");
  return { question: text(b["question"]) ?? "", sql: text(answer?.["content"]) ?? "" };
}
