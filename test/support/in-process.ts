import { PassThrough } from "node:stream";
import type { Io } from "../../cli/args";
import { main } from "../../cli/genie";

/**
 * `genie <args>` run in this process (so a test can make a write fail, or stop a watch by
 * emitting a signal), its output gathered as it comes, and a way to wait for a line.
 */
export function inProcess(
  args: string[],
  env: NodeJS.ProcessEnv,
  options: { tty?: boolean } = {},
): {
  done: Promise<number>;
  output: () => { stdout: string; stderr: string };
  waitFor: (re: RegExp) => Promise<void>;
} {
  let stdout = "";
  let stderr = "";
  const waiters: { re: RegExp; resolve: () => void }[] = [];
  const check = () => {
    for (const w of [...waiters])
      if (w.re.test(stdout + stderr)) {
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve();
      }
  };
  const out = new PassThrough();
  const err = Object.assign(new PassThrough(), options.tty === true ? { isTTY: true } : {});
  out.on("data", (d: Buffer) => ((stdout += d.toString()), check()));
  err.on("data", (d: Buffer) => ((stderr += d.toString()), check()));
  const io: Io = { stdout: out, stderr: err, stdin: new PassThrough(), env };
  const done = main(args, io).then(
    // Output written just before the end reaches the listeners first.
    (code) => new Promise<number>((resolve) => setImmediate(() => resolve(code))),
  );
  return {
    done,
    output: () => ({ stdout, stderr }),
    waitFor: (re) =>
      new Promise<void>((resolve, reject) => {
        waiters.push({ re, resolve });
        check();
        void done.then((code) =>
          setImmediate(() =>
            reject(new Error(`genie ended (${code}) before printing ${re}:\n${stdout}${stderr}`)),
          ),
        );
      }),
  };
}
