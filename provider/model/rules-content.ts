import { ID_COLLECTIONS } from "./fields";
import { identifierKey, isThreePartIdentifier } from "./identifiers";
import { ANY_RELATIONSHIP, JOIN_RELATIONSHIPS, withoutRelationship } from "./joins";
import { omitted, plainContainer, scalarBytes, stringBytes } from "./json-bytes";
import { formatPath, type PathSegment } from "./problems";
import type { Reporter, Where } from "./report";
import {
  getAt,
  isObject,
  type JsonObject,
  listAt,
  TABLE_COLLECTIONS,
  tablesOf,
  textOf,
} from "./structure";

/** Limits of the real service (docs/api-behaviour.md, "Limits"). */
export const LIMITS = {
  tables: 30,
  textInstructions: 1,
  sqlFunctions: 50,
  benchmarks: 50,
  arrayItems: 10_000,
  stringChars: 25_000,
  documentBytes: 3_500_000,
} as const;

const SNIPPET_COLLECTIONS = ID_COLLECTIONS.filter((c) => c.path[1] === "sql_snippets");

/**
 * Rules on what a space says (limits, duplicates, empty text, joins, benchmarks, sizes), for a
 * document and for a friendly spec after its conversion.
 */
export function contentRules(doc: JsonObject, r: Reporter): void {
  new ContentRules(doc, r).run();
}

class ContentRules {
  constructor(
    private readonly doc: JsonObject,
    private readonly r: Reporter,
  ) {}

  run(): void {
    this.limits();
    this.dataSources();
    this.questions();
    this.joins();
    this.snippetsAndFunctions();
    this.benchmarks();
    this.sizes();
  }

  private limits(): void {
    const count = (path: readonly string[], max: number, message: string, fix: string) => {
      const list = getAt(this.doc, path);
      if (Array.isArray(list) && list.length > max)
        this.r.error({ path: [...path] }, "max-items", message, fix);
    };
    count(
      ["instructions", "text_instructions"],
      LIMITS.textInstructions,
      "instructions.text_instructions must contain at most one item",
      "merge the instructions into one text",
    );
    count(
      ["instructions", "sql_functions"],
      LIMITS.sqlFunctions,
      `Exceeded maximum number (${LIMITS.sqlFunctions}) of instructions.sql_functions`,
      "keep the 50 functions that matter most",
    );
    count(
      ["benchmarks", "questions"],
      LIMITS.benchmarks,
      `Exceeded maximum number (${LIMITS.benchmarks}) of benchmarks.questions`,
      "keep at most 50 benchmark questions",
    );
    count(
      ["data_sources", "tables"],
      LIMITS.tables,
      `a space can hold at most ${LIMITS.tables} tables`,
      "split the space, or use metric views",
    );
  }

  private dataSources(): void {
    const all = new Map<string, PathSegment[]>();
    for (const { path } of TABLE_COLLECTIONS) {
      listAt(this.doc, path).forEach((t, i) => {
        const where = { item: t, path: [...path, i], rest: ["identifier"] };
        const id = t["identifier"];
        if (typeof id !== "string") return;
        this.identifier(where, id);
        const key = identifierKey(id);
        const first = all.get(key);
        if (first !== undefined) {
          this.r.error(
            where,
            "duplicate",
            `'${id}' is already in the space at ${formatPath(first)}`,
            "list each table or metric view once",
          );
        } else all.set(key, [...path, i]);
        const names = new Map<string, string>();
        listAt(t, ["column_configs"]).forEach((col, j) => {
          const name = String(col["column_name"] ?? "");
          const w = { item: col, path: [...path, i, "column_configs", j] };
          const first = names.get(name.toLowerCase());
          if (name === "")
            this.r.error(w, "required", "column_name must not be empty", "name the column");
          else if (first !== undefined)
            this.r.error(
              w,
              "duplicate",
              `column '${name}' is configured twice in '${String(t["identifier"])}' (also as '${first}'; column names are compared without case)`,
              "merge the two settings into one",
            );
          else names.set(name.toLowerCase(), name);
        });
      });
    }
    if (TABLE_COLLECTIONS.every((c) => listAt(this.doc, c.path).length > 0)) {
      this.r.warn(
        { path: ["data_sources"] },
        "tables-and-metric-views",
        "the space has both tables and metric views, which the service does not support at the same time today",
        "use either tables or metric views",
      );
    }
  }

