import type { Adapter, SpecForm } from "./field-kinds";
import { defaultAliases, JOIN_RELATIONSHIPS, RELATIONSHIP_LINE, relationshipLine } from "./joins";
import { isObject } from "./json";
import { toLines } from "./text";

/**
 * The few fields a friendly spec writes in a form of its own, and their conversions both ways;
 * the field table (fields.ts) names which field takes which.
 */

/** One default is written as a string, several as a list. */
export const DEFAULT_VALUE_FORM = {
  accepts: "string-or-list",
  toDocument: (v) => ({ values: typeof v === "string" ? [v] : v }),
  toSpec: (v) => {
    const values = isObject(v) ? stringList(v["values"]) : undefined;
    return values?.length === 1 ? values[0] : values;
  },
} as const satisfies SpecForm;

/** A join side is an identifier, or an object when its alias is not the default one. */
export const JOIN_SIDE_FORM = {
  accepts: "join-side",
  toDocument: (v) => v,
  toSpec: (v) => v,
} as const satisfies SpecForm;

/** A join's relationship, a spec-only field: JOIN_ADAPTER writes it into the SQL. */
export const RELATIONSHIP_FORM = {
  accepts: JOIN_RELATIONSHIPS,
  toDocument: (v) => v,
  toSpec: (v) => v,
} as const satisfies SpecForm;

/** The server takes exactly one SQL answer per benchmark question: the spec gives just its SQL. */
export const SQL_ANSWER_FORM = {
  accepts: "string",
  toDocument: (v) => [{ format: "SQL", content: toLines(String(v)) }],
  toSpec: (v) => {
    const answer = Array.isArray(v) ? v.find((a) => isObject(a) && a["format"] === "SQL") : {};
    return isObject(answer) ? (joined(answer["content"]) ?? "") : "";
  },
} as const satisfies SpecForm;

/**
 * A join's sides get their default aliases, and its relationship becomes the last SQL line the UI
 * writes (docs/api-behaviour.md, "Join relationships"); and back.
 */
export const JOIN_ADAPTER: Adapter = {
  toDocument(spec, wire) {
    const side = (v: unknown) =>
      (typeof v === "string" ? { identifier: v } : v) as { identifier: string; alias?: string };
    const left = side(spec["left"]);
    const right = side(spec["right"]);
    const leftAlias = left.alias ?? defaultAliases(left.identifier, right.identifier)[0];
    const rightAlias =
      right.alias ?? defaultAliases(left.identifier, right.identifier, leftAlias)[1];
    wire["left"] = { identifier: left.identifier, alias: leftAlias };
    wire["right"] = { identifier: right.identifier, alias: rightAlias };
    const relationship = spec["relationship"];
    if (typeof relationship === "string") {
      // The condition's last line must end in "\n" for the pieces to stay lines.
      const sql = toLines(toLines(String(spec["sql"])).join("").replace(/\n?$/, "\n"));
      wire["sql"] = [...sql, relationshipLine(relationship)];
    }
  },
  toSpec(wire, spec) {
    const source = (s: unknown) => {
      const o = isObject(s) ? s : {};
      return { identifier: String(o["identifier"] ?? ""), alias: o["alias"] };
    };
    const left = source(wire["left"]);
    const right = source(wire["right"]);
    const [leftDefault, rightDefault] = defaultAliases(left.identifier, right.identifier);
    const side = (s: { identifier: string; alias: unknown }, byDefault: string) =>
      s.alias === byDefault || typeof s.alias !== "string" ? s.identifier : s;
    spec["left"] = side(left, leftDefault);
    spec["right"] = side(right, rightDefault);
    const sql = String(spec["sql"] ?? "");
    const m = RELATIONSHIP_LINE.exec(sql);
    if (m !== null) {
      spec["relationship"] = m[1];
      spec["sql"] = sql.slice(0, m.index);
    }
  },
};

/** Wire text (pieces) as one string; absent or empty text is no text. */
export function joined(value: unknown): string | undefined {
  const pieces = stringList(value);
  const out = pieces === undefined ? undefined : pieces.join("");
  return out === "" ? undefined : out;
}

export function stringList(value: unknown): string[] | undefined {
  return Array.isArray(value) && value.every((v) => typeof v === "string")
    ? (value as string[])
    : undefined;
}
