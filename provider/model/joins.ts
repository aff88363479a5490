import { lastPart } from "./identifiers";

/**
 * How a join spec says what the UI calls its relationship: a last SQL line
 * `--rt=FROM_RELATIONSHIP_TYPE_MANY_TO_ONE--`, with or without a newline before it
 * (docs/api-behaviour.md, "Join relationships"). The one home of that line's format.
 */
export type JoinRelationship = "ONE_TO_ONE" | "ONE_TO_MANY" | "MANY_TO_ONE" | "MANY_TO_MANY";
export const JOIN_RELATIONSHIPS: readonly JoinRelationship[] = [
  "ONE_TO_ONE",
  "ONE_TO_MANY",
  "MANY_TO_ONE",
  "MANY_TO_MANY",
];

/** The relationship line at the end of a join's SQL (joined text); group 1 is the type. */
export const RELATIONSHIP_LINE = /\n?--rt=FROM_RELATIONSHIP_TYPE_([A-Z_]+)--\s*$/;
/** Any relationship line, known type or not (validation reports unknown types). */
export const ANY_RELATIONSHIP = /--rt=FROM_RELATIONSHIP_TYPE_([A-Z_]*)--/;
/** The SQL without its trailing relationship line, however it is written. */
export const withoutRelationship = (sql: string): string => sql.replace(/\n?--rt=[^\n]*--\s*$/, "");

export function relationshipLine(type: string): string {
  return `--rt=FROM_RELATIONSHIP_TYPE_${type}--`;
}

/**
 * The aliases a spec leaves out: the table's name, with `_1` on the right when it would repeat the
 * left side's alias (a self-join, as the UI writes it).
 */
export function defaultAliases(
  left: string,
  right: string,
  leftAlias = lastPart(left),
): [string, string] {
  const r = lastPart(right);
  return [lastPart(left), r === leftAlias ? `${r}_1` : r];
}
