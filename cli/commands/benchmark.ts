import * as fs from "node:fs";
import {
  type Databricks,
  evaluate,
  type EvalReport,
  formatAccuracy,
  verdict,
} from "../../provider/client";
import {
  formatProblem,
  isValidId,
  SpaceValidationError,
  toSerializedSpace,
  validateSpace,
} from "../../provider/model";
import {
  type BenchmarkEntry,
  benchmarkQuestions,
  listQuestions,
  questionsNamed,
} from "../../provider/model/benchmarks";
import type { JsonObject } from "../../provider/model/json";
import {
  type Command,
  EXIT,
  flag,
  type Io,
  keyValues,
  type Parsed,
  str,
  UsageError,
} from "../args";
import {
  githubAnnotations,
  junitXml,
  reportJson,
  reportText,
  runProgress,
} from "../benchmark-output";
import { connect } from "../connect";
import { writeFileAtomic } from "../files";
import { readLive } from "../live";
import { forPerson, printJson } from "../output";
import { given } from "../template";
import { TemporarySpace, untilSignal } from "../temporary-space";

export const benchmark: Command = {
  name: "benchmark",
  usage: "<space-id | file> [--question ID|TEXT]... [--min-accuracy 0.8] [--junit FILE]",
  brief: "run a space's benchmarks through Genie's evaluation; gate on the accuracy",
  about: `Runs the benchmark questions of a space (all of them, or those --question names) through
Genie's evaluation API, shows progress on stderr, then a table per question (question,
assessment, reasons) and the accuracy: the share of questions assessed GOOD. Exit 1 when the
accuracy is below --min-accuracy, or when the run ends EVALUATION_FAILED, EVALUATION_CANCELLED,
EVALUATION_TIMEOUT or outlasts --timeout.
  space-id             a live space (its id, as in its URL)
  file                 a .geniespace.json document or a spec as JSON: a temporary space is made
                       from it, evaluated and trashed, also on an error, Ctrl-C or SIGTERM`,
  flags: `  --question Q         a benchmark question's id or text (repeat for several); default all
  --min-accuracy A     0 to 1: exit 1 below it (e.g. 0.8)
  --timeout SECONDS    stop waiting for the run after this long, exit 1 (default 1800)
  --junit FILE         also write JUnit XML, one test case per question
  --github             GitHub Actions annotations (::error) on stdout; on by default when
                       GITHUB_ACTIONS=true, unless --json
  --interval SECONDS   the longest wait between two polls of the run, 0.01 to 600 (default 10)
With a file:
  --warehouse-id ID    the SQL warehouse the temporary space runs its questions on (required)
  --parent-path PATH   its folder (default: your home folder); made if missing
  --vars MAP           values for the file's \${placeholders}, as GenieSpace's variables`,
  options: {
    question: { type: "string", multiple: true },
    "min-accuracy": { type: "string" },
    timeout: { type: "string" },
    junit: { type: "string" },
    github: { type: "boolean" },
    interval: { type: "string" },
    "warehouse-id": { type: "string" },
    "parent-path": { type: "string" },
    vars: { type: "string", multiple: true },
  },
  positionals: [1, 1],
  remote: true,
  async run(args, io) {
    const target = args.positionals[0] as string;
    const o = options(args, io);
    const file = asFile(target);
    if (file === undefined) {
      for (const f of ["warehouse-id", "parent-path", "vars"])
        if (args.values[f] !== undefined)
          throw new UsageError(`--${f} is for a file argument; ${target} is a space id`);
      const dbx = connect(args, io);
      const live = await readLive(dbx, target);
      const ids = questionIds(benchmarkQuestions(live.document), o.questions, `space ${target}`);
      return finish(io, o, await run(dbx, io, target, ids, o), false);
    }
    const warehouseId = str(args, "warehouse-id");
    if (warehouseId === undefined)
      throw new UsageError(
        `${file} is a file: give --warehouse-id, the SQL warehouse its temporary space runs the questions on`,
      );
    const raw = str(args, "vars");
    const document = readDocument(
      file,
      raw === undefined ? undefined : given(keyValues(raw, "--vars")),
    );
    const ids = questionIds(benchmarkQuestions(document), o.questions, file);
    const dbx = connect(args, io);
    const temp = new TemporarySpace(dbx, io);
    const parentPath = str(args, "parent-path");
    let interrupted = false;
    const work = (async () => {
      const id = await temp.create({ file, document, warehouseId, parentPath });
      // Interrupted while the space was being made: it is trashed, not evaluated.
      if (interrupted) throw new Error("interrupted");
      return run(dbx, io, id, ids, o);
    })();
    let ended: Awaited<ReturnType<typeof untilSignal<EvalReport>>>;
    try {
      ended = await untilSignal(work, () =>
        io.stderr.write(
          `interrupted again: not waiting for the trash; the temporary space may be left behind (look for a space titled 'genie benchmark: ...' in your home folder)\n`,
        ),
      );
    } finally {
      interrupted = true;
      // Whatever happened (an error too), the temporary space goes; its own failure is said.
      await temp.trash().catch(() => undefined);
    }
    if ("signal" in ended) {
      io.stderr.write(`genie benchmark: interrupted (${ended.signal}); no result\n`);
      return EXIT.usage;
    }
    return finish(io, o, ended.value, true);
  },
};

interface Options {
  questions: string[];
  minAccuracy: number | undefined;
  timeoutMs: number;
  intervalMs: number;
  junit: string | undefined;
  github: boolean;
  json: boolean;
}

