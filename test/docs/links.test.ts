import { strict as assert } from "node:assert";
import * as fs from "node:fs";
import * as path from "node:path";
import { anchors, brokenLinks, type Pages } from "../support/markdown-links";

const ROOT = path.join(__dirname, "..", "..");
const SKIP = new Set(["node_modules", "dist", ".git", "generated", "sdks", "venv", ".pulumi"]);

/** Every Markdown page of the repository, by path from the root. */
function pages(dir = ""): Pages {
  const out: Pages = new Map();
  for (const entry of fs.readdirSync(path.join(ROOT, dir), { withFileTypes: true })) {
    const rel = dir === "" ? entry.name : `${dir}/${entry.name}`;
    if (entry.isDirectory() && !SKIP.has(entry.name)) for (const p of pages(rel)) out.set(...p);
    else if (entry.isFile() && entry.name.endsWith(".md"))
      out.set(rel, fs.readFileSync(path.join(ROOT, rel), "utf8"));
  }
  return out;
}

describe("links between the repository's pages", () => {
  it("every relative link of every page leads to a file that is there, and to a heading it has", () => {
    const all = pages();
    assert.ok(all.has("README.md") && all.has("docs/cli.md"), "the pages were found");
    assert.deepEqual(
      brokenLinks(all, (f) => fs.existsSync(path.join(ROOT, f))),
      [],
    );
  });

  it("finds a link to a missing page and to a missing heading (the check itself)", () => {
    const found = brokenLinks(
      new Map([
        ["README.md", "[a](docs/a.md#there) [b](docs/gone.md) [c](docs/a.md#not-there) `[d](x)`"],
        ["docs/a.md", "# A\n## There\n```md\n[e](nowhere.md)\n```\n"],
      ]),
      (f) => f === "README.md" || f === "docs/a.md",
    );
    assert.deepEqual(
      found.map((b) => b.target),
      ["docs/gone.md", "docs/a.md#not-there"],
    );
  });

  it("names headings as GitHub does: code marks and punctuation dropped, repeats numbered", () => {
    assert.deepEqual(
      [
        ...anchors(
          "## `pull --watch` when the file changes under it\n## Exit codes\n## Exit codes\n",
        ),
      ],
      ["pull---watch-when-the-file-changes-under-it", "exit-codes", "exit-codes-1"],
    );
  });
});
