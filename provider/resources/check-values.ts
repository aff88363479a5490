import type * as pulumi from "@pulumi/pulumi";
import { describe } from "../model/serialize";
import { UNSAFE_KEYS } from "../model/safe-keys";
import { UNKNOWN } from "./inputs";
import { INVALID_TEXT, LONE_FIX } from "./invalid-text";

/**
 * What the `check` of both resources share: a collector of failures (each with its property path,
 * what was found, what is expected and a fix) and the rules for ids and names that the server
 * refuses and that can be known without a call.
 */
export class Failures {
  readonly list: pulumi.dynamic.CheckFailure[] = [];

  add(property: string, reason: string, fix?: string): void {
    this.list.push({ property, reason: fix === undefined ? reason : `${reason} (fix: ${fix})` });
  }
}

/**
 * A check's result as the engine is given it: every failure on the empty property, its path
 * leading the reason. Pulumi prints a failure on a property as `<type> resource '<name>'s property
 * '<P>' value <V> has a problem: <reason>`, where V is the input's whole value looked up by P as one
 * top-level key (pulumi/pulumi pkg/resource/deploy, issueCheckFailures, diagnostic 2003): for
 * `serializedSpace` a document of megabytes, printed twice in a preview (issue #24), and `{<nil>}`
 * for a nested path such as `space.tables[0]` (issue #22). On the empty property it prints
 * `<type> resource '<name>' has a problem: <reason>` (diagnostic 2002), nothing of the value.
 * The pure check functions keep the path as the property, for tests and other hosts.
 */
export function forEngine(result: pulumi.dynamic.CheckResult): pulumi.dynamic.CheckResult {
  const failures = result.failures?.map((f) => ({
    property: "",
    reason: f.property === "" ? f.reason : `${f.property}: ${f.reason}`,
  }));
  return { ...withoutInvalidText(result), ...(failures === undefined ? {} : { failures }) };
}

/**
 * The checked inputs without the constructor's INVALID_TEXT, once check has judged it: the engine
 * shows the difference between the old and the checked inputs, and while an input is unknown in
 * a preview this one is too, so every such preview read `[diff: +invalidText ...]` for nothing.
 * When it is known again (at the update) check refuses what it holds, as before.
 */
function withoutInvalidText(result: pulumi.dynamic.CheckResult): pulumi.dynamic.CheckResult {
  const inputs = result.inputs as Record<string, unknown> | undefined;
  if (inputs === undefined || !Object.hasOwn(inputs, INVALID_TEXT)) return result;
  const rest = { ...inputs };
  delete rest[INVALID_TEXT];
  return { ...result, inputs: rest };
}

/**
 * What the constructor found of half characters (unicode-inputs.ts, INVALID_TEXT), each refused
 * at its property. Unknown during a preview whose values come later: checked again before the
 * update, as every unknown is.
 */
export function invalidText(v: unknown, failures: Failures): void {
  if (!Array.isArray(v)) return;
  for (const f of v as unknown[])
    if (isRecord(f) && typeof f["property"] === "string" && typeof f["reason"] === "string")
      failures.add(f["property"], `${f["property"]} ${f["reason"]}`, LONE_FIX);
}

/** A plain object: not null, not a list. */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/**
 * A value to quote in a message: JSON (so spaces, line breaks and NUL show), with what JSON leaves
 * raw but a terminal acts on escaped too (DEL, C1 controls, bidi overrides), cut when long.
 */
export function shown(value: unknown): string {
  if (typeof value !== "string") return describe(value);
  if (value.length <= 40) return safeJson(value);
  return `${safeJson(value.slice(0, 24))}... (${value.length} characters)`;
}

function safeJson(value: string): string {
  return JSON.stringify(value).replace(
    /[\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g,
    (c) => `\\u${(c.codePointAt(0) ?? 0).toString(16).padStart(4, "0")}`,
  );
}

// eslint-disable-next-line no-control-regex -- control characters are exactly what is looked for
const CONTROL = /[\u0000-\u001f\u007f]/;

export const hasControlCharacter = (value: string): boolean => CONTROL.test(value);

/** Why `value` is not an id of `length` characters matching `pattern`, or undefined when it is one. */
export function idMismatch(value: string, length: number, pattern: RegExp): string | undefined {
  if (pattern.test(value)) return undefined;
  if (/\s/.test(value)) return `${shown(value)} holds spaces or line breaks`;
  if (CONTROL.test(value)) return `${shown(value)} holds a control character`;
  if (value.length !== length) return `${shown(value)} is ${value.length} characters long`;
  if (pattern.test(value.toLowerCase())) return `${shown(value)} has upper-case letters`;
  return `${shown(value)} has characters other than hex digits`;
}

/** Why a principal's name cannot be right (to follow the quoted name), or undefined. */
export function nameMismatch(value: string): string | undefined {
  if (value.trim() === "") return "is blank";
  if (CONTROL.test(value)) return "holds a control character";
  if (value.trim() !== value) return "has spaces around it";
  return undefined;
}

export const isUnknown = (value: unknown): boolean => value === UNKNOWN;

/**
 * Arguments the resource does not take. `__provider` is Pulumi's own; keys such as `__proto__`
 * are named as such (JavaScript treats them specially), the rest as unknown arguments.
 */
export function unknownArguments(
  news: Record<string, unknown>,
  known: readonly string[],
  failures: Failures,
  prefix = "",
): void {
  for (const key of Object.keys(news)) {
    if (known.includes(key) || (prefix === "" && key === "__provider")) continue;
    failures.add(
      `${prefix}${key}`,
      UNSAFE_KEYS.has(key)
        ? `the key '${key}' is refused: JavaScript treats it specially`
        : `unknown property '${key}'; expected one of ${known.join(", ")}`,
      "remove it or correct its spelling",
    );
  }
}
