import {
  ClientConfigError,
  type Databricks,
  NotFoundError,
  PermissionDeniedError,
  UnauthenticatedError,
} from "../../provider/client";
import { canonicalize, diffSpaces, formatDifferences, stableStringify } from "../../provider/model";
import { looksLikeDocument } from "../../provider/model/serialize";
import { specFromDocument } from "../../provider/model/spec-from-document";
import { CliError, type Command, flag, type Io, keyValues, str, UsageError } from "../args";
import { asCliError, connect } from "../connect";
import { FileChangedError, readIfThere, writeFileAtomic } from "../files";
import { BEGIN, blockOptions, END, spaceBlock } from "../generate-code";
import { type LiveSpace, readLive, stableJson } from "../live";
import { printJson } from "../output";
import { fileVariables, given, templatized, type Variables } from "../template";

export const pull: Command = {
  name: "pull",
  usage: "<space-id> <file> [--vars catalog=dev,...] [--watch [--interval SECONDS]]",
  brief: "rewrite a file from the live space, keeping its ${placeholders}",
  about: `Rewrites a file from the live space, keeping its placeholders, so an edit made in the UI
becomes a diff to review: a .geniespace.json (document or spec), or the genie:begin/end block
of a program written by \`genie generate\`. The placeholders' values come from --vars, the
program's genie:begin line, or the file itself against the live space
(\${catalog}.sales.orders against dev.sales.orders: catalog=dev). A missing file is made as
\`genie export\` would; a file already up to date is left alone. The file is written aside and
renamed, never over a change made since it was read (docs/cli.md).`,
  flags: `  --vars MAP           the placeholders' values in this space, instead of inferring them
  --watch              keep running: poll the space's etag, rewrite on change, until SIGINT or
                       SIGTERM (then exit 0); a file changed since it last wrote it is left as
                       it is and the watch stops (exit 2); a failed write is tried again
  --interval SECONDS   time between polls with --watch, 0.01 to 2147483 (default 10)`,
  options: {
    vars: { type: "string", multiple: true },
    watch: { type: "boolean" },
    interval: { type: "string" },
  },
  positionals: [2, 2],
  remote: true,
  async run(args, io) {
    const [id, file] = args.positionals as [string, string];
    const raw = str(args, "vars");
    const pairs = raw === undefined ? undefined : given(keyValues(raw, "--vars"));
    const watching = flag(args, "watch");
    const everyMs = intervalMs(str(args, "interval"));
    const dbx = connect(args, io);
    let live = await readLive(dbx, id);
    // Settled at the first look: later rewrites keep the same placeholders.
    let settled: { variables: Variables } | undefined =
      pairs === undefined ? undefined : { variables: pairs };
    // What of the file this command last wrote (or found up to date): the whole file, or a
    // program's genie block. Someone else's edit of it is never written over.
    let owned: string | undefined;
    const write = (why: string) => {
      const before = readIfThere(file);
      if (owned !== undefined && ownedPart(file, before) !== owned)
        throw new FileChangedError(
          `${file} changed since genie pull last wrote it: left as it is. Keep or undo that edit, then run genie pull again`,
        );
      const note = (text: string) => io.stderr.write(`${text}\n`);
      const { text, variables } = rewrite(file, id, live, settled, before, note);
      settled = { variables };
      const rewritten = before !== text;
      if (rewritten) writeFileAtomic(file, text, { text: before });
      owned = ownedPart(file, text);
      // --json: one object per line, each time the file is looked at (so --watch gives JSON lines).
      if (flag(args, "json")) printJson(io, { id, file, rewritten, etag: live.info.etag }, false);
      if (!rewritten) io.stderr.write(`${file} is up to date (${why})\n`);
      else io.stderr.write(`rewrote ${file} from ${id} (${why}, etag ${live.info.etag ?? "?"})\n`);
    };
    write("pulled");
    if (!watching) return 0;
    return watch(dbx, io, { id, file, everyMs, etag: live.info.etag }, (next) => {
      live = next;
      write("changed");
    });
  },
};

/** Polls more often than every 10 ms would only load the workspace. */
const MIN_INTERVAL_S = 0.01;
/** Node's timers hold at most 2^31-1 ms (about 24.8 days); a longer delay fires after 1 ms. */
const MAX_INTERVAL_S = Math.floor((2 ** 31 - 1) / 1000);

export function intervalMs(raw: string | undefined): number {
  const seconds = Number(raw ?? "10");
  if (!Number.isFinite(seconds) || seconds < MIN_INTERVAL_S || seconds > MAX_INTERVAL_S)
    throw new UsageError(
      `--interval takes a number of seconds from ${MIN_INTERVAL_S} to ${MAX_INTERVAL_S} (about 24.8 days), got '${raw}'`,
    );
  return Math.round(seconds * 1000);
}

/** The part of the file that pull writes: a program's genie block, or the whole file. */
function ownedPart(file: string, text: string | undefined): string | undefined {
  if (text === undefined || !file.endsWith(".ts")) return text;
  const block = findBlock(text.split("\n"));
  return block === undefined ? undefined : block.lines.join("\n");
}

