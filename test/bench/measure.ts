import { performance } from "node:perf_hooks";

/** Timing helpers of the bench: medians, ratios, and the one output format. */
export const median = (xs: readonly number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 === 1 ? (s[m] as number) : ((s[m - 1] as number) + (s[m] as number)) / 2;
};

export const ms = (x: number): string => (x < 10 ? `${x.toFixed(2)} ms` : `${x.toFixed(1)} ms`);
export const ratio = (a: number, b: number): string => `${(a / b).toFixed(2)}x`;
export const out = (line: string): void => void process.stdout.write(line + "\n");

/** Milliseconds `fn` takes (synchronous). */
export function time(fn: () => void): number {
  const t = performance.now();
  fn();
  return performance.now() - t;
}

/** Milliseconds `fn` takes (awaited). */
export async function timeAsync(fn: () => Promise<unknown>): Promise<number> {
  const t = performance.now();
  await fn();
  return performance.now() - t;
}

export const kB = (text: string): string => {
  const n = Buffer.byteLength(text);
  return n >= 1e6 ? `${(n / 1e6).toFixed(2)} MB` : `${(n / 1e3).toFixed(1)} kB`;
};
