import { identifierKey, isThreePartIdentifier } from "./identifiers";
import { isValidId } from "./ids";
import { formatPath, joinPath, type PathSegment, type Problem } from "./problems";
import { serializedSpaceSchema, V1_TO_V2_COLUMN_FLAGS } from "./schema";
import { convert, type Origins, readInput, versionProblem } from "./serialize";
import { JOIN_RELATIONSHIPS, looksLikeDocument } from "./spec";
import { genieSpaceSpecSchema } from "./spec-schema";
import {
  compareKeys,
  getAt,
  ID_COLLECTIONS,
  isObject,
  type JsonObject,
  listAt,
  serverSortKey,
  TABLE_COLLECTIONS,
  textOf,
} from "./structure";
import { substituteVariables } from "./variables";
import { zodProblems } from "./zod-problems";

export interface ValidationResult {
  /** True when there is no error (warnings allowed). */
  valid: boolean;
  errors: Problem[];
  warnings: Problem[];
}

/** Limits of the real service (API-FACTS.md, "Limits seen"). */
export const LIMITS = {
  tables: 30,
  textInstructions: 1,
  sqlFunctions: 50,
  benchmarks: 50,
  arrayItems: 10_000,
  stringChars: 25_000,
  documentBytes: 3_500_000,
} as const;

const KNOWN_TOP_LEVEL = new Set([
  "version",
  "config",
  "data_sources",
  "instructions",
  "benchmarks",
]);
// Fields people put in the document that belong to the space itself; the server answers
// "Cannot find field: description in message GenieSpaceExport" (API-FACTS.md).
const SPACE_FIELDS = new Set(["title", "description", "warehouse_id", "parent_path", "space_id"]);

/**
 * Checks a friendly spec, or a v1 or v2 document (object or JSON string), against every rule the
 * server is known to enforce, and reports every problem at once with its property path, the rule
 * and how to fix it. Never throws, whatever it is given.
 *
 * For a spec, what the model fixes by itself (ids, order, line splitting) is not a problem; for a
 * document, it is what the server would answer were the document sent as it is.
 *
 * @example
 * const { valid, errors } = validateSpace(JSON.parse(fs.readFileSync("space.geniespace.json", "utf8")));
 * for (const e of errors) console.error(`${e.path}: ${e.message} (${e.fix})`);
 */
export function validateSpace(
  value: unknown,
  options: { variables?: Readonly<Record<string, string>> } = {},
): ValidationResult {
  const problems: Problem[] = [];
  try {
    check(value, options, problems);
  } catch (e) {
    problems.push({
      path: "",
      rule: "internal",
      message: `the validator failed on this input (${(e as Error)?.message ?? String(e)})`,
      fix: "report this as a bug of pulumi-databricks-genie, with the input",
      severity: "error",
    });
  }
  const errors = problems.filter((p) => p.severity === "error");
  return {
    valid: errors.length === 0,
    errors,
    warnings: problems.filter((p) => p.severity === "warning"),
  };
}

function check(
  value: unknown,
  options: { variables?: Readonly<Record<string, string>> },
  out: Problem[],
): void {
  const read = readInput(value);
  out.push(...read.problems);
  if (read.value === undefined) return;
  let input = read.value;
  if (options.variables !== undefined) {
    const sub = substituteVariables(input, options.variables);
    out.push(...sub.problems);
    input = sub.value;
  }

  if (!looksLikeDocument(input)) {
    const parsed = genieSpaceSpecSchema.safeParse(input);
    if (!parsed.success) return void out.push(...zodProblems(parsed.error, ""));
    const converted = convert(parsed.data, {}, false);
    out.push(...converted.problems);
    const found: Problem[] = [];
    if (converted.document !== undefined)
      new Rules(converted.document, converted.origins, found).content();
    out.push(...found.map((p) => ({ ...p, path: specListPath(p.path) })));
    return;
  }

  const version = versionProblem(input);
  if (version !== undefined) return void out.push(version);
  const parsed = serializedSpaceSchema.safeParse(input);
  if (!parsed.success) out.push(...zodProblems(parsed.error, ""));
  const rules = new Rules(input as JsonObject, new WeakMap(), out);
  rules.topLevel();
  rules.ids();
  rules.sorting();
  rules.columnFlags();
  rules.content();
}

