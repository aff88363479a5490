import { type Command, keyValues, str, UsageError } from "../args";
import { connect } from "../connect";
import { look, writeFileAtomic } from "../files";
import { programFile, spaceBlock } from "../generate-code";
import { readLive } from "../live";
import { printJson } from "../output";
import { given, templatized } from "../template";
import { resourceName } from "../typescript";

const NAME = /^[A-Za-z][A-Za-z0-9_-]*$/;

export const generate: Command = {
  name: "generate",
  usage: "<space-id> [-o sales.ts] [--templatize catalog=dev,schema=sales] [--name N] [--stack S]",
  brief: "a Pulumi program (TypeScript) that adopts and declares a space",
  about: `Writes a Pulumi program (TypeScript) declaring the space as it is: new GenieSpace(...) with the
friendly spec, title, description, warehouse, folder, variables, and adoptSpaceId so that the
first \`pulumi up\` takes the space over instead of making a new one.`,
  flags: `  -o, --output FILE    write the program here (default: standard output)
  --templatize MAP     as for export: catalog and schema names become \${placeholders}, and the
                       program passes variables (config values, defaulting to these)
  --name NAME          the Pulumi resource name (default: from the title)
  --stack STACK        the stack whose first up adopts the space (default: dev); other stacks
                       create a space of their own`,
  notes: `The code between // genie:begin and // genie:end is what \`genie pull\` rewrites later.`,
  options: {
    output: { type: "string", short: "o" },
    templatize: { type: "string", multiple: true },
    name: { type: "string" },
    stack: { type: "string" },
  },
  positionals: [1, 1],
  remote: true,
  async run(args, io) {
    const variables = given(keyValues(str(args, "templatize"), "--templatize"));
    const stack = str(args, "stack") ?? "dev";
    for (const [flag, v] of [
      ["--name", str(args, "name")],
      ["--stack", stack],
    ] as const)
      if (v !== undefined && !NAME.test(v))
        throw new UsageError(`${flag} takes a letter, then letters, digits, - or _; got '${v}'`);
    const out = str(args, "output");
    // Looked at before the space is read: a file someone writes meanwhile is theirs.
    const seen = out === undefined ? undefined : look(out);
    const dbx = connect(args, io);
    const live = await readLive(dbx, args.positionals[0] as string);
    const name = str(args, "name") ?? resourceName(live.info.title ?? "");
    const options = { name, stack, variables };
    const block = spaceBlock(live.info, templatized(live.document, variables), options);
    const code = programFile(block.code, options, dbx.client.host);
    const json = args.values["json"] === true;
    if (out === undefined)
      if (json) printJson(io, { id: live.info.space_id, name, form: block.form, code });
      else io.stdout.write(code);
    else
      writeFileAtomic(
        out,
        code,
        seen,
        (f) =>
          `${f} changed while genie generate was reading the space: left as it is; run genie generate again to replace it`,
      );
    if (block.form === "serializedSpace")
      io.stderr.write(
        "the friendly spec cannot say everything this space's document says: the program declares the document itself (serializedSpace)\n",
      );
    if (out !== undefined) {
      if (json) printJson(io, { id: live.info.space_id, file: out, name, form: block.form });
      else io.stderr.write(`wrote ${out}: GenieSpace "${name}" (${block.form})\n`);
    }
    return 0;
  },
};
