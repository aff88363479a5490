import { strict as assert } from "node:assert";
import { canonicalize, type GenieSpaceSpec, toSerializedSpace } from "../../provider";
import { COLLECTIONS, type Field, specName } from "../../provider/model/fields";
import { genieSpaceSpecSchema, specFields } from "../../provider/model/schema";
import { specFromDocument } from "../../provider/model/spec-from-document";

/** A property's object form where it has one (a table rather than its identifier). */
type Obj<T> = [Exclude<T, string | undefined>] extends [never] ? T : Exclude<T, string | undefined>;
/** Every optional property made required, all the way down: the compiler lists what is missing. */
type Full<T> = T extends readonly (infer E)[]
  ? Full<Obj<E>>[]
  : T extends object
    ? { [K in keyof T]-?: Full<Obj<T[K]>> }
    : T;

// Every property of the published GenieSpaceSpec, set: a property added to spec.ts without a value
// here does not compile.
const FULL: Full<GenieSpaceSpec> = {
  tables: [
    {
      identifier: "main.sales.orders",
      description: "Orders",
      columns: {
        amount: {
          description: "In EUR",
          synonyms: ["total"],
          exclude: true,
          enableFormatAssistance: true,
          enableEntityMatching: true,
        },
      },
    },
  ],
  metricViews: [
    {
      identifier: "main.sales.kpis",
      description: "KPIs",
      columns: {
        kpi: {
          description: "A KPI",
          synonyms: ["measure"],
          exclude: true,
          enableFormatAssistance: true,
          enableEntityMatching: true,
        },
      },
    },
  ],
  instructions: "Amounts are in EUR.",
  sampleQuestions: [{ question: "Revenue last month?", id: "0".repeat(31) + "1" }],
  exampleSqls: [
    {
      question: "Revenue by region",
      sql: "SELECT region, SUM(amount) FROM t WHERE y = :year GROUP BY region",
      parameters: [
        { name: "year", typeHint: "INTEGER", description: "Year", defaultValue: ["2026"] },
      ],
      usageGuidance: "For regional questions",
      id: "0".repeat(31) + "2",
    },
  ],
  sqlFunctions: [
    { identifier: "main.udf.fq", description: "Fiscal quarter", id: "0".repeat(31) + "3" },
  ],
  joins: [
    {
      left: { identifier: "main.sales.orders", alias: "o" },
      right: { identifier: "main.sales.kpis", alias: "k" },
      joinType: "LEFT JOIN",
      sql: "o.id = k.id",
      relationship: "MANY_TO_ONE",
      comment: "Orders to KPIs",
      instruction: "Use for KPIs",
      id: "0".repeat(31) + "4",
    },
  ],
  snippets: {
    filters: [snippet("5")],
    expressions: [snippet("6")],
    measures: [snippet("7")],
  },
  benchmarks: [
    { question: "How many orders?", sql: "SELECT COUNT(*) FROM t", id: "0".repeat(31) + "8" },
  ],
};

function snippet(n: string): Full<NonNullable<GenieSpaceSpec["snippets"]>>["filters"][number] {
  return {
    sql: `x > ${n}`,
    displayName: `Snippet ${n}`,
    alias: `s${n}`,
    synonyms: [`syn${n}`],
    instruction: "When asked",
    comment: "A note",
    id: "0".repeat(31) + n,
  };
}

/** The spec paths of every field of the table, `[]` marking list items (`exampleSqls[].parameters[].name`). */
function tablePaths(): string[] {
  const walk = (fields: readonly Field[], base: string): string[] =>
    specFields(fields).flatMap((f) => {
      const name = specName(f);
      if (name === undefined) return [];
      const here = `${base}.${name}`;
      if (f.form !== undefined || (f.kind !== "list" && f.kind !== "object")) return [here];
      const item = f.kind === "list" ? (f.keyedBy !== undefined ? `${here}.*` : `${here}[]`) : here;
      return [
        here,
        ...walk(
          (f.fields ?? []).filter((g) => g.wire !== f.keyedBy),
          item,
        ),
      ];
    });
  return COLLECTIONS.flatMap((c) =>
    c.single !== undefined ? [c.spec] : [c.spec, ...walk(c.fields, `${c.spec}[]`)],
  );
}

/** The paths set in a value, in the same notation (the keys of `columns` as `*`). */
function valuePaths(value: unknown, base = ""): string[] {
  if (Array.isArray(value))
    return value.flatMap((v) => (typeof v === "object" ? valuePaths(v, `${base}[]`) : []));
  if (typeof value !== "object" || value === null) return [];
  return Object.entries(value).flatMap(([k, v]) => {
    const here = base === "" ? k : `${base}.${k}`;
    if (k === "columns")
      return [here, ...Object.values(v as object).flatMap((c) => valuePaths(c, `${here}.*`))];
    return [here, ...valuePaths(v, here)];
  });
}

/** A path of the value the table describes, itself or as part of a field with a form of its own. */
const covered = (table: Set<string>, path: string): boolean =>
  path.split(".").some((_, i, parts) => table.has(parts.slice(0, i + 1).join(".")));

describe("the field table (model/fields.ts) and the published spec types agree", () => {
  it("the spec's schema, built from the table, accepts every property of GenieSpaceSpec", () => {
    const parsed = genieSpaceSpecSchema.safeParse(FULL);
    assert.ok(parsed.success, JSON.stringify(parsed.error?.issues));
  });

  it("every field of the table is a property of GenieSpaceSpec, and the other way round", () => {
    const fromValue = new Set(valuePaths(FULL).filter((p) => p !== "snippets"));
    const fromTable = new Set(tablePaths());
    assert.deepEqual(
      [...fromTable].filter((p) => !fromValue.has(p)),
      [],
      "in the table, not in GenieSpaceSpec",
    );
    assert.deepEqual(
      [...fromValue].filter((p) => !covered(fromTable, p)),
      [],
      "in GenieSpaceSpec, not in the table",
    );
  });

  it("a spec that sets every property reads back from its document meaning the same", () => {
    const back = specFromDocument(toSerializedSpace(FULL).document);
    assert.deepEqual(canonicalize(back), canonicalize(FULL));
  });
});