class Rules {
  constructor(
    private readonly doc: JsonObject,
    private readonly origins: Origins,
    private readonly out: Problem[],
  ) {}

  private report(
    severity: Problem["severity"],
    where: { item?: object; path: PathSegment[]; rest?: PathSegment[] },
    rule: string,
    message: string,
    fix: string,
  ): void {
    const origin = where.item === undefined ? undefined : this.origins.get(where.item);
    const rest = formatPath(where.rest ?? []);
    const path =
      origin !== undefined ? joinPath(origin, camel(rest)) : joinPath(formatPath(where.path), rest);
    this.out.push({ path, rule, message, fix, severity });
  }

  private error(
    where: Parameters<Rules["report"]>[1],
    rule: string,
    message: string,
    fix: string,
  ): void {
    this.report("error", where, rule, message, fix);
  }

  private warn(
    where: Parameters<Rules["report"]>[1],
    rule: string,
    message: string,
    fix: string,
  ): void {
    this.report("warning", where, rule, message, fix);
  }

  topLevel(): void {
    for (const key of Object.keys(this.doc)) {
      if (KNOWN_TOP_LEVEL.has(key)) continue;
      if (SPACE_FIELDS.has(key)) {
        this.error(
          { path: [key] },
          "unknown-field",
          `Cannot find field: ${key} in message GenieSpaceExport`,
          `set ${key} as an argument of the space (e.g. GenieSpace's ${camel(key)}), not inside serialized_space`,
        );
      } else {
        this.warn(
          { path: [key] },
          "unknown-field",
          `field '${key}' is not known to this version of pulumi-databricks-genie; it is kept as is`,
          "check the spelling: the server rejects fields it does not know",
        );
      }
    }
  }

  ids(): void {
    const seen = new Map<string, string>();
    for (const c of ID_COLLECTIONS) {
      listAt(this.doc, c.path).forEach((item, i) => {
        const path = [...c.path, i, "id"];
        const id = item["id"];
        if (id === undefined) {
          this.error(
            { path },
            "id-required",
            `${c.label}.id is required`,
            "add a lowercase 32-hex id, or build the document with toSerializedSpace",
          );
        } else if (!isValidId(id)) {
          this.error(
            { path },
            "id-format",
            `Invalid id for ${c.label}.id: '${String(id)}'. Expected lowercase 32-hex UUID`,
            "use 32 lowercase hex digits without dashes, or leave ids to toSerializedSpace",
          );
        } else if (seen.has(id)) {
          this.error(
            { path },
            "id-unique",
            `id '${id}' is also used at ${seen.get(id)}`,
            "give every item of the space its own id",
          );
        } else {
          seen.set(id, formatPath(path));
        }
      });
    }
  }

  sorting(): void {
    const unsorted = (keys: string[][]) =>
      keys.some((k, i) => i > 0 && compareKeys(keys[i - 1] ?? [], k) > 0);
    for (const path of TABLE_COLLECTIONS) {
      const tables = listAt(this.doc, path);
      if (unsorted(tables.map((t) => [String(t["identifier"] ?? "")]))) {
        this.error(
          { path: [...path] },
          "sorted",
          `${path.join(".")} must be sorted by identifier`,
          SORT_FIX,
        );
      }
      tables.forEach((t, i) => {
        if (unsorted(listAt(t, ["column_configs"]).map((c) => [String(c["column_name"] ?? "")]))) {
          this.error(
            { path: [...path, i, "column_configs"] },
            "sorted",
            `${path[0]}.${path[1] === "tables" ? "table" : "metric_view"}(${String(t["identifier"])}).column_configs must be sorted by column_name`,
            SORT_FIX,
          );
        }
      });
    }
    for (const c of ID_COLLECTIONS) {
      if (unsorted(listAt(this.doc, c.path).map((item) => serverSortKey(c, item)))) {
        const by = c.sortBy === "id" ? "id" : "(id, identifier)";
        this.error(
          { path: [...c.path] },
          "sorted",
          `${c.path.join(".")} must be sorted by ${by}`,
          SORT_FIX,
        );
      }
    }
  }

