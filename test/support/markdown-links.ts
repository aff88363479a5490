import * as path from "node:path";

/** One link of a Markdown page that leads nowhere. */
export interface BrokenLink {
  page: string;
  target: string;
  why: string;
}

/** The pages to check, by path from the root (`docs/cli.md`), and their text. */
export type Pages = Map<string, string>;

/** Markdown without its fenced blocks: a `# x` in a code block is not a heading. */
function unfenced(text: string): string {
  return text.replace(/^(```|~~~)[^\n]*\n[\s\S]*?^\1[^\n]*$/gm, "");
}

/** Markdown without its code: a `[x](y)` in a code block or span is code, not a link. */
function prose(text: string): string {
  return unfenced(text).replace(/`[^`\n]*`/g, "");
}

/** The anchors GitHub gives a page's headings: lower case, punctuation dropped, spaces as hyphens. */
export function anchors(text: string): Set<string> {
  const seen = new Map<string, number>();
  const out = new Set<string>();
  for (const m of unfenced(text).matchAll(/^#{1,6}\s+(.+?)\s*#*\s*$/gm)) {
    const base = (m[1] as string)
      .toLowerCase()
      .replace(/[^\p{L}\p{N}\s_-]/gu, "")
      .replace(/\s/g, "-");
    const n = seen.get(base) ?? 0;
    seen.set(base, n + 1);
    out.add(n === 0 ? base : `${base}-${n}`);
  }
  return out;
}

/**
 * Every relative link of `pages` whose file is not there (`exists` answers for a path from the
 * root, a folder too) or whose `#anchor` is not a heading of the page it names.
 */
export function brokenLinks(pages: Pages, exists: (file: string) => boolean): BrokenLink[] {
  const broken: BrokenLink[] = [];
  for (const [page, text] of pages) {
    for (const m of prose(text).matchAll(/\]\(([^)\s]+)(?:\s+"[^"]*")?\)/g)) {
      const target = m[1] as string;
      if (/^[a-z][a-z0-9+.-]*:/i.test(target)) continue; // https:, mailto:
      const [file = "", anchor] = target.split("#");
      const resolved =
        file === "" ? page : path.posix.normalize(path.posix.join(path.posix.dirname(page), file));
      if (resolved.startsWith("..")) broken.push({ page, target, why: "leaves the tree" });
      else if (!exists(resolved)) broken.push({ page, target, why: `${resolved} is not there` });
      else if (anchor !== undefined && anchor !== "") {
        const linked = pages.get(resolved);
        if (linked === undefined) continue; // a page not checked here: its anchors are not known
        if (!anchors(linked).has(anchor))
          broken.push({ page, target, why: `${resolved} has no heading #${anchor}` });
      }
    }
  }
  return broken;
}
