import * as fs from "node:fs";
import { diffSpaces, formatDifferences, SpaceValidationError } from "../../provider/model";
import { canonicalize } from "../../provider/model";
import { type Command, keyValues, str, UsageError } from "../args";
import { connect } from "../connect";
import { readLive } from "../live";
import { forPerson, printJson } from "../output";
import { fileVariables, given } from "../template";

export const diff: Command = {
  name: "diff",
  usage: "<space-id> <file> [--vars catalog=prod,schema=sales]",
  brief: "what differs, by meaning, between a live space and a file",
  about: `Compares the live space with a file (a document or a spec as JSON) by meaning: re-sorted lists,
re-split text and new ids are not differences. Each line reads as what deploying the file
would change: \`~ path: live => file\`, \`+ path\` only in the file, \`- path\` only in the space.
Exit 1 when they differ.`,
  flags: `  --vars MAP           values for the file's \${placeholders} (without it: inferred from the
                       live space, as genie pull infers them)`,
  options: { vars: { type: "string", multiple: true } },
  positionals: [2, 2],
  remote: true,
  async run(args, io) {
    const [id, file] = args.positionals as [string, string];
    const raw = str(args, "vars");
    const pairs = raw === undefined ? undefined : given(keyValues(raw, "--vars"));
    const text = readFile(file);
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch (e) {
      throw new UsageError(`${file} is not JSON: ${(e as Error).message}`);
    }
    const live = await readLive(connect(args, io), id);
    // Without --vars, the file's variables are inferred as pull infers them (template.ts).
    const note = (text: string) => io.stderr.write(`${text}\n`);
    const variables = pairs ?? fileVariables(file, parsed, live.document, note);
    if (pairs === undefined && variables !== undefined)
      io.stderr.write(
        `${file} compared with ${describeVariables(variables)} (inferred from the live space; --vars to give others)\n`,
      );
    let declared;
    try {
      declared = canonicalize(parsed, variables === undefined ? {} : { variables });
    } catch (e) {
      if (e instanceof SpaceValidationError)
        throw new UsageError(`${file} cannot be read as a space: ${e.message}`);
      throw e;
    }
    const diffs = diffSpaces(live.document, declared);
    if (args.values["json"] === true) printJson(io, diffs);
    else if (diffs.length === 0) io.stdout.write("no differences\n");
    else io.stdout.write(forPerson(formatDifferences(diffs)) + "\n");
    return diffs.length === 0 ? 0 : 1;
  },
};

function describeVariables(variables: Record<string, string>): string {
  return Object.entries(variables)
    .map(([k, v]) => `${k}=${v}`)
    .join(",");
}

export function readFile(file: string): string {
  try {
    return fs.readFileSync(file, "utf8");
  } catch {
    throw new UsageError(`cannot read ${file}`);
  }
}