  columnFlags(): void {
    const version = this.doc["version"];
    for (const path of TABLE_COLLECTIONS) {
      listAt(this.doc, path).forEach((t, i) =>
        listAt(t, ["column_configs"]).forEach((col, j) => {
          for (const [v1, v2] of Object.entries(V1_TO_V2_COLUMN_FLAGS)) {
            const [wrong, right] = version === 2 ? [v1, v2] : [v2, v1];
            if (wrong in col) {
              this.error(
                { path: [...path, i, "column_configs", j, wrong] },
                "column-flag-version",
                `'${wrong}' is a version ${version === 2 ? 1 : 2} column flag in a version ${String(version)} document`,
                `rename it to '${right}'`,
              );
            }
          }
        }),
      );
    }
  }

  /** Rules on content, for documents and for specs (after conversion). */
  content(): void {
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
        this.error({ path: [...path] }, "max-items", message, fix);
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
    for (const path of TABLE_COLLECTIONS) {
      listAt(this.doc, path).forEach((t, i) => {
        const where = { item: t, path: [...path, i], rest: ["identifier"] };
        const id = t["identifier"];
        if (typeof id !== "string") return;
        this.identifier(where, id);
        const key = identifierKey(id);
        const first = all.get(key);
        if (first !== undefined) {
          this.error(
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
            this.error(w, "required", "column_name must not be empty", "name the column");
          else if (first !== undefined)
            this.error(
              w,
              "duplicate",
              `column '${name}' is configured twice in '${String(t["identifier"])}' (also as '${first}'; column names are compared without case)`,
              "merge the two settings into one",
            );
          else names.set(name.toLowerCase(), name);
        });
      });
    }
    if (
      listAt(this.doc, TABLE_COLLECTIONS[0] ?? []).length > 0 &&
      listAt(this.doc, TABLE_COLLECTIONS[1] ?? []).length > 0
    ) {
      this.warn(
        { path: ["data_sources"] },
        "tables-and-metric-views",
        "the space has both tables and metric views, which the service does not support at the same time today",
        "use either tables or metric views",
      );
    }
  }

