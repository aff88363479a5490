import * as fs from "node:fs";
import { diffSpaces, formatDifferences, SpaceValidationError } from "../../provider/model";
import { canonicalize } from "../../provider/model";
import { placeholdersIn } from "../../provider/model/templatize";
import { type Command, keyValues, str, UsageError } from "../args";
import { connect } from "../connect";
import { readLive } from "../live";
import { printJson } from "../output";

export const diff: Command = {
  name: "diff",
  usage: "<space-id> <file> [--vars catalog=prod,schema=sales]",
  brief: "what differs, by meaning, between a live space and a file",
  about: `Compares the live space with a file (a document or a spec as JSON) by meaning: re-sorted lists,
re-split text and new ids are not differences. Each line reads as what deploying the file
would change: \`~ path: live => file\`, \`+ path\` only in the file, \`- path\` only in the space.
Exit 1 when they differ.`,
  flags: `  --vars MAP           values for the file's \${placeholders} (without it, compared as written)`,
  options: { vars: { type: "string", multiple: true } },
  positionals: [2, 2],
  remote: true,
  async run(args, io) {
    const [id, file] = args.positionals as [string, string];
    const raw = str(args, "vars");
    // Without --vars nothing is substituted, as in the model: Spark's own ${...} stay as written.
    const options = raw === undefined ? {} : { variables: keyValues(raw, "--vars") };
    const text = readFile(file);
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch (e) {
      throw new UsageError(`${file} is not JSON: ${(e as Error).message}`);
    }
    const held = raw === undefined ? placeholdersIn(parsed) : [];
    if (held.length > 0)
      io.stderr.write(
        `${file} holds ${held.map((n) => `\${${n}}`).join(", ")}, compared as written: pass --vars to compare it as an environment gets it\n`,
      );
    let declared;
    try {
      declared = canonicalize(parsed, options);
    } catch (e) {
      if (e instanceof SpaceValidationError)
        throw new UsageError(`${file} cannot be read as a space: ${e.message}`);
      throw e;
    }
    const live = await readLive(connect(args, io), id);
    const diffs = diffSpaces(live.document, declared);
    if (args.values["json"] === true) printJson(io, diffs);
    else if (diffs.length === 0) io.stdout.write("no differences\n");
    else io.stdout.write(formatDifferences(diffs) + "\n");
    return diffs.length === 0 ? 0 : 1;
  },
};

export function readFile(file: string): string {
  try {
    return fs.readFileSync(file, "utf8");
  } catch {
    throw new UsageError(`cannot read ${file}`);
  }
}