  private identifier(where: Where, id: string): void {
    if (!isThreePartIdentifier(id)) {
      this.r.error(
        where,
        "identifier",
        `'${id}' is not a three-part name`,
        "write catalog.schema.name (quote parts with backticks if they hold dots or spaces)",
      );
    }
  }

  private questions(): void {
    const lists: [readonly string[], string][] = [
      [["config", "sample_questions"], "sample question"],
      [["instructions", "example_question_sqls"], "example question"],
    ];
    for (const [path, what] of lists) {
      const seen = new Map<string, number>();
      listAt(this.doc, path).forEach((q, i) => {
        const text = textOf(q["question"]).trim();
        const where = { item: q, path: [...path, i], rest: ["question"] };
        if (text === "")
          return this.r.error(where, "required", `the ${what} is empty`, "write the question");
        const first = seen.get(text.toLowerCase());
        if (first !== undefined)
          this.r.error(
            where,
            "duplicate",
            `the ${what} '${text}' is also at index ${first}`,
            "remove one of the two",
          );
        else seen.set(text.toLowerCase(), i);
      });
    }
    listAt(this.doc, ["instructions", "example_question_sqls"]).forEach((q, i) => {
      const base = ["instructions", "example_question_sqls", i];
      const sql = textOf(q["sql"]);
      if (sql.trim() === "")
        this.r.error(
          { item: q, path: base, rest: ["sql"] },
          "required",
          "the example SQL is empty",
          "write the SQL that answers the question",
        );
      const names = new Set<string>();
      listAt(q, ["parameters"]).forEach((p, j) => {
        const name = String(p["name"] ?? "");
        const where = { item: q, path: base, rest: ["parameters", j, "name"] };
        if (name === "")
          return this.r.error(
            where,
            "required",
            "parameter name must not be empty",
            "name the parameter",
          );
        if (names.has(name))
          this.r.error(
            where,
            "duplicate",
            `parameter '${name}' is declared twice`,
            "declare each parameter once",
          );
        names.add(name);
        if (!new RegExp(`:${escape(name)}\\b`).test(sql)) {
          this.r.warn(
            where,
            "parameter-unused",
            `parameter '${name}' is not used as :${name} in the SQL`,
            `use :${name} in the SQL or remove the parameter`,
          );
        }
      });
    });
  }

  private joins(): void {
    const inSpace = new Set(
      tablesOf(this.doc).map(({ table: t }) => identifierKey(String(t["identifier"] ?? ""))),
    );
    listAt(this.doc, ["instructions", "join_specs"]).forEach((j, i) => {
      const base = ["instructions", "join_specs", i];
      for (const side of ["left", "right"] as const) {
        const src = j[side];
        if (!isObject(src)) continue;
        const id = typeof src["identifier"] === "string" ? src["identifier"] : "";
        this.identifier({ item: j, path: base, rest: [side, "identifier"] }, id);
        if (id !== "" && !inSpace.has(identifierKey(id))) {
          this.r.warn(
            { item: j, path: base, rest: [side] },
            "join-table",
            `the join names '${id}', which is not a table of the space`,
            "add the table to the space, or correct the join",
          );
        }
        if (typeof src["alias"] === "string" && src["alias"].trim() === "") {
          this.r.error(
            { item: j, path: base, rest: [side, "alias"] },
            "required",
            "the alias must not be empty",
            "give the table an alias",
          );
        }
      }
      const sql = textOf(j["sql"]);
      const condition = withoutRelationship(sql);
      if (condition.trim() === "")
        this.r.error(
          { item: j, path: base, rest: ["sql"] },
          "required",
          "the join condition is empty",
          "write the ON condition, e.g. a.id = b.a_id",
        );
      const rt = ANY_RELATIONSHIP.exec(sql);
      if (rt !== null && !(JOIN_RELATIONSHIPS as readonly string[]).includes(rt[1] ?? "")) {
        this.r.warn(
          { item: j, path: base, rest: ["sql"] },
          "join-relationship",
          `unknown relationship type '${rt[1]}'`,
          `use one of ${JOIN_RELATIONSHIPS.join(", ")}`,
        );
      }
    });
  }

