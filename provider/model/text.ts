/**
 * Text and SQL travel as arrays of strings: one logical string split at newlines, each piece but
 * the last ending in "\n" (docs/api-behaviour.md, "The document"). GET returns them
 * re-split per line whatever was sent, so only the joined string carries meaning.
 */

/** Splits one string into the wire's per-line pieces. The empty string becomes no pieces. */
export function splitLines(text: string): string[] {
  if (text === "") return [];
  const pieces: string[] = [];
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    if (text.charCodeAt(i) === 10) {
      pieces.push(text.slice(start, i + 1));
      start = i + 1;
    }
  }
  if (start < text.length) pieces.push(text.slice(start));
  return pieces;
}

/** Joins wire pieces back into the logical string. */
export function joinLines(pieces: readonly string[]): string {
  return pieces.join("");
}

/** Accepts the friendly form (one string) or the wire form (pieces) and returns wire pieces. */
export function toLines(text: string | readonly string[]): string[] {
  return typeof text === "string" ? splitLines(text) : splitLines(joinLines(text));
}
