import * as fs from "node:fs";
import { formatProblem, type Problem, validateSpace } from "../../provider/model";
import { placeholdersIn } from "../../provider/model/templatize";
import { type Command, flag, type Io, keyValues, str, UsageError } from "../args";
import { asCliError, connect } from "../connect";
import { liveCheck } from "../live-check";
import { forPerson, printJson } from "../output";
import { type Found, walkFiles } from "../walk";

export const validate: Command = {
  name: "validate",
  usage:
    "<file|dir|-> [--vars catalog=prod,schema=sales] [--format text|github] [--live [--warehouse-id ID]]",
  brief: "every problem of documents or specs, with its path and a fix",
  about: `Checks space documents (v1 or v2) or friendly specs written as JSON against every rule the
server is known to enforce, and prints every problem with its path and a fix. With --live, also
looks up in the workspace what each file names: every table and metric view exists and you can
read it, every column setting names a column of its table, every SQL function exists, and the
warehouse exists. Exit 1 when any file has an error (warnings alone pass); 2 when the workspace
could not be asked.
  file                 a .geniespace.json file, or a spec as JSON
  dir                  every *.geniespace.json under it
  -                    standard input`,
  flags: `  --vars MAP           name=value pairs for \${placeholders}: checked as this environment gets
                       them (without it, placeholders are checked as written)
  --format FORMAT      text (default) or github: workflow commands (::error file=...::) that
                       GitHub Actions shows as annotations
  --live               look the files' tables, functions, columns and warehouse up in the workspace
  --warehouse-id ID    with --live: the warehouse the space will use (else the file's
                       warehouse_id, if it has one)`,
  options: {
    vars: { type: "string", multiple: true },
    format: { type: "string" },
    live: { type: "boolean" },
    "warehouse-id": { type: "string" },
  },
  positionals: [1, 1],
  remote: true,
  async run(args, io) {
    const format = str(args, "format") ?? "text";
    if (format !== "text" && format !== "github")
      throw new UsageError(`--format is text or github, got '${format}'`);
    const raw = str(args, "vars");
    const variables = raw === undefined ? undefined : keyValues(raw, "--vars");
    const files = await inputs(args.positionals[0] as string, io);
    const results = files.map((f) => {
      if ("unreadable" in f)
        return {
          file: f.name,
          valid: false,
          errors: [unreadable(f.unreadable)],
          warnings: [],
          held: [],
        };
      const r = validateSpace(f.text, variables === undefined ? {} : { variables });
      const held = variables === undefined ? placeholdersOf(f.text) : [];
      return { file: f.name, valid: r.valid, errors: r.errors, warnings: r.warnings, held };
    });
    const live = flag(args, "live");
    const warehouseId = str(args, "warehouse-id");
    if (warehouseId !== undefined && !live) throw new UsageError("--warehouse-id goes with --live");
    let unreachable = false;
    if (live) {
      let dbx: ReturnType<typeof connect> | undefined;
      for (const [i, f] of files.entries()) {
        if ("unreadable" in f) continue;
        dbx ??= connect(args, io);
        const found = await liveCheck(dbx, f.text, { variables, warehouseId }).catch((e) => {
          throw asCliError(e);
        });
        results[i]?.errors.push(...found.problems);
        if (found.problems.length > 0) (results[i] as { valid: boolean }).valid = false;
        unreachable ||= found.unreachable;
      }
    }
    if (args.values["json"] === true)
      printJson(
        io,
        results.map(({ held: _, ...r }) => r),
      );
    else
      for (const r of results) {
        const problems = [...r.errors, ...r.warnings];
        if (format === "github")
          problems.forEach((p) => io.stdout.write(forPerson(annotation(r.file, p))));
        else {
          const count = `${r.errors.length} error${r.errors.length === 1 ? "" : "s"}, ${r.warnings.length} warning${r.warnings.length === 1 ? "" : "s"}`;
          io.stdout.write(forPerson(`${r.file}: ${problems.length === 0 ? "ok" : count}\n`));
          for (const p of problems) io.stdout.write(forPerson(`  ${oneLine(formatProblem(p))}\n`));
        }
        if (r.held.length > 0)
          io.stderr.write(
            `${r.file} holds ${r.held.map((n) => `\${${n}}`).join(", ")}: checked as written; pass --vars to check it as an environment gets it\n`,
          );
      }
    return unreachable ? 2 : results.every((r) => r.valid) ? 0 : 1;
  },
};

async function inputs(arg: string, io: Io): Promise<Found[]> {
  if (arg === "-") return [{ name: "-", text: await readAll(io.stdin) }];
  let stat: fs.Stats;
  try {
    stat = fs.statSync(arg);
  } catch {
    throw new UsageError(`no such file or folder: ${arg}`);
  }
  if (!stat.isDirectory()) {
    try {
      return [{ name: arg, text: fs.readFileSync(arg, "utf8") }];
    } catch (e) {
      throw new UsageError(`cannot read ${arg}: ${(e as Error).message}`);
    }
  }
  const found = walkFiles(arg, (name) => name.endsWith(".geniespace.json"));
  if (found.length === 0) throw new UsageError(`no *.geniespace.json file under ${arg}`);
  return found;
}

function unreadable(why: string): Problem {
  return {
    path: "",
    rule: "unreadable",
    message: `cannot read it: ${why}`,
    fix: "make it a readable file, or move it out of the folder",
    severity: "error",
  };
}

/** A problem on one line: its message may quote text that holds line breaks. */
function oneLine(s: string): string {
  return s.replace(/\r?\n/g, "\\n");
}

function readAll(stream: NodeJS.ReadableStream): Promise<string> {
  return new Promise((resolve, reject) => {
    let text = "";
    stream.setEncoding("utf8");
    stream.on("data", (d: string) => (text += d));
    stream.on("end", () => resolve(text));
    stream.on("error", reject);
  });
}

function placeholdersOf(text: string): string[] {
  try {
    return placeholdersIn(JSON.parse(text));
  } catch {
    return [];
  }
}

/** A GitHub Actions workflow command (docs.github.com, "Workflow commands", error and warning). */
function annotation(file: string, p: Problem): string {
  const data = (s: string) => s.replace(/%/g, "%25").replace(/\r/g, "%0D").replace(/\n/g, "%0A");
  const prop = (s: string) => data(s).replace(/:/g, "%3A").replace(/,/g, "%2C");
  const where = p.path === "" ? "(document)" : p.path;
  return `::${p.severity} file=${prop(file)},title=${prop(`genie validate: ${p.rule}`)}::${data(`${where}: ${p.message} (fix: ${p.fix})`)}\n`;
}