  private identifier(
    where: { item?: object; path: PathSegment[]; rest?: PathSegment[] },
    id: string,
  ): void {
    if (!isThreePartIdentifier(id)) {
      this.error(
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
          return this.error(where, "required", `the ${what} is empty`, "write the question");
        const first = seen.get(text.toLowerCase());
        if (first !== undefined)
          this.error(
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
        this.error(
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
          return this.error(
            where,
            "required",
            "parameter name must not be empty",
            "name the parameter",
          );
        if (names.has(name))
          this.error(
            where,
            "duplicate",
            `parameter '${name}' is declared twice`,
            "declare each parameter once",
          );
        names.add(name);
        if (!new RegExp(`:${escape(name)}\\b`).test(sql)) {
          this.warn(
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
      TABLE_COLLECTIONS.flatMap((p) => listAt(this.doc, p)).map((t) =>
        identifierKey(String(t["identifier"] ?? "")),
      ),
    );
    listAt(this.doc, ["instructions", "join_specs"]).forEach((j, i) => {
      const base = ["instructions", "join_specs", i];
      for (const side of ["left", "right"] as const) {
        const src = j[side];
        if (!isObject(src)) continue;
        const id = typeof src["identifier"] === "string" ? src["identifier"] : "";
        this.identifier({ item: j, path: base, rest: [side, "identifier"] }, id);
        if (id !== "" && !inSpace.has(identifierKey(id))) {
          this.warn(
            { item: j, path: base, rest: [side] },
            "join-table",
            `the join names '${id}', which is not a table of the space`,
            "add the table to the space, or correct the join",
          );
        }
        if (typeof src["alias"] === "string" && src["alias"].trim() === "") {
          this.error(
            { item: j, path: base, rest: [side, "alias"] },
            "required",
            "the alias must not be empty",
            "give the table an alias",
          );
        }
      }
      const sql = textOf(j["sql"]);
      const condition = sql.replace(/\n?--rt=[^\n]*--\s*$/, "");
      if (condition.trim() === "")
        this.error(
          { item: j, path: base, rest: ["sql"] },
          "required",
          "the join condition is empty",
          "write the ON condition, e.g. a.id = b.a_id",
        );
      const rt = /--rt=FROM_RELATIONSHIP_TYPE_([A-Z_]*)--/.exec(sql);
      if (rt !== null && !(JOIN_RELATIONSHIPS as readonly string[]).includes(rt[1] ?? "")) {
        this.warn(
          { item: j, path: base, rest: ["sql"] },
          "join-relationship",
          `unknown relationship type '${rt[1]}'`,
          `use one of ${JOIN_RELATIONSHIPS.join(", ")}`,
        );
      }
    });
  }

  private snippetsAndFunctions(): void {
    for (const kind of ["filters", "expressions", "measures"]) {
      listAt(this.doc, ["instructions", "sql_snippets", kind]).forEach((s, i) => {
        if (textOf(s["sql"]).trim() === "") {
          this.error(
            { item: s, path: ["instructions", "sql_snippets", kind, i], rest: ["sql"] },
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
        this.error(
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
        this.error(
          { item: q, path: base, rest: ["question"] },
          "required",
          "the benchmark question is empty",
          "write the question",
        );
      else if (seen.has(text.toLowerCase()))
        this.error(
          { item: q, path: base, rest: ["question"] },
          "duplicate",
          `the benchmark question '${text}' is listed twice`,
          "remove one of the two",
        );
      seen.add(text.toLowerCase());
      const answers = Array.isArray(q["answer"]) ? q["answer"] : [];
      if (answers.length !== 1) {
        this.error(
          { item: q, path: base, rest: ["answer"] },
          "benchmark-answer",
          `a benchmark takes exactly one SQL answer, found ${answers.length}`,
          'give one answer: { format: "SQL", content: [...] }',
        );
      }
      answers.forEach((a, j) => {
        if (!isObject(a)) return;
        if (a["format"] !== "SQL")
          this.error(
            { item: q, path: base, rest: ["answer", j, "format"] },
            "benchmark-answer",
            `answer format must be "SQL", got ${JSON.stringify(a["format"])}`,
            'set format: "SQL"',
          );
        if (textOf(a["content"]).trim() === "")
          this.error(
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
    const walk = (node: unknown, path: PathSegment[]): void => {
      if (typeof node === "string" && node.length > LIMITS.stringChars) {
        this.error(
          { path },
          "max-length",
          `a string of ${node.length} characters; the limit is ${LIMITS.stringChars}`,
          "shorten the text",
        );
      } else if (Array.isArray(node)) {
        if (node.length > LIMITS.arrayItems)
          this.error(
            { path },
            "max-items",
            `a list of ${node.length} items; the limit is ${LIMITS.arrayItems}`,
            "shorten the list",
          );
        node.forEach((v, i) => walk(v, [...path, i]));
      } else if (isObject(node)) {
        for (const [k, v] of Object.entries(node)) walk(v, [...path, k]);
      }
    };
    walk(this.doc, []);
    const bytes = Buffer.byteLength(JSON.stringify(this.doc), "utf8");
    if (bytes > LIMITS.documentBytes) {
      this.error(
        { path: [] },
        "max-size",
        `the document is ${bytes} bytes; the service takes about ${LIMITS.documentBytes}`,
        "move content out, or split the space",
      );
    }
  }
}

/** Where a spec keeps the lists the document keeps elsewhere (item paths are mapped by origin). */
const SPEC_LISTS: [string, string][] = [
  ["data_sources.tables", "tables"],
  ["data_sources.metric_views", "metricViews"],
  ["config.sample_questions", "sampleQuestions"],
  ["instructions.example_question_sqls", "exampleSqls"],
  ["instructions.sql_functions", "sqlFunctions"],
  ["instructions.join_specs", "joins"],
  ["instructions.sql_snippets", "snippets"],
  ["benchmarks.questions", "benchmarks"],
];

function specListPath(path: string): string {
  for (const [wire, spec] of SPEC_LISTS) {
    if (path === wire || path.startsWith(wire + "[") || path.startsWith(wire + "."))
      return spec + path.slice(wire.length);
  }
  return path;
}

const SORT_FIX =
  "sort the list as the message says, or build the document with toSerializedSpace, which sorts it";

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/** `usage_guidance` -> `usageGuidance`, for paths that point into a friendly spec. */
function camel(path: string): string {
  return path
    .replace(/^answer\[\d+\]\.content/, "sql")
    .replace(/column_configs\[(\d+|"[^"]*")\]/g, "columns")
    .replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());
}
