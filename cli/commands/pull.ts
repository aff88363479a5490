import * as fs from "node:fs";
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
import { inferVariables } from "../../provider/model/templatize";
import { type Command, flag, type Io, keyValues, str, UsageError } from "../args";
import { asCliError, connect } from "../connect";
import { writeFileAtomic } from "../files";
import { BEGIN, blockOptions, END, spaceBlock } from "../generate-code";
import { type LiveSpace, readLive, stableJson } from "../live";
import { printJson } from "../output";
import { templatized } from "../template";

export const pull: Command = {
  name: "pull",
  usage: "<space-id> <file> [--vars catalog=dev,...] [--watch [--interval SECONDS]]",
  brief: "rewrite a file from the live space, keeping its ${placeholders}",
  about: `Rewrites a file from the live space, keeping its placeholders, so an edit made in the UI
becomes a diff to review: a .geniespace.json (document or spec), or the genie:begin/end block
of a program written by \`genie generate\`. The placeholders' values come from --vars, the
program's genie:begin line, or the file itself against the live space
(\${catalog}.sales.orders against dev.sales.orders: catalog=dev). A missing file is made as
\`genie export\` would; a file already up to date is left alone.`,
  flags: `  --vars MAP           the placeholders' values in this space, instead of inferring them
  --watch              keep running: poll the space's etag, rewrite on change, until SIGINT or
                       SIGTERM (then exit 0)
  --interval SECONDS   time between polls with --watch (default 10)`,
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
    const given = raw === undefined ? undefined : keyValues(raw, "--vars");
    const interval = Number(str(args, "interval") ?? "10");
    if (!Number.isFinite(interval) || interval <= 0)
      throw new UsageError(`--interval takes a number of seconds, got '${str(args, "interval")}'`);
    const dbx = connect(args, io);
    let live = await readLive(dbx, id);
    let variables = given;
    const write = (why: string) => {
      const { text, vars } = rewrite(file, id, live, variables);
      variables = vars; // settled once: later rewrites keep the same placeholders
      const before = fs.existsSync(file) ? fs.readFileSync(file, "utf8") : undefined;
      const etag = live.info.etag;
      // --json: one object per line, each time the file is looked at (so --watch gives JSON lines).
      if (flag(args, "json")) printJson(io, { id, file, rewritten: before !== text, etag }, false);
      if (before === text) return io.stderr.write(`${file} is up to date (${why})\n`);
      writeFileAtomic(file, text);
      io.stderr.write(`rewrote ${file} from ${id} (${why}, etag ${live.info.etag ?? "?"})\n`);
    };
    write("pulled");
    if (!flag(args, "watch")) return 0;
    return watch(dbx, io, id, interval * 1000, live.info.etag, (next) => {
      live = next;
      write("changed");
    });
  },
};

/** The file's new text; throws a usage error when the placeholders' values cannot be told. */
function rewrite(
  file: string,
  id: string,
  live: LiveSpace,
  given: Record<string, string> | undefined,
): { text: string; vars: Record<string, string> } {
  const exists = fs.existsSync(file);
  const text = exists ? fs.readFileSync(file, "utf8") : undefined;
  if (file.endsWith(".ts")) return rewriteProgram(file, id, live, text, given);
  let parsed: unknown = undefined;
  if (text !== undefined) {
    try {
      parsed = JSON.parse(text);
    } catch (e) {
      throw new UsageError(`${file} is not JSON: ${(e as Error).message}`);
    }
  }
  const vars = given ?? inferred(file, parsed, live);
  const templated = templatized(live.document, vars);
  const asSpec = parsed !== undefined && !looksLikeDocument(parsed);
  if (!asSpec) return { text: stableJson(templated), vars };
  const spec = specFromDocument(templated);
  // The spec cannot say everything a document can (fields this package does not know, answers
  // that are not SQL): a spec that drops them would delete them from the space at the next deploy.
  const said = canonicalize(spec, Object.keys(vars).length === 0 ? {} : { variables: vars });
  if (stableStringify(said) !== stableStringify(canonicalize(live.document))) {
    const lost = formatDifferences(diffSpaces(live.document, said));
    throw new UsageError(
      `${file} is a spec, and a spec cannot say all the live space says; left as it was. Pull into a .geniespace.json document instead. What the spec would drop:\n${lost}`,
    );
  }
  return { text: stableJson(spec), vars };
}

function inferred(file: string, parsed: unknown, live: LiveSpace): Record<string, string> {
  if (parsed === undefined) return {};
  const r = inferVariables(parsed, live.document);
  const unclear = [
    ...r.unresolved.map((n) => `\${${n}} (no live name matches)`),
    ...r.conflicts.map((c) => `\${${c.replace(/ \(/, "} (values ")}`),
  ];
  if (unclear.length > 0)
    throw new UsageError(
      `cannot tell the values of ${unclear.join(", ")} in ${file}: give them with --vars name=value,...`,
    );
  return r.variables;
}

function rewriteProgram(
  file: string,
  id: string,
  live: LiveSpace,
  text: string | undefined,
  given: Record<string, string> | undefined,
): { text: string; vars: Record<string, string> } {
  const lines = (text ?? "").split("\n");
  const begin = lines.findIndex((l) => l.trim().startsWith(BEGIN.trim()));
  const end = lines.findIndex((l, i) => i > begin && l.trim() === END);
  const options = begin < 0 ? undefined : blockOptions(lines[begin] ?? "");
  if (options === undefined || end < 0)
    throw new UsageError(
      `${file} has no block written by \`genie generate\` (// genie:begin ... // genie:end): make one with genie generate ${id} -o ${file}`,
    );
  if (options.spaceId !== id)
    throw new UsageError(`${file}'s block declares space ${options.spaceId}, not ${id}`);
  const vars = given ?? options.variables;
  const block = spaceBlock(live.info, templatized(live.document, vars), {
    ...options,
    variables: vars,
  });
  const out = [...lines.slice(0, begin), block.code.trimEnd(), ...lines.slice(end + 1)];
  return { text: out.join("\n"), vars };
}

/**
 * Polls until SIGINT or SIGTERM. The etag moves only when the document changes
 * (docs/api-behaviour.md, "Etags"), so one GET per poll is all it costs. A failed poll is
 * reported and retried at the next tick: a long watch outlives a network blip. A failure that
 * waiting cannot heal (see {@link pollFailureIsFinal}) ends the watch with exit 2.
 */
function watch(
  dbx: Databricks,
  io: Io,
  id: string,
  everyMs: number,
  etag: string | undefined,
  changed: (live: LiveSpace) => void,
): Promise<number> {
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
    process.on("SIGINT", stop);
    process.on("SIGTERM", stop);
    const tick = async () => {
      try {
        const next = await readLive(dbx, id);
        if (stopped) return; // told to stop while the poll was out: write nothing more
        if (next.info.etag !== etag) {
          etag = next.info.etag;
          changed(next);
        }
      } catch (e) {
        if (e instanceof UsageError) {
          io.stderr.write(`genie pull: ${e.message}\n`);
          return finish(2);
        }
        if (pollFailureIsFinal(e)) {
          io.stderr.write(`genie pull: ${(asCliError(e) as Error).message}; stopped watching\n`);
          return finish(2);
        }
        io.stderr.write(`poll failed, trying again: ${(asCliError(e) as Error).message}\n`);
      }
      if (!stopped) timer = setTimeout(() => void tick(), everyMs);
    };
    io.stderr.write(`watching ${id} every ${everyMs / 1000}s (Ctrl-C to stop)\n`);
    timer = setTimeout(() => void tick(), everyMs);
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
