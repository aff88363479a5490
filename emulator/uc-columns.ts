import type { StoredColumn } from "./platform";

/**
 * Column types as Unity Catalog reports them. The provider compares a declared type with the
 * `type_text` read back after lower-casing it and mapping a few aliases (terraform-provider-databricks,
 * catalog/resource_sql_table.go, `getColumnType`), so `type_text` here is the canonical lower-case
 * spelling: `BIGINT` -> `bigint`, `INTEGER` -> `int`, `DECIMAL(10, 2)` -> `decimal(10,2)`.
 */
const ALIASES: Record<string, string> = {
  integer: "int",
  long: "bigint",
  short: "smallint",
  byte: "tinyint",
  real: "float",
  dec: "decimal",
  numeric: "decimal",
};

/** Base type -> `type_name` (the SDK's ColumnTypeName) and the Spark JSON name in `type_json`. */
const BASES: Record<string, [string, string | undefined]> = {
  tinyint: ["BYTE", "byte"],
  smallint: ["SHORT", "short"],
  int: ["INT", "integer"],
  bigint: ["LONG", "long"],
  float: ["FLOAT", "float"],
  double: ["DOUBLE", "double"],
  decimal: ["DECIMAL", undefined],
  string: ["STRING", "string"],
  varchar: ["STRING", "string"],
  char: ["CHAR", "string"],
  boolean: ["BOOLEAN", "boolean"],
  binary: ["BINARY", "binary"],
  date: ["DATE", "date"],
  timestamp: ["TIMESTAMP", "timestamp"],
  timestamp_ntz: ["TIMESTAMP_NTZ", "timestamp_ntz"],
  interval: ["INTERVAL", undefined],
  array: ["ARRAY", undefined],
  map: ["MAP", undefined],
  struct: ["STRUCT", undefined],
  variant: ["VARIANT", "variant"],
};

export interface NormalType {
  type_text: string;
  type_name: string;
  precision?: number;
  scale?: number;
}

/** The canonical form of a declared type, or undefined for a type Databricks SQL does not have. */
export function normalizeType(declared: string): NormalType | undefined {
  const compact = declared
    .trim()
    .toLowerCase()
    .replace(/\s*([(),<>:])\s*/g, "$1")
    .replace(/\s+/g, " ");
  const m = /^([a-z_]+)(.*)$/.exec(compact);
  if (m === null) return undefined;
  const base = ALIASES[m[1] as string] ?? (m[1] as string);
  const rest = m[2] as string;
  const known = BASES[base];
  if (known === undefined) return undefined;
  if (base === "decimal") {
    const p = /^(?:\((\d+)(?:,(\d+))?\))?$/.exec(rest);
    if (p === null) return undefined;
    const precision = Number(p[1] ?? 10);
    const scale = Number(p[2] ?? 0);
    return { type_text: `decimal(${precision},${scale})`, type_name: "DECIMAL", precision, scale };
  }
  return { type_text: base + rest, type_name: known[0] };
}

/** A seed column (`type_name` only) as a stored one. */
export function seedColumn(c: { name: string; type_name: string; comment?: string }): StoredColumn {
  const t = normalizeType(c.type_name) ?? { type_text: "string", type_name: "STRING" };
  return {
    name: c.name,
    type_text: t.type_text,
    type_name: t.type_name,
    nullable: true,
    ...(c.comment === undefined ? {} : { comment: c.comment }),
  };
}

/**
 * A column as `GET /api/2.1/unity-catalog/tables/{name}` answers it. `nullable` is always sent (the
 * provider's column defaults to nullable, and a missing value would read as false); `partition_index`
 * only for partition columns (the provider takes its presence to mean "partitioned by").
 */
export function columnInfo(c: StoredColumn, position: number): Record<string, unknown> {
  const t = normalizeType(c.type_text);
  const metadata: Record<string, unknown> = {};
  if (c.comment !== undefined) metadata["comment"] = c.comment;
  if (c.identity !== undefined) {
    // Delta records identity columns in the field metadata; the provider reads them back from here.
    metadata["delta.identity.start"] = 1;
    metadata["delta.identity.step"] = 1;
    metadata["delta.identity.allowExplicitInsert"] = c.identity === "default";
  }
  const sparkName = BASES[c.type_text.replace(/[(<].*$/, "")]?.[1] ?? c.type_text;
  const out: Record<string, unknown> = {
    name: c.name,
    type_text: c.type_text,
    type_name: c.type_name,
    type_json: JSON.stringify({ name: c.name, type: sparkName, nullable: c.nullable, metadata }),
    position,
    nullable: c.nullable,
  };
  if (t?.precision !== undefined) {
    out["type_precision"] = t.precision;
    out["type_scale"] = t.scale;
  }
  if (c.comment !== undefined) out["comment"] = c.comment;
  if (c.partition_index !== undefined) out["partition_index"] = c.partition_index;
  return out;
}
