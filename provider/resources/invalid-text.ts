/**
 * What a constructor hands `check` about text it had to mend (unicode-inputs.ts): an internal
 * input, never in a state, since check refuses any resource that carries one. Kept apart so that
 * check loads nothing of the program's side, and the program nothing of check's.
 */
export const INVALID_TEXT = "invalidText";

/** One finding: the input's path, and what is wrong there. */
export interface InvalidText {
  property: string;
  reason: string;
}

export const LONE_FIX =
  'cut text at whole characters (e.g. Array.from(text).slice(0, n).join("")): half a character cannot be sent to the engine';
