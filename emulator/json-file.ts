import * as fs from "node:fs";
import * as path from "node:path";

let writes = 0;

/**
 * Writes `data` as JSON to `dir/file` atomically: a temporary file is written, flushed and renamed
 * over the old one, so a crash leaves either the old or the new content, never a torn file.
 */
export function writeJsonAtomic(dir: string, file: string, data: unknown): void {
  fs.mkdirSync(dir, { recursive: true });
  const target = path.join(dir, file);
  const tmp = `${target}.${process.pid}.${writes++}.tmp`;
  const fd = fs.openSync(tmp, "w", 0o600);
  try {
    fs.writeSync(fd, JSON.stringify(data));
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
  fs.renameSync(tmp, target);
}

/** The parsed content of `dir/file`, or undefined when there is no such file. */
export function readJson<T>(dir: string, file: string): T | undefined {
  const target = path.join(dir, file);
  let text: string;
  try {
    text = fs.readFileSync(target, "utf8");
  } catch {
    return undefined;
  }
  try {
    return JSON.parse(text) as T;
  } catch (e) {
    throw new Error(
      `emulator data file ${target} is not valid JSON (${(e as Error).message}); move it away to start afresh`,
    );
  }
}
