import { type Command, UsageError } from "../args";
import { connect } from "../connect";
import { printJson, table } from "../output";

export const list: Command = {
  name: "list",
  usage: "",
  brief: "the spaces you can see: id, title, folder, warehouse",
  about:
    "Lists every Genie space you can see (all pages): id, title, folder and warehouse. Columns are\nmade safe for the terminal and cut at 60 characters; --json gives every value whole.",
  flags: "  --page-size N        spaces per request, 1 to 100 (default 100)",
  options: { "page-size": { type: "string" } },
  positionals: [0, 0],
  remote: true,
  async run(args, io) {
    const raw = args.values["page-size"];
    const pageSize = raw === undefined ? undefined : Number(raw);
    // The list pages by 100 at most (the emulator's cap, the SDKs' default); every page is read.
    if (pageSize !== undefined && !(Number.isInteger(pageSize) && pageSize >= 1 && pageSize <= 100))
      throw new UsageError(`--page-size takes a whole number from 1 to 100, got '${String(raw)}'`);
    const dbx = connect(args, io);
    const rows: { id: string; title: string; folder: string; warehouse: string }[] = [];
    for await (const s of dbx.genie.list({ ...(pageSize ? { pageSize } : {}) }))
      rows.push({
        id: s.space_id,
        title: s.title ?? "",
        folder: s.parent_path ?? "",
        warehouse: s.warehouse_id ?? "",
      });
    if (args.values["json"] === true) printJson(io, rows);
    else if (rows.length === 0) io.stdout.write("no Genie spaces\n");
    else
      io.stdout.write(
        table([
          ["ID", "TITLE", "FOLDER", "WAREHOUSE"],
          ...rows.map((r) => [r.id, r.title, r.folder, r.warehouse]),
        ]),
      );
    return 0;
  },
};
