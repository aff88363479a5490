import * as fs from "node:fs";
import * as path from "node:path";

/** A file the walk found, with its text, or why it could not be read. */
export type Found = { name: string; text: string } | { name: string; unreadable: string };

/**
 * Every file under `dir` whose name `wanted` accepts, in path order. Linked folders are never
 * gone into (a link back up made one walk repeat each file ~40 times and two made it run out of
 * memory, issue #24), and a folder reached twice (a bind mount) only once; a link to a file is
 * read. What cannot be read (a dangling link, EACCES, a pipe that would block the read) is given
 * back as such, and the walk goes on.
 */
export function walkFiles(dir: string, wanted: (name: string) => boolean): Found[] {
  const found: Found[] = [];
  const seen = new Set<string>();
  const visit = (folder: string) => {
    let entries: fs.Dirent[];
    try {
      const st = fs.statSync(folder);
      const key = `${st.dev}:${st.ino}`;
      if (seen.has(key)) return;
      seen.add(key);
      entries = fs.readdirSync(folder, { withFileTypes: true });
    } catch (e) {
      found.push({ name: folder, unreadable: reason(e) });
      return;
    }
    for (const e of entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
      const name = path.join(folder, e.name);
      if (e.isDirectory()) visit(name);
      else if (wanted(e.name) && (e.isFile() || e.isSymbolicLink())) found.push(read(name));
      else if (wanted(e.name) && !e.isSymbolicLink())
        found.push({ name, unreadable: "not a regular file (a pipe, socket or device)" });
    }
  };
  visit(dir);
  return found.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

function read(name: string): Found {
  try {
    const st = fs.statSync(name); // follows a link to a file
    if (st.isDirectory()) return { name, unreadable: "a link to a folder, not followed" };
    if (!st.isFile()) return { name, unreadable: "not a regular file (a pipe, socket or device)" };
    return { name, text: fs.readFileSync(name, "utf8") };
  } catch (e) {
    return { name, unreadable: reason(e) };
  }
}

function reason(e: unknown): string {
  const err = e as NodeJS.ErrnoException;
  if (err.code === "ENOENT") return `ENOENT: nothing there (a link to a file that is gone?)`;
  return err.message ?? String(e);
}
