// `npm pack` and `npm publish` run `strip` before packing (prepack) and `restore` after (postpack).
//
// Why: npm 11 blocks the install scripts of dependencies by default, `prepare` included for
// sources other than the registry, and lists every blocked one after the install. Our `prepare`
// exists to build dist/ in a git clone (git installs pack the clone, running it there); a packed
// package already holds dist/, so in its package.json the script only makes a tarball install
// warn "pulumi-databricks-genie@0.1.0 (prepare: npm run build)" for nothing (issue #22).
//
// The manifest on disk is what npm packs, so it is rewritten for the length of the pack and put
// back after. The original is first copied aside (written whole, then renamed), so a pack killed
// in between loses nothing: the next `strip`, or `restore`, puts it back first.
import * as fs from "node:fs";
import * as path from "node:path";

const ROOT = path.join(__dirname, "..");
const MANIFEST = path.join(ROOT, "package.json");
const ASIDE = path.join(ROOT, "package.json.prepack");

/** The manifest as packed: the same text, without the scripts a packed package has no use for. */
export function packedManifest(text: string): string {
  const manifest = JSON.parse(text) as { scripts?: Record<string, string> };
  if (manifest.scripts !== undefined) delete manifest.scripts["prepare"];
  return `${JSON.stringify(manifest, null, 2)}\n`;
}

function writeWhole(file: string, text: string): void {
  const tmp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, text);
  fs.renameSync(tmp, file);
}

function restore(): void {
  if (fs.existsSync(ASIDE)) fs.renameSync(ASIDE, MANIFEST);
}

function strip(): void {
  restore();
  const text = fs.readFileSync(MANIFEST, "utf8");
  writeWhole(ASIDE, text);
  writeWhole(MANIFEST, packedManifest(text));
}

if (require.main === module) {
  const verb = process.argv[2];
  if (verb === "strip") strip();
  else if (verb === "restore") restore();
  else {
    process.stderr.write("usage: pack-manifest strip|restore\n");
    process.exit(2);
  }
}