  private snippetsAndFunctions(): void {
    for (const c of SNIPPET_COLLECTIONS) {
      listAt(this.doc, c.path).forEach((s, i) => {
        if (textOf(s["sql"]).trim() === "") {
          this.r.error(
            { item: s, path: [...c.path, i], rest: ["sql"] },
            "required",
            "the snippet's SQL is empty",
            "write the SQL expression",
          );
        }
      });
    }
    const seen = new Set<string>();
    listAt(this.doc, ["instructions", "sql_functions"]).forEach((f, i) => {
      const id = typeof f["identifier"] === "string" ? f["identifier"] : "";
      const where = { item: f, path: ["instructions", "sql_functions", i], rest: ["identifier"] };
      this.identifier(where, id);
      if (seen.has(identifierKey(id)))
        this.r.error(
          where,
          "duplicate",
          `the function '${id}' is listed twice`,
          "list each function once",
        );
      seen.add(identifierKey(id));
    });
  }

  private benchmarks(): void {
    const seen = new Set<string>();
    listAt(this.doc, ["benchmarks", "questions"]).forEach((q, i) => {
      const base = ["benchmarks", "questions", i];
      const text = textOf(q["question"]).trim();
      if (text === "")
        this.r.error(
          { item: q, path: base, rest: ["question"] },
          "required",
          "the benchmark question is empty",
          "write the question",
        );
      else if (seen.has(text.toLowerCase()))
        this.r.error(
          { item: q, path: base, rest: ["question"] },
          "duplicate",
          `the benchmark question '${text}' is listed twice`,
          "remove one of the two",
        );
      seen.add(text.toLowerCase());
      const answers = Array.isArray(q["answer"]) ? q["answer"] : [];
      if (answers.length !== 1) {
        this.r.error(
          { item: q, path: base, rest: ["answer"] },
          "benchmark-answer",
          `a benchmark takes exactly one SQL answer, found ${answers.length}`,
          'give one answer: { format: "SQL", content: [...] }',
        );
      }
      answers.forEach((a, j) => {
        if (!isObject(a)) return;
        if (a["format"] !== "SQL")
          this.r.error(
            { item: q, path: base, rest: ["answer", j, "format"] },
            "benchmark-answer",
            `answer format must be "SQL", got ${JSON.stringify(a["format"])}`,
            'set format: "SQL"',
          );
        if (textOf(a["content"]).trim() === "")
          this.r.error(
            { item: q, path: base, rest: ["answer", j, "content"] },
            "required",
            "the benchmark's SQL is empty",
            "write the SQL that answers the question",
          );
      });
    });
  }

  /** 25,000 characters a string, 10,000 items a list, about 3.5 MB in all. */
  private sizes(): void {
    // One path, grown and shrunk along the walk, copied only for a problem: a copy per node was
    // most of this rule's time on a large document (issue #13).
    const path: PathSegment[] = [];
    // The document's JSON bytes, counted along (json-bytes.ts); undefined once a value's JSON
    // is not followed, and the document is then serialized to be measured.
    let counted: number | undefined = 0;
    const count = (n: number | undefined) => {
      counted = counted === undefined || n === undefined ? undefined : counted + n;
    };
    const walk = (node: unknown): void => {
      if (typeof node === "string") {
        count(stringBytes(node));
        if (node.length > LIMITS.stringChars)
          this.r.error(
            { path: [...path] },
            "max-length",
            `a string of ${node.length} characters; the limit is ${LIMITS.stringChars}`,
            "shorten the text",
          );
      } else if (Array.isArray(node)) {
        if (!plainContainer(node)) counted = undefined;
        count(node.length === 0 ? 2 : node.length + 1);
        if (node.length > LIMITS.arrayItems)
          this.r.error(
            { path: [...path] },
            "max-items",
            `a list of ${node.length} items; the limit is ${LIMITS.arrayItems}`,
            "shorten the list",
          );
        for (let i = 0; i < node.length; i++) {
          path.push(i);
          if (omitted(node[i])) count(4);
          else walk(node[i]);
          path.pop();
        }
      } else if (isObject(node)) {
        if (!plainContainer(node)) counted = undefined;
        let written = 0;
        for (const k of Object.keys(node)) {
          path.push(k);
          if (!omitted(node[k])) {
            count(stringBytes(k) + 1);
            written++;
            walk(node[k]);
          }
          path.pop();
        }
        count(written === 0 ? 2 : written + 1);
      } else {
        count(scalarBytes(node));
      }
    };
    walk(this.doc);
    const bytes = counted ?? Buffer.byteLength(JSON.stringify(this.doc), "utf8");
    if (bytes > LIMITS.documentBytes) {
      this.r.error(
        { path: [] },
        "max-size",
        `the document is ${bytes} bytes; the service takes about ${LIMITS.documentBytes}`,
        "move content out, or split the space",
      );
    }
  }
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
