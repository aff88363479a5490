import * as fs from "node:fs";
import * as path from "node:path";

const ROOT = path.join(__dirname, "..", "..");

/**
 * The first ```ts block after a heading (`## <heading>`) of a page of the docs (a path from the
 * repository's root, e.g. `docs/component.md`), as written there.
 */
export function docExample(page: string, heading: string): string {
  const text = fs.readFileSync(path.join(ROOT, page), "utf8");
  const from = text.indexOf(`## ${heading}`);
  const block = /```ts\n([\s\S]*?)```/.exec(text.slice(from));
  if (from < 0 || block === null)
    throw new Error(`no TypeScript example under "${heading}" in ${page}`);
  return block[1] as string;
}

/** A fenced block (` ```<lang> `) of a docs page's section, without its trailing blank lines. */
export function docBlock(page: string, heading: string, lang: string): string {
  const text = fs.readFileSync(path.join(ROOT, page), "utf8");
  const from = text.indexOf(`## ${heading}`);
  if (from < 0) throw new Error(`no section "${heading}" in ${page}`);
  const match = new RegExp("```" + lang + "\\n([\\s\\S]*?)```").exec(text.slice(from));
  return (match?.[1] ?? "").trimEnd();
}
