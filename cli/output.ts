import { Writable } from "node:stream";
import type { Io } from "./args";

/**
 * Characters that act on a terminal instead of showing: C0 controls (but the line break), DEL,
 * C1 controls (U+0080-U+009F, some terminals take U+009B as ESC [), the bidi embeddings,
 * overrides and isolates that reorder what follows them (Trojan Source, CVE-2021-42574), the
 * line and paragraph separators, and lone surrogates (no character at all).
 */
const UNSAFE =
  // eslint-disable-next-line no-control-regex -- control characters are exactly what is looked for
  /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;
const NAMED: Record<string, string> = { "\t": "\\t", "\r": "\\r" };

/**
 * Text for a person's terminal: every character of {@link UNSAFE} written as an escape
 * (`\u001b`, `\t`), so that text from a workspace (a title, a server's message, a file name)
 * cannot retitle the window, clear the screen or overprint a line. Line breaks stay.
 * JSON output never goes through this: `--json` gives values exactly.
 */
export function forPerson(text: string): string {
  return text.replace(
    UNSAFE,
    (c) => NAMED[c] ?? `\\u${(c.codePointAt(0) ?? 0).toString(16).padStart(4, "0")}`,
  );
}

/** The widest a table cell is shown; `--json` gives every value whole. */
export const MAX_CELL = 60;

/** One table cell: safe, on one line, and at most {@link MAX_CELL} characters (cut with "..."). */
export function cell(text: string): string {
  const safe = [...forPerson(text.replace(/\n/g, "\\n"))];
  return safe.length <= MAX_CELL ? safe.join("") : `${safe.slice(0, MAX_CELL - 3).join("")}...`;
}

/** Plain columns, the last one unpadded; every cell made safe and capped ({@link cell}). */
export function table(rows: string[][]): string {
  if (rows.length === 0) return "";
  const shown = rows.map((r) => r.map(cell));
  const width = (c: string) => [...c].length;
  const widths = shown[0]?.map((_, i) => Math.max(...shown.map((r) => width(r[i] ?? "")))) ?? [];
  return (
    shown
      .map((r) =>
        r
          .map((c, i) => (i === r.length - 1 ? c : c + " ".repeat((widths[i] ?? 0) - width(c))))
          .join("  ")
          .trimEnd(),
      )
      .join("\n") + "\n"
  );
}

/** JSON on stdout: indented, or on one line (`pretty` false) for a stream of JSON lines. */
export function printJson(io: Io, value: unknown, pretty = true): void {
  io.stdout.write(JSON.stringify(value, null, pretty ? 2 : undefined) + "\n");
}

/**
 * A stream that writes everything through {@link forPerson} to `target`, at once (no buffering of
 * its own, so a flush of `target` flushes it too). The command's stderr is one: every message a
 * command writes there is for a person.
 */
export function personStream(
  target: NodeJS.WritableStream & { isTTY?: boolean },
): NodeJS.WritableStream & { isTTY?: boolean } {
  const out = new Writable({
    decodeStrings: false,
    write(chunk: string | Buffer, _encoding, done) {
      target.write(forPerson(typeof chunk === "string" ? chunk : chunk.toString("utf8")));
      done();
    },
  });
  return Object.assign(out, target.isTTY === true ? { isTTY: true } : {});
}

/**
 * A one-line progress display on stderr, redrawn in place; nothing at all when stderr is not a
 * terminal (CI logs and pipes get the final summary only). It draws on `io.terminal` (the raw
 * stderr: its own escapes must pass), its labels made safe and cut to the line.
 */
export function progress(io: Io, total: number): { tick(label: string): void; done(): void } {
  let n = 0;
  const out = io.terminal ?? io.stderr;
  const tty = out.isTTY === true;
  return {
    tick(label) {
      n++;
      if (tty) out.write(`\r\x1b[2K${n}/${total} ${cell(label)}`);
    },
    done() {
      if (tty && n > 0) out.write("\r\x1b[2K");
    },
  };
}
