import * as fs from "node:fs";
import * as path from "node:path";
import { CliError } from "./args";

/** What a file held when the command looked at it; `undefined`: there was no file. */
export interface Seen {
  readonly text: string | undefined;
}

/** The file's text now, or undefined when there is none (a folder or an unreadable file throws). */
export function readIfThere(file: string): string | undefined {
  try {
    return fs.readFileSync(file, "utf8");
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw e;
  }
}

/** Looks at a file before the command's slow part (a network call), for {@link writeFileAtomic}. */
export function look(file: string): Seen {
  return { text: readIfThere(file) };
}

/**
 * A file that changed since the command read it, or since it last wrote it: the command leaves
 * it as it is rather than lose someone's work (exit 2).
 */
export class FileChangedError extends CliError {}

/**
 * Replaces a file's content all at once: written next to it, then renamed over it, so a failure
 * half-way (a full disk, a kill) leaves the old content whole. Through a symlink, the file it
 * points at is replaced; the file's mode is kept.
 *
 * With `seen`, the file must still hold what it held then (or still not exist): otherwise
 * nothing is written and {@link FileChangedError} says so. The last look is taken just before
 * the rename; a write landing between the two is the one case left, a window of microseconds
 * rather than the seconds a network call takes.
 */
export function writeFileAtomic(
  file: string,
  text: string,
  seen?: Seen,
  changed = (f: string) => `${f} changed while genie was writing it: left as it is`,
): void {
  const target = fs.existsSync(file) ? fs.realpathSync(file) : file;
  const mode = fs.existsSync(target) ? fs.statSync(target).mode & 0o7777 : undefined;
  const temp = path.join(
    path.dirname(target),
    `.${path.basename(target)}.genie-${process.pid}.tmp`,
  );
  try {
    fs.writeFileSync(temp, text, mode === undefined ? {} : { mode });
    if (seen !== undefined && readIfThere(target) !== seen.text)
      throw new FileChangedError(changed(file));
    fs.renameSync(temp, target);
  } catch (e) {
    fs.rmSync(temp, { force: true });
    throw e;
  }
}