function options(args: Parsed, io: Io): Options {
  const json = flag(args, "json");
  if (json && flag(args, "github"))
    throw new UsageError("--github and --json both write to stdout: choose one");
  return {
    questions: args.lists?.["question"] ?? [],
    minAccuracy: share(str(args, "min-accuracy")),
    timeoutMs: seconds(str(args, "timeout"), "--timeout", 1, 2_147_483, 1800) * 1000,
    intervalMs: seconds(str(args, "interval"), "--interval", 0.01, 600, 10) * 1000,
    junit: str(args, "junit"),
    github: flag(args, "github") || (!json && io.env["GITHUB_ACTIONS"] === "true"),
    json,
  };
}

function share(raw: string | undefined): number | undefined {
  if (raw === undefined) return undefined;
  const n = Number(raw);
  if (raw.trim() === "" || !Number.isFinite(n) || n < 0 || n > 1)
    throw new UsageError(`--min-accuracy takes a share from 0 to 1 (0.8 for 80%), got '${raw}'`);
  return n;
}

function seconds(
  raw: string | undefined,
  name: string,
  min: number,
  max: number,
  dflt: number,
): number {
  if (raw === undefined) return dflt;
  const n = Number(raw);
  if (raw.trim() === "" || !Number.isFinite(n) || n < min || n > max)
    throw new UsageError(`${name} takes a number of seconds from ${min} to ${max}, got '${raw}'`);
  return n;
}

/** The file to evaluate, or undefined when the argument is a space id. */
function asFile(target: string): string | undefined {
  if (fs.existsSync(target)) return target;
  if (isValidId(target)) return undefined;
  throw new UsageError(
    `${target} is neither a file nor a space id (32 lowercase hex digits, as in the space's URL)`,
  );
}

function readDocument(file: string, variables: Record<string, string> | undefined): JsonObject {
  let parsed: unknown;
  try {
    parsed = JSON.parse(fs.readFileSync(file, "utf8"));
  } catch (e) {
    throw new UsageError(`cannot read ${file} as JSON: ${(e as Error).message}`);
  }
  const checked = validateSpace(parsed, variables === undefined ? {} : { variables });
  if (!checked.valid)
    throw new UsageError(
      `${file} cannot be made into a space:\n${checked.errors.map((p) => `  ${formatProblem(p)}`).join("\n")}`,
    );
  try {
    return toSerializedSpace(parsed as object, variables === undefined ? {} : { variables })
      .document as unknown as JsonObject;
  } catch (e) {
    if (e instanceof SpaceValidationError)
      throw new UsageError(
        `${file} cannot be made into a space (genie validate ${file} lists every problem): ${e.message}`,
      );
    throw e;
  }
}

/** The ids of the questions asked for (by id or by text); [] for all. */
function questionIds(benchmarks: BenchmarkEntry[], asked: string[], where: string): string[] {
  if (benchmarks.length === 0)
    throw new UsageError(
      `${where} has no benchmark questions, so there is nothing to evaluate: add some (the spec's benchmarks: [{ question, sql }], or the document's benchmarks.questions)`,
    );
  const { ids, unmatched } = questionsNamed(benchmarks, asked);
  if (unmatched.length > 0)
    throw new UsageError(
      `--question ${unmatched.map((u) => `'${u}'`).join(", ")} is no benchmark question of ${where}, by id or text; it has: ${listQuestions(benchmarks)}`,
    );
  return ids;
}

async function run(
  dbx: Databricks,
  io: Io,
  spaceId: string,
  questionIds: string[],
  o: Options,
): Promise<EvalReport> {
  const progress = runProgress(io);
  try {
    return await evaluate(dbx.evalRuns, spaceId, {
      questionIds,
      deadline: Date.now() + o.timeoutMs,
      now: Date.now,
      sleep: (ms) => new Promise((r) => setTimeout(r, ms)),
      policy: { firstDelayMs: Math.min(1000, o.intervalMs), maxDelayMs: o.intervalMs, factor: 1.5 },
      onStart: (r) =>
        io.stderr.write(
          `started evaluation run ${r.eval_run_id} of space ${spaceId} (${questionIds.length === 0 ? "every benchmark question" : `${questionIds.length} question${questionIds.length === 1 ? "" : "s"}`})\n`,
        ),
      onProgress: progress.update,
    });
  } finally {
    progress.done();
  }
}

function finish(io: Io, o: Options, report: EvalReport, temporary: boolean): number {
  const failure = verdict(report, o.minAccuracy);
  const why =
    failure !== undefined && !report.finished
      ? `${failure}: it outlasted --timeout ${o.timeoutMs / 1000}s${temporary ? "" : " and goes on in the workspace"}`
      : failure;
  if (o.junit !== undefined)
    writeFileAtomic(o.junit, junitXml(report, `genie benchmark ${report.spaceId}`, why));
  if (o.json)
    printJson(
      io,
      reportJson(report, {
        ...(o.minAccuracy === undefined ? {} : { minAccuracy: o.minAccuracy }),
        passed: why === undefined,
        ...(why === undefined ? {} : { failure: why }),
        temporarySpace: temporary,
      }),
    );
  else {
    io.stdout.write(reportText(report, o.minAccuracy));
    if (o.github) io.stdout.write(forPerson(githubAnnotations(report, why)));
  }
  if (why !== undefined) {
    io.stderr.write(`genie benchmark: ${why}\n`);
    return EXIT.found;
  }
  if (o.minAccuracy !== undefined)
    io.stderr.write(
      `accuracy ${formatAccuracy(report.accuracy, o.minAccuracy)} meets --min-accuracy ${formatAccuracy(o.minAccuracy)}\n`,
    );
  return EXIT.ok;
}
