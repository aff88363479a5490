import { type DatabricksError, NotFoundError } from "../client";
import { canonicalHash } from "./inputs";

/**
 * Trash and lost answers, as the resources meet them. A trashed space answers 404 "... has been
 * trashed" to writes at once, while GET keeps showing it for tens of seconds (docs/api-behaviour.md, "Trash"), so an
 * update can find out before a refresh does.
 */

/** The error of an update that found its space gone: what to run to recover. */
export function goneOnUpdate(e: unknown, spaceId: string): unknown {
  if (!(e instanceof NotFoundError)) return e;
  const how = /trash/i.test(e.apiMessage) ? "has been trashed" : "no longer exists";
  return new Error(
    `genie space ${spaceId} ${how} outside Pulumi (${e.apiMessage}). Run \`pulumi refresh\` to drop it from the state (the service may keep showing a trashed space for up to a minute; refresh again if it is still listed), then \`pulumi up\` to create it again.`,
  );
}

/** The error of a create whose new space could neither be read back nor trashed: names it. */
export function orphaned(spaceId: string, readError: unknown, trashError: unknown): Error {
  const why = (e: unknown) => ((e as DatabricksError)?.message ?? String(e)).split("\n")[0];
  return new Error(
    `genie space ${spaceId} was created, but reading it back failed (${why(readError)}) and trashing it failed too (${why(trashError)}). It is not in the Pulumi state: set adoptSpaceId: "${spaceId}" on the resource to manage it, or trash it in the workspace, then run \`pulumi up\` again.`,
  );
}

/** Compares two documents by meaning, for recognising the space a lost create made. */
export function sameDocument(sent: string, stored: string): boolean {
  try {
    return canonicalHash(sent) === canonicalHash(stored);
  } catch {
    return false;
  }
}
