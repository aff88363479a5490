import type { SerializedSpaceV2 } from "../provider/model/document";

/**
 * How the emulator assesses a benchmark question, since it has no model to ask and no data to
 * run SQL on (the emulator's own rule, documented in emulator/README.md, "Evaluation runs"):
 *
 * - GOOD when an example SQL of the space (`instructions.example_question_sqls[].sql`) or a SQL
 *   snippet (`instructions.sql_snippets.{filters,expressions,measures}[].sql`) is the benchmark's
 *   SQL answer once both are normalised (`normalizeSql`): Genie "answered" with that SQL;
 * - BAD with RESULT_MISSING_ROWS when an example SQL asks the same question (text equal once case
 *   and spaces are ignored) with other SQL: Genie answered with it, and it returns other rows;
 * - BAD with EMPTY_RESULT otherwise: the space teaches nothing for this question.
 *
 * Tests script other outcomes (NEEDS_REVIEW, other reasons) through the admin route.
 */
export type Assessment = "GOOD" | "BAD" | "NEEDS_REVIEW";

export interface Judged {
  assessment: Assessment;
  reasons: string[];
  actual: { response_type: "SQL" | "TEXT"; response: string };
}

export interface BenchmarkItem {
  id: string;
  question: string;
  /** The SQL answer, joined (empty when the question has none). */
  sql: string;
}

const NO_ANSWER = "The emulator found no example SQL of the space that answers this question.";

/** The benchmark questions of a document, their text and SQL joined. */
export function benchmarkItems(doc: SerializedSpaceV2): BenchmarkItem[] {
  const questions = (doc as { benchmarks?: { questions?: unknown[] } }).benchmarks?.questions ?? [];
  return questions.map((raw) => {
    const q = raw as { id?: string; question?: string[]; answer?: { content?: string[] }[] };
    return {
      id: q.id ?? "",
      question: (q.question ?? []).join(""),
      sql: (q.answer?.[0]?.content ?? []).join(""),
    };
  });
}

export function judge(doc: SerializedSpaceV2, item: BenchmarkItem): Judged {
  const instructions = (doc.instructions ?? {}) as {
    example_question_sqls?: { question?: string[]; sql?: string[] }[];
    sql_snippets?: Record<string, { sql?: string[] }[] | undefined>;
  };
  const examples = (instructions.example_question_sqls ?? []).map((e) => ({
    question: (e.question ?? []).join(""),
    sql: (e.sql ?? []).join(""),
  }));
  const snippets = Object.values(instructions.sql_snippets ?? {}).flatMap((list) =>
    (list ?? []).map((s) => (s.sql ?? []).join("")),
  );
  const wanted = normalizeSql(item.sql);
  const same = [...examples.map((e) => e.sql), ...snippets].find(
    (sql) => wanted !== "" && normalizeSql(sql) === wanted,
  );
  if (same !== undefined)
    return { assessment: "GOOD", reasons: [], actual: { response_type: "SQL", response: same } };
  const asked = examples.find((e) => normalizeText(e.question) === normalizeText(item.question));
  if (asked !== undefined)
    return {
      assessment: "BAD",
      reasons: ["RESULT_MISSING_ROWS"],
      actual: { response_type: "SQL", response: asked.sql },
    };
  return {
    assessment: "BAD",
    reasons: ["EMPTY_RESULT"],
    actual: { response_type: "TEXT", response: NO_ANSWER },
  };
}

const normalizeText = (s: string) => s.trim().replace(/\s+/g, " ").toLowerCase();

/**
 * SQL with its differences of form removed: comments, runs of white space (and white space next to
 * parentheses and commas), trailing semicolons, and letter case outside string literals (Databricks
 * SQL keywords and identifiers are case-insensitive). `'...'` literals are kept as written.
 */
export function normalizeSql(sql: string): string {
  const parts: string[] = []; // code and literals alternate: even indices are code
  let code = "";
  for (let i = 0; i < sql.length;) {
    const c = sql[i] as string;
    if (c === "'") {
      let j = i + 1;
      while (j < sql.length && !(sql[j] === "'" && sql[j - 1] !== "\\")) j++;
      parts.push(code, sql.slice(i, j + 1));
      code = "";
      i = j + 1;
    } else if (c === "-" && sql[i + 1] === "-") {
      while (i < sql.length && sql[i] !== "\n") i++;
      code += " ";
    } else if (c === "/" && sql[i + 1] === "*") {
      const end = sql.indexOf("*/", i + 2);
      i = end < 0 ? sql.length : end + 2;
      code += " ";
    } else {
      code += c;
      i++;
    }
  }
  parts.push(code);
  const joined = parts
    .map((p, i) =>
      i % 2 === 1
        ? p
        : p
            .toLowerCase()
            .replace(/\s+/g, " ")
            .replace(/ ?([(),]) ?/g, "$1"),
    )
    .join("");
  return joined.replace(/[\s;]+$/, "").trim();
}
