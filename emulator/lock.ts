import { randomUUID } from "node:crypto";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";

/**
 * One emulator per data directory. Two emulators on one folder would each answer from their own
 * memory and overwrite each other's acknowledged writes (`npm run dev` beside
 * `npm run emulator -- --data-dir .genie-emulator`), so the second is refused. The lock is a file
 * naming the holder's process; a holder that died (killed with SIGKILL, or a crash) leaves it
 * behind, and it is taken over once that process is seen to be gone: the pid no longer runs, or
 * (on Linux) runs a process that started at another time, i.e. a reused pid.
 */
export const LOCK_FILE = "emulator.lock";

interface Holder {
  pid: number;
  host: string;
  /** The process's start time as the kernel tells it (Linux), to tell a reused pid apart. */
  start?: string;
  since: string;
  /** Tells two emulators of one process apart (a stop then a start on the same folder). */
  id: string;
}

export class DataDirInUse extends Error {}

/** Takes the directory's lock, or throws `DataDirInUse` naming who holds it. Returns the release. */
export function lockDataDir(dir: string): () => void {
  fs.mkdirSync(dir, { recursive: true });
  const lock = path.join(dir, LOCK_FILE);
  const me: Holder = {
    pid: process.pid,
    host: os.hostname(),
    ...startOf(process.pid),
    since: new Date().toISOString(),
    id: randomUUID(),
  };
  for (let attempt = 0; attempt < 20; attempt++) {
    if (place(lock, me)) return release(lock, me);
    const text = readText(lock);
    if (text === undefined) continue; // released between our two looks
    const holder = parseHolder(text);
    if (holder !== undefined && alive(holder)) throw inUse(dir, lock, holder);
    // A dead holder's lock (or an unreadable one): only one of several starting emulators may
    // replace it, so the replacement is itself guarded.
    if (!takeOver(lock, me, text)) pause(20);
  }
  throw new DataDirInUse(
    `the data directory ${dir} is being locked by other emulators starting at the same time; try again`,
  );
}

function inUse(dir: string, lock: string, h: Holder): DataDirInUse {
  const who = h.pid === process.pid ? "this process" : `process ${h.pid} on ${h.host}`;
  return new DataDirInUse(
    `the data directory ${dir} is in use by another emulator (${who}, since ${h.since}); ` +
      `stop it, or pass another --data-dir. If no emulator runs there, delete ${lock}.`,
  );
}

/** Creates the lock file whole or not at all (a hard link of a written file never exists half). */
function place(lock: string, me: Holder): boolean {
  const tmp = `${lock}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
  fs.writeFileSync(tmp, JSON.stringify(me));
  try {
    fs.linkSync(tmp, lock);
    return true;
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === "EEXIST" || code === "ENOENT") return false;
    throw e;
  } finally {
    fs.rmSync(tmp, { force: true });
  }
}

function readText(file: string): string | undefined {
  try {
    return fs.readFileSync(file, "utf8");
  } catch {
    return undefined;
  }
}

function parseHolder(text: string): Holder | undefined {
  try {
    const h = JSON.parse(text) as Holder;
    return typeof h.pid === "number" ? h : undefined;
  } catch {
    return undefined;
  }
}

/** Removes the stale lock under a guard; false when another starter holds the guard. */
function takeOver(lock: string, me: Holder, staleText: string): boolean {
  const guard = `${lock}.takeover`;
  if (!place(guard, me)) {
    const text = readText(guard);
    const other = text === undefined ? undefined : parseHolder(text);
    // The guard of a starter that died while holding it (a window of microseconds).
    if (text !== undefined && (other === undefined || !alive(other)))
      fs.rmSync(guard, { force: true });
    return false;
  }
  try {
    // Still the lock judged stale, not one a faster starter placed meanwhile.
    if (readText(lock) === staleText) fs.rmSync(lock, { force: true });
    return true;
  } finally {
    fs.rmSync(guard, { force: true });
  }
}

/** Start-up only: waits a moment for another starter without giving up the thread's state. */
function pause(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

function alive(h: Holder): boolean {
  // Another machine's process (a shared folder) cannot be checked: taken as alive.
  if (h.host !== os.hostname()) return true;
  try {
    process.kill(h.pid, 0);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== "EPERM") return false;
  }
  const start = startOf(h.pid).start;
  return h.start === undefined || start === undefined || start === h.start;
}

/** Field 22 of /proc/<pid>/stat: when the process started, in clock ticks since boot. */
function startOf(pid: number): { start?: string } {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
    const start = stat.slice(stat.lastIndexOf(")") + 2).split(" ")[19];
    return start === undefined ? {} : { start };
  } catch {
    return {};
  }
}

function release(lock: string, me: Holder): () => void {
  let released = false;
  const onExit = () => free();
  const free = () => {
    if (released) return;
    released = true;
    process.off("exit", onExit);
    const text = readText(lock);
    if (text !== undefined && parseHolder(text)?.id === me.id) fs.rmSync(lock, { force: true });
  };
  process.on("exit", onExit);
  return free;
}
