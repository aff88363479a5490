import * as fs from "node:fs";
import * as path from "node:path";
import { type Command, flag, keyValues, str, UsageError } from "../args";
import { asCliError, connect } from "../connect";
import { documentOf, readLive, stableJson } from "../live";
import { printJson, progress } from "../output";
import { templatized } from "../template";

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
    const variables = keyValues(str(args, "templatize"), "--templatize");
    const out = str(args, "output");
    if (flag(args, "all")) {
      if (args.positionals.length > 0) throw new UsageError("give a space id or --all, not both");
      if (out === undefined) throw new UsageError("--all needs -o DIR, the folder to write to");
      return exportAll(args, io, out, variables);
    }
    const id = args.positionals[0];
    if (id === undefined) throw new UsageError("missing argument: genie export <space-id>");
    const live = await readLive(connect(args, io), id);
    const text = stableJson(templatized(live.document, variables));
    if (out === undefined) io.stdout.write(text);
    else {
      fs.writeFileSync(out, text);
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
  variables: Record<string, string>,
): Promise<number> {
  const dbx = connect(args, io);
  const spaces = [];
  for await (const s of dbx.genie.list()) spaces.push(s);
  fs.mkdirSync(dir, { recursive: true });
  const bar = progress(io, spaces.length);
  const results: { id: string; title: string; file?: string; error?: string }[] = [];
  // A few at a time: the workspace's rate limit is shared, and the client retries 429s anyway.
  const queue = [...spaces];
  const worker = async () => {
    for (let s = queue.shift(); s !== undefined; s = queue.shift()) {
      const title = s.title ?? "";
      try {
        const info = await dbx.genie.get(s.space_id, { includeSerializedSpace: true });
        const file = path.join(dir, `${s.space_id}.geniespace.json`);
        fs.writeFileSync(file, stableJson(templatized(documentOf(info), variables)));
        results.push({ id: s.space_id, title, file });
      } catch (e) {
        if (e instanceof UsageError) throw e;
        results.push({ id: s.space_id, title, error: (asCliError(e) as Error).message });
      }
      bar.tick(title);
    }
  };
  await Promise.all([worker(), worker(), worker(), worker()]);
  bar.done();
  results.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const failed = results.filter((r) => r.error !== undefined);
  if (flag(args, "json")) printJson(io, results);
  else {
    for (const r of failed) io.stderr.write(`cannot export ${r.id} (${r.title}): ${r.error}\n`);
    io.stderr.write(
      `exported ${results.length - failed.length} of ${results.length} spaces to ${dir}\n`,
    );
  }
  return failed.length > 0 ? 1 : 0;
}
