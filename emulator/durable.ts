import * as fs from "node:fs";
import * as path from "node:path";

/**
 * Files that survive a kill at any moment and a full disk: each file is written whole to a
 * temporary name, flushed and renamed over the old one; a change of several files goes through a
 * journal first (written the same way), so after a crash either all of it or none of it is there.
 * The rename is the commit point: before it a failure changes nothing, after it the change is
 * durable even if applying the journal fails (it is applied again before the next write, or at the
 * next start). Measured choice over an embedded database: docs/emulator-store.md.
 */

/** The file operations used, replaceable in tests that play a full disk or a failing fsync. */
export interface FileOps {
  openSync: typeof fs.openSync;
  writeSync: (fd: number, buffer: Buffer, offset: number, length: number) => number;
  fsyncSync: typeof fs.fsyncSync;
  closeSync: typeof fs.closeSync;
  renameSync: typeof fs.renameSync;
  unlinkSync: typeof fs.unlinkSync;
}

export const NODE_FILE_OPS: FileOps = {
  openSync: (...a) => fs.openSync(...a),
  writeSync: (fd, buffer, offset, length) => fs.writeSync(fd, buffer, offset, length),
  fsyncSync: (fd) => fs.fsyncSync(fd),
  closeSync: (fd) => fs.closeSync(fd),
  renameSync: (a, b) => fs.renameSync(a, b),
  unlinkSync: (p) => fs.unlinkSync(p),
};

/** One file of a change: its path inside the data directory and its new text (null: removed). */
export interface FileChange {
  file: string;
  text: string | null;
}

const JOURNAL = "journal.json";
let tmpSeq = 0;

export class DurableDir {
  /** A journal committed but not yet applied (a write failed after the commit point). */
  private pending: FileChange[] | undefined;

  constructor(
    readonly dir: string,
    private readonly ops: FileOps = NODE_FILE_OPS,
  ) {
    fs.mkdirSync(dir, { recursive: true });
  }

  /**
   * Makes the directory consistent before anything reads it: replays a committed journal and
   * removes the temporary files that failed writes and kills left behind. Call with the lock held.
   */
  recover(): void {
    const journal = path.join(this.dir, JOURNAL);
    if (fs.existsSync(journal)) {
      let changes: FileChange[];
      try {
        changes = (JSON.parse(fs.readFileSync(journal, "utf8")) as { changes: FileChange[] })
          .changes;
      } catch (e) {
        throw new Error(
          `emulator journal ${journal} is not valid JSON (${(e as Error).message}); move it away to start from the files as they are`,
        );
      }
      this.apply(changes);
    }
    sweepTemporaryFiles(this.dir);
  }

  /** The text of a file of the directory, or undefined when there is none. */
  read(file: string): string | undefined {
    try {
      return fs.readFileSync(path.join(this.dir, file), "utf8");
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === "ENOENT") return undefined;
      throw e;
    }
  }

  /** The names of the `.json` files in a subdirectory (none when it does not exist). */
  list(subdir: string): string[] {
    try {
      return fs.readdirSync(path.join(this.dir, subdir)).filter((f) => f.endsWith(".json"));
    } catch {
      return [];
    }
  }

  /**
   * Makes the changes durable, all or nothing. Throws when they could not be committed; the
   * directory is then as it was.
   */
  commit(changes: FileChange[]): void {
    if (this.pending !== undefined) {
      this.apply(this.pending); // throws while the disk still refuses: nothing new is committed
      this.pending = undefined;
    }
    if (changes.length === 0) return;
    if (changes.length === 1) return this.applyOne(changes[0] as FileChange);
    this.writeAtomic(JOURNAL, JSON.stringify({ changes }));
    try {
      this.apply(changes);
    } catch {
      // Committed: the journal holds the change and is applied before the next commit or start.
      this.pending = changes;
    }
  }

  private apply(changes: FileChange[]): void {
    for (const c of changes) this.applyOne(c);
    removeIfThere(this.ops, path.join(this.dir, JOURNAL));
    syncDirectory(this.dir);
  }

  private applyOne(c: FileChange): void {
    if (c.text === null) {
      removeIfThere(this.ops, path.join(this.dir, c.file));
      syncDirectory(path.dirname(path.join(this.dir, c.file)));
    } else this.writeAtomic(c.file, c.text);
  }

  /**
   * Writes `text` to `file` whole or not at all: a temporary file, every byte written (a short
   * write on a nearly full disk is an error, not a shorter file), flushed, renamed over the old one.
   */
  private writeAtomic(file: string, text: string): void {
    const target = path.join(this.dir, file);
    fs.mkdirSync(path.dirname(target), { recursive: true });
    const tmp = `${target}.${process.pid}.${tmpSeq++}.tmp`;
    const bytes = Buffer.from(text, "utf8");
    const fd = this.ops.openSync(tmp, "w", 0o600);
    try {
      try {
        for (let done = 0; done < bytes.length;) {
          const n = this.ops.writeSync(fd, bytes, done, bytes.length - done);
          if (!(n > 0)) throw new Error(`short write: ${done} of ${bytes.length} bytes written`);
          done += n;
        }
        this.ops.fsyncSync(fd);
      } finally {
        this.ops.closeSync(fd);
      }
      this.ops.renameSync(tmp, target);
    } catch (e) {
      removeIfThere(this.ops, tmp);
      throw e;
    }
    syncDirectory(path.dirname(target));
  }
}

function removeIfThere(ops: FileOps, file: string): void {
  try {
    ops.unlinkSync(file);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== "ENOENT") throw e;
  }
}

/** Flushes a directory's entries, so a rename survives a power cut (not possible everywhere). */
function syncDirectory(dir: string): void {
  let fd: number | undefined;
  try {
    fd = fs.openSync(dir, "r");
    fs.fsyncSync(fd);
  } catch {
    // Windows cannot open a directory; a kill (not a power cut) loses nothing without it.
  } finally {
    if (fd !== undefined) fs.closeSync(fd);
  }
}

/** Removes `*.tmp` files left by failed writes and kills, in the directory and one level down. */
export function sweepTemporaryFiles(dir: string): void {
  const entries = fs.readdirSync(dir, { withFileTypes: true });
  for (const e of entries) {
    const full = path.join(dir, e.name);
    if (e.isFile() && e.name.endsWith(".tmp")) fs.rmSync(full, { force: true });
    else if (e.isDirectory())
      for (const f of fs.readdirSync(full))
        if (f.endsWith(".tmp")) fs.rmSync(path.join(full, f), { force: true });
  }
}
