/**
 * The UTF-8 bytes `JSON.stringify` gives a value, counted piece by piece during a walk the size
 * rule makes anyway, instead of serializing the whole document once more (issue #13). Exact:
 * a string with anything JSON escapes in a way of its own is measured through JSON.stringify.
 */

// What JSON.stringify escapes other than "\n": quotes, backslashes, other control characters,
// and surrogates (a lone one becomes \udXXX; pairs, rare, take the exact path too).
// eslint-disable-next-line no-control-regex -- control characters are exactly what is looked for
const SPECIAL = /["\\\u0000-\u0009\u000b-\u001f\ud800-\udfff]/;

/** Bytes of `JSON.stringify(text)`. */
export function stringBytes(text: string): number {
  if (SPECIAL.test(text)) return Buffer.byteLength(JSON.stringify(text), "utf8");
  let newlines = 0;
  for (let i = text.indexOf("\n"); i !== -1; i = text.indexOf("\n", i + 1)) newlines++;
  // Quotes, the text, and one more byte for each newline written as \n.
  return Buffer.byteLength(text, "utf8") + newlines + 2;
}

/**
 * Bytes of a JSON scalar (number, boolean, null), or undefined for a value whose JSON this count
 * does not follow (a bigint, an object with toJSON, a class instance, ...): measure it whole.
 */
export function scalarBytes(value: unknown): number | undefined {
  if (value === null) return 4;
  if (typeof value === "boolean") return value ? 4 : 5;
  if (typeof value === "number") return (JSON.stringify(value) as string).length;
  return undefined;
}

/** Whether JSON.stringify writes `value` as an object or array by its own keys and items. */
export function plainContainer(value: object): boolean {
  const proto = Object.getPrototypeOf(value) as unknown;
  if (Array.isArray(value)) return proto === Array.prototype;
  return (proto === Object.prototype || proto === null) && !("toJSON" in value);
}

/** Whether an object's property of this value is left out of JSON (an array's item is `null`). */
export const omitted = (value: unknown): boolean =>
  value === undefined || typeof value === "function" || typeof value === "symbol";
