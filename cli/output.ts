import type { Io } from "./args";

/** Plain columns, the last one unpadded. */
export function table(rows: string[][]): string {
  if (rows.length === 0) return "";
  const widths = rows[0]?.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? "").length))) ?? [];
  return (
    rows
      .map((r) =>
        r
          .map((c, i) => (i === r.length - 1 ? c : c.padEnd(widths[i] ?? 0)))
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
 * A one-line progress display on stderr, redrawn in place; nothing at all when stderr is not a
 * terminal (CI logs and pipes get the final summary only).
 */
export function progress(io: Io, total: number): { tick(label: string): void; done(): void } {
  let n = 0;
  const tty = io.stderr.isTTY === true;
  return {
    tick(label) {
      n++;
      if (tty) io.stderr.write(`\r\x1b[2K${n}/${total} ${label}`.slice(0, 200));
    },
    done() {
      if (tty && n > 0) io.stderr.write("\r\x1b[2K");
    },
  };
}
