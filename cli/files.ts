import * as fs from "node:fs";
import * as path from "node:path";

/**
 * Replaces a file's content all at once: written next to it, then renamed over it, so a failure
 * half-way (a full disk, a kill) leaves the old content whole. Through a symlink, the file it
 * points at is replaced; the file's mode is kept.
 */
export function writeFileAtomic(file: string, text: string): void {
  const target = fs.existsSync(file) ? fs.realpathSync(file) : file;
  const mode = fs.existsSync(target) ? fs.statSync(target).mode & 0o7777 : undefined;
  const temp = path.join(
    path.dirname(target),
    `.${path.basename(target)}.genie-${process.pid}.tmp`,
  );
  try {
    fs.writeFileSync(temp, text, mode === undefined ? {} : { mode });
    fs.renameSync(temp, target);
  } catch (e) {
    fs.rmSync(temp, { force: true });
    throw e;
  }
}