/** The file's new text; throws a usage error when the placeholders' values cannot be told. */
function rewrite(
  file: string,
  id: string,
  live: LiveSpace,
  settled: { variables: Variables } | undefined,
  text: string | undefined,
  note: (text: string) => void,
): { text: string; variables: Variables } {
  if (file.endsWith(".ts")) return rewriteProgram(file, id, live, text, settled);
  let parsed: unknown = undefined;
  if (text !== undefined) {
    try {
      parsed = JSON.parse(text);
    } catch (e) {
      throw new UsageError(`${file} is not JSON: ${(e as Error).message}`);
    }
  }
  // A new file is made as export makes it: without variables.
  const variables = settled
    ? settled.variables
    : parsed === undefined
      ? undefined
      : fileVariables(file, parsed, live.document, note);
  const templated = templatized(live.document, variables);
  const asSpec = parsed !== undefined && !looksLikeDocument(parsed);
  if (!asSpec) return { text: stableJson(templated), variables };
  const spec = specFromDocument(templated);
  // The spec cannot say everything a document can (fields this package does not know, answers
  // that are not SQL): a spec that drops them would delete them from the space at the next deploy.
  const said = canonicalize(spec, variables === undefined ? {} : { variables });
  if (stableStringify(said) !== stableStringify(canonicalize(live.document))) {
    const lost = formatDifferences(diffSpaces(live.document, said));
    throw new UsageError(
      `${file} is a spec, and a spec cannot say all the live space says; left as it was. Pull into a .geniespace.json document instead. What the spec would drop:\n${lost}`,
    );
  }
  return { text: stableJson(spec), variables };
}

function findBlock(lines: string[]): { begin: number; end: number; lines: string[] } | undefined {
  const begin = lines.findIndex((l) => l.trim().startsWith(BEGIN.trim()));
  const end = lines.findIndex((l, i) => i > begin && l.trim() === END);
  if (begin < 0 || end < 0) return undefined;
  return { begin, end, lines: lines.slice(begin, end + 1) };
}

function rewriteProgram(
  file: string,
  id: string,
  live: LiveSpace,
  text: string | undefined,
  settled: { variables: Variables } | undefined,
): { text: string; variables: Variables } {
  const lines = (text ?? "").split("\n");
  const block = findBlock(lines);
  const options = block === undefined ? undefined : blockOptions(lines[block.begin] ?? "");
  if (block === undefined || options === undefined)
    throw new UsageError(
      `${file} has no block written by \`genie generate\` (// genie:begin ... // genie:end): make one with genie generate ${id} -o ${file}`,
    );
  if (options.spaceId !== id)
    throw new UsageError(`${file}'s block declares space ${options.spaceId}, not ${id}`);
  const variables = settled ? settled.variables : given(options.variables);
  const code = spaceBlock(live.info, templatized(live.document, variables), {
    ...options,
    variables,
  });
  const out = [...lines.slice(0, block.begin), code.code.trimEnd(), ...lines.slice(block.end + 1)];
  return { text: out.join("\n"), variables };
}

/**
 * Polls until SIGINT or SIGTERM. The etag moves only when the document changes
 * (docs/api-behaviour.md, "Etags"), so one GET per poll is all it costs. A failed poll, or a
 * failed write of the file, is reported and tried again at the next tick (the etag is taken as
 * seen only once the file is written): a long watch outlives a network blip or a full disk. A
 * failure that waiting cannot heal ({@link pollFailureIsFinal}, a usage error, a file changed
 * under it) ends the watch with exit 2.
 */
function watch(
  dbx: Databricks,
  io: Io,
  at: { id: string; file: string; everyMs: number; etag: string | undefined },
  changed: (live: LiveSpace) => void,
): Promise<number> {
  let etag = at.etag;
  return new Promise((resolve) => {
    let timer: NodeJS.Timeout | undefined;
    let stopped = false;
    const finish = (code: number) => {
      stopped = true;
      if (timer !== undefined) clearTimeout(timer);
      process.off("SIGINT", stop);
      process.off("SIGTERM", stop);
      resolve(code);
    };
    const stop = () => {
      io.stderr.write("stopped watching\n");
      finish(0);
    };
    const final = (e: unknown) => {
      io.stderr.write(`genie pull: ${(asCliError(e) as Error).message}; stopped watching\n`);
      finish(2);
    };
    process.on("SIGINT", stop);
    process.on("SIGTERM", stop);
    const tick = async () => {
      let next: LiveSpace | undefined;
      try {
        next = await readLive(dbx, at.id);
      } catch (e) {
        if (e instanceof UsageError || pollFailureIsFinal(e)) return final(e);
        io.stderr.write(`poll failed, trying again: ${(asCliError(e) as Error).message}\n`);
      }
      if (stopped) return; // told to stop while the poll was out: write nothing more
      if (next !== undefined && next.info.etag !== etag) {
        try {
          changed(next);
          etag = next.info.etag;
        } catch (e) {
          if (e instanceof UsageError || e instanceof CliError) return final(e);
          io.stderr.write(
            `cannot write ${at.file}, trying again at the next poll: ${(e as Error).message}\n`,
          );
        }
      }
      if (!stopped) timer = setTimeout(() => void tick(), at.everyMs);
    };
    io.stderr.write(`watching ${at.id} every ${at.everyMs / 1000}s (Ctrl-C to stop)\n`);
    timer = setTimeout(() => void tick(), at.everyMs);
  });
}

/**
 * Whether a failed poll ends the watch: the space is gone (404, trashed), or the credentials are
 * refused or do not reach it (401, 403, a bad config). Polling on would print the same failure
 * every interval, forever. Network failures, 429 and 5xx are retried at the next tick.
 */
export function pollFailureIsFinal(e: unknown): boolean {
  return (
    e instanceof NotFoundError ||
    e instanceof UnauthenticatedError ||
    e instanceof PermissionDeniedError ||
    e instanceof ClientConfigError
  );
}
