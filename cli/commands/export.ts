import * as fs from "node:fs";
import * as path from "node:path";
import { type Command, flag, keyValues, str, UsageError } from "../args";
import { FileChangedError, look, writeFileAtomic } from "../files";
import { asCliError, connect } from "../connect";
import { documentOf, readLive, stableJson } from "../live";
import { printJson, progress } from "../output";
import { given, templatized, type Variables } from "../template";

export const exportCommand: Command = {
  name: "export",
  usage:
    "<space-id> [-o file.geniespace.json] [--templatize catalog=dev,schema=sales]\n       genie export --all -o dir/ [--templatize ...]",
  brief: "a space's document, stable for review, optionally with ${placeholders}",
  about: `Writes the live document of a space, stable for review: version 2, keys sorted, 2-space
indent, a trailing newline. With --templatize, catalog and schema names become placeholders so
that one file deploys to every environment.`,
  flags: `  -o, --output PATH    write to this file (with --all: this folder, one <space-id>.geniespace.json
                       per space); default: standard output
  --templatize MAP     name=value pairs: whole catalog (1st part) and schema (2nd part) names of
                       three-part names, in identifiers, text and SQL, become \${name}. A variable
                       named catalog takes only 1st parts, one named schema only 2nd parts
  --all                every space you can see (progress on stderr when it is a terminal)`,
  notes: `Deploy the file with GenieSpace's serializedSpace and variables; check it with
\`genie validate FILE --vars catalog=prod,schema=sales\`.`,
  options: {
    output: { type: "string", short: "o" },
    templatize: { type: "string", multiple: true },
    all: { type: "boolean" },
  },
  positionals: [0, 1],
  remote: true,
  async run(args, io) {
    const variables = given(keyValues(str(args, "templatize"), "--templatize"));
    const out = str(args, "output");
    if (flag(args, "all")) {
      if (args.positionals.length > 0) throw new UsageError("give a space id or --all, not both");
      if (out === undefined) throw new UsageError("--all needs -o DIR, the folder to write to");
      return exportAll(args, io, out, variables);
    }
    const id = args.positionals[0];
    if (id === undefined) throw new UsageError("missing argument: genie export <space-id>");
    // Looked at before the space is read: a file someone writes meanwhile is theirs.
    const seen = out === undefined ? undefined : look(out);
    const live = await readLive(connect(args, io), id);
    const text = stableJson(templatized(live.document, variables));
    if (out === undefined) io.stdout.write(text);
    else {
      writeFileAtomic(out, text, seen, changedWhileRunning);
      if (flag(args, "json")) printJson(io, { id, file: out });
      else io.stderr.write(`exported ${id} (${live.info.title ?? ""}) to ${out}\n`);
    }
    return 0;
  },
};

async function exportAll(
  args: Parameters<Command["run"]>[0],
  io: Parameters<Command["run"]>[1],
  dir: string,
  variables: Variables,
): Promise<number> {
  const dbx = connect(args, io);
  const spaces = [];
  for await (const s of dbx.genie.list()) spaces.push(s);
  fs.mkdirSync(dir, { recursive: true });
  const bar = progress(io, spaces.length);
  const results: { id: string; title: string; file?: string; error?: string }[] = [];
  let changed = 0;
  // A few at a time: the workspace's rate limit is shared, and the client retries 429s anyway.
  const queue = [...spaces];
  const worker = async () => {
    for (let s = queue.shift(); s !== undefined; s = queue.shift()) {
      const title = s.title ?? "";
      try {
        const file = path.join(dir, `${s.space_id}.geniespace.json`);
        const seen = look(file);
        const info = await dbx.genie.get(s.space_id, { includeSerializedSpace: true });
        const text = stableJson(templatized(documentOf(info), variables));
        writeFileAtomic(file, text, seen, changedWhileRunning);
        results.push({ id: s.space_id, title, file });
      } catch (e) {
        if (e instanceof UsageError) throw e;
        if (e instanceof FileChangedError) changed++;
        results.push({ id: s.space_id, title, error: (asCliError(e) as Error).message });
      }
      bar.tick(title);
    }
  };
  await Promise.all([worker(), worker(), worker(), worker()]);
  bar.done();
  results.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const failed = results.filter((r) => r.error !== undefined);
  const stale = staleFiles(dir, new Set(spaces.map((s) => s.space_id)));
  if (flag(args, "json"))
    printJson(io, [...results, ...stale.map((s) => ({ ...s, stale: true as const }))]);
  else {
    for (const r of failed) io.stderr.write(`cannot export ${r.id} (${r.title}): ${r.error}\n`);
    io.stderr.write(
      `exported ${results.length - failed.length} of ${results.length} spaces to ${dir}\n`,
    );
    for (const s of stale)
      io.stderr.write(
        `${s.file} is of space ${s.id}, which you no longer see (trashed, or no longer shared with you): left in place; delete it if it is no longer wanted\n`,
      );
  }
  // A file changed under the command is exit 2, as for one space; other failures are exit 1.
  return changed > 0 ? 2 : failed.length > 0 ? 1 : 0;
}

const EXPORTED = /^([0-9a-f]{32})\.geniespace\.json$/;

/**
 * Files the folder holds under the name export gives a space (`<space-id>.geniespace.json`) whose
 * space was not listed: a space trashed or unshared since an earlier export. They are named, not
 * deleted: nothing tells a file this command wrote from one a person edited or put there.
 */
function staleFiles(dir: string, listed: ReadonlySet<string>): { id: string; file: string }[] {
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .map((e) => ({ e, id: EXPORTED.exec(e.name)?.[1] }))
    .filter((x): x is { e: fs.Dirent; id: string } => x.id !== undefined && !listed.has(x.id))
    .filter(({ e }) => e.isFile() || e.isSymbolicLink())
    .map(({ e, id }) => ({ id, file: path.join(dir, e.name) }))
    .sort((a, b) => (a.id < b.id ? -1 : 1));
}

function changedWhileRunning(file: string): string {
  return `${file} changed while genie export was reading the space: left as it is; run genie export again to replace it`;
}
