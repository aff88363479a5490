import {
  describeOutcome,
  type EvalReport,
  type EvalRun,
  formatAccuracy,
  type QuestionOutcome,
} from "../provider/client";
import type { Io } from "./args";
import { cell, table } from "./output";

/**
 * What `genie benchmark` prints: progress on stderr, a table and the accuracy on stdout, JUnit XML
 * for CI systems, GitHub Actions annotations. Pure functions but the progress display.
 */

/** The per-question table and the accuracy line, for a person. */
export function reportText(report: EvalReport, minAccuracy: number | undefined): string {
  const rows = [
    ["QUESTION", "ASSESSMENT", "REASONS"],
    ...report.questions.map((q) => [
      q.question,
      q.assessment ?? `not reached (${q.status ?? "?"})`,
      q.reasons.join(", "),
    ]),
  ];
  const bar = minAccuracy === undefined ? "" : `; minimum ${formatAccuracy(minAccuracy)}`;
  const review = report.needsReview > 0 ? `, ${report.needsReview} NEEDS_REVIEW` : "";
  return (
    table(rows) +
    `accuracy ${formatAccuracy(report.accuracy, minAccuracy)} (${report.correct} of ${report.total} GOOD${review}${bar}); run ${report.run.eval_run_id} ${report.run.eval_run_status}\n`
  );
}

/** The same as data, for `--json`: values exact. */
export function reportJson(
  report: EvalReport,
  extra: { minAccuracy?: number; passed: boolean; failure?: string; temporarySpace: boolean },
): Record<string, unknown> {
  return {
    spaceId: report.spaceId,
    temporarySpace: extra.temporarySpace,
    evalRunId: report.run.eval_run_id,
    status: report.run.eval_run_status,
    finished: report.finished,
    accuracy: report.accuracy,
    correct: report.correct,
    needsReview: report.needsReview,
    total: report.total,
    ...(extra.minAccuracy === undefined ? {} : { minAccuracy: extra.minAccuracy }),
    passed: extra.passed,
    ...(extra.failure === undefined ? {} : { failure: extra.failure }),
    questions: report.questions.map((q) => ({
      id: q.questionId,
      question: q.question,
      assessment: q.assessment ?? null,
      reasons: q.reasons,
      status: q.status ?? null,
    })),
  };
}

/**
 * JUnit XML: one test case per question (GOOD passes; BAD and NEEDS_REVIEW fail, typed by their
 * assessment; a question the run never reached is an error), and one more for the run itself when
 * it failed as a whole (a failure status, the timeout, accuracy below the minimum), so CI systems
 * that count test cases show the gate's verdict too.
 */
export function junitXml(report: EvalReport, suite: string, failure: string | undefined): string {
  const cases = report.questions.map((q) => testCase(q));
  if (failure !== undefined)
    cases.push(
      `  <testcase classname="genie.benchmark" name="${xml("evaluation run")}">\n    <failure type="gate" message="${xml(failure)}"/>\n  </testcase>`,
    );
  const failures =
    report.questions.filter((q) => q.assessment !== undefined && q.assessment !== "GOOD").length +
    (failure === undefined ? 0 : 1);
  const errors = report.questions.filter((q) => q.assessment === undefined).length;
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuite name="${xml(suite)}" tests="${cases.length}" failures="${failures}" errors="${errors}">`,
    ...cases,
    "</testsuite>",
    "",
  ].join("\n");
}

function testCase(q: QuestionOutcome): string {
  const open = `  <testcase classname="genie.benchmark" name="${xml(q.question)}">`;
  const said = xml(describeOutcome(q));
  if (q.assessment === "GOOD") return `${open}</testcase>`;
  const inner =
    q.assessment === undefined
      ? `<error type="${xml(q.status ?? "NOT_REACHED")}" message="${said}"/>`
      : `<failure type="${xml(q.assessment)}" message="${said}"/>`;
  return `${open}\n    ${inner}\n  </testcase>`;
}

/**
 * Text as XML 1.0 attribute content: the five markup characters as entities, line breaks as
 * character references, and what XML 1.0 cannot hold at all (other C0 controls, lone surrogates,
 * U+FFFE/U+FFFF) as U+FFFD.
 */
export function xml(text: string): string {
  return (
    text
      // eslint-disable-next-line no-control-regex -- the characters XML 1.0 forbids
      .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g, "\ufffd")
      .replace(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, "\ufffd")
      .replace(/&/g, "&amp;")
      .replace(/</g, "&lt;")
      .replace(/>/g, "&gt;")
      .replace(/"/g, "&quot;")
      .replace(/'/g, "&apos;")
      .replace(/\n/g, "&#10;")
      .replace(/\r/g, "&#13;")
      .replace(/\t/g, "&#9;")
  );
}

/**
 * GitHub Actions workflow commands (docs.github.com, "Workflow commands for GitHub Actions"):
 * one `::error` per question that is not GOOD and one for the run's verdict. In a message `%`,
 * CR and LF are escaped as `%25`, `%0D`, `%0A`; in a property (the title) `:` and `,` too, as
 * `%3A` and `%2C` (the runner's own escaping, actions/toolkit `command.ts`).
 */
export function githubAnnotations(report: EvalReport, failure: string | undefined): string {
  const lines = report.questions
    .filter((q) => q.assessment !== "GOOD")
    .map((q) => annotation(`genie benchmark: ${q.question}`, describeOutcome(q)));
  if (failure !== undefined) lines.push(annotation("genie benchmark", failure));
  return lines.join("");
}

export function escapeData(s: string): string {
  return s.replace(/%/g, "%25").replace(/\r/g, "%0D").replace(/\n/g, "%0A");
}

export function escapeProperty(s: string): string {
  return escapeData(s).replace(/:/g, "%3A").replace(/,/g, "%2C");
}

function annotation(title: string, message: string): string {
  return `::error title=${escapeProperty(title)}::${escapeData(message)}\n`;
}

/**
 * Progress on stderr while the run goes: on a terminal one line redrawn in place; elsewhere (CI
 * logs) a line each time the run moves, so a log shows it is alive without a line per poll.
 */
export function runProgress(io: Io): {
  update(run: EvalRun, elapsedMs: number): void;
  done(): void;
} {
  const out = io.terminal ?? io.stderr;
  const tty = out.isTTY === true;
  let said = "";
  let drawn = false;
  return {
    update(run, elapsedMs) {
      const state = `${run.num_done ?? 0}/${run.num_questions ?? "?"} questions done (${run.eval_run_status})`;
      const line = `evaluating: ${state}, ${Math.round(elapsedMs / 1000)}s elapsed`;
      if (tty) {
        out.write(`\r\x1b[2K${cell(line)}`);
        drawn = true;
      } else if (state !== said) io.stderr.write(`${line}\n`);
      said = state;
    },
    done() {
      if (drawn) out.write("\r\x1b[2K");
    },
  };
}
