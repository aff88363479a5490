import { spawn } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { exec, type Run } from "./pulumi-cli";

export const ROOT = path.join(__dirname, "..", "..");
/** The built command, as `bin` names it (tests run dist/: the build guard keeps it current). */
export const GENIE = path.join(ROOT, "dist", "cli", "genie.js");

/** An environment with no credentials of the caller's: only what a test gives. */
export function cleanEnv(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env))
    if (
      !k.startsWith("DATABRICKS_") &&
      !k.startsWith("ARM_") &&
      !k.startsWith("TS_NODE_") &&
      // genie reads the selected Pulumi stack's config (cli/stack-config.ts): none of the machine's.
      k !== "PULUMI_STACK" &&
      k !== "PULUMI_HOME"
    )
      env[k] = v;
  // No ~/.databrickscfg of the machine's: a home of our own.
  env["HOME"] = fs.mkdtempSync(path.join(os.tmpdir(), "genie-home-"));
  env["GENIE_CLI_RETRY_SECONDS"] = "2";
  return { ...env, ...extra };
}

/**
 * Runs `genie <args>` as a separate process without blocking this one (the emulator in it must
 * keep answering), with the emulator's host and token in the environment.
 */
export function genie(
  args: string[],
  options: { cwd?: string; env?: NodeJS.ProcessEnv; input?: string } = {},
): Promise<Run> {
  return exec(process.execPath, [GENIE, ...args], {
    cwd: options.cwd ?? os.tmpdir(),
    env: options.env ?? process.env,
    ...(options.input === undefined ? {} : { input: options.input }),
  });
}

export function emulatorEnv(emu: { url: string; token: string }): NodeJS.ProcessEnv {
  return cleanEnv({ DATABRICKS_HOST: emu.url, DATABRICKS_TOKEN: emu.token });
}

/**
 * A long-running `genie` (pull --watch, emulator): its output as it comes, a way to wait for a
 * line, and its exit. `command` runs another genie than this repository's dist/ (`npx genie`).
 */
export function startGenie(
  args: string[],
  options: { cwd: string; env: NodeJS.ProcessEnv; command?: string[] },
) {
  const [cmd, ...pre] = options.command ?? [process.execPath, GENIE];
  // Its own process group: a signal sent to the group reaches a command npx runs, too (npx
  // itself does not pass SIGTERM on).
  const child = spawn(cmd as string, [...pre, ...args], {
    cwd: options.cwd,
    env: options.env,
    detached: true,
  });
  let stdout = "";
  let stderr = "";
  const waiters: { re: RegExp; resolve: (m: RegExpMatchArray) => void }[] = [];
  const check = () => {
    for (const w of [...waiters]) {
      const m = (stdout + stderr).match(w.re);
      if (m !== null) {
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve(m);
      }
    }
  };
  child.stdout.on("data", (d: Buffer) => ((stdout += d.toString()), check()));
  child.stderr.on("data", (d: Buffer) => ((stderr += d.toString()), check()));
  const exited = new Promise<number | null>((resolve) => child.on("exit", (c) => resolve(c)));
  return {
    child,
    /** Sends a signal to the command and everything it started. */
    signal(sig: NodeJS.Signals): void {
      try {
        process.kill(-(child.pid as number), sig);
      } catch {
        // already gone
      }
    },
    output: () => ({ stdout, stderr }),
    /** Resolves when the output (stdout and stderr) matches; rejects if the process exits first. */
    waitFor(re: RegExp): Promise<RegExpMatchArray> {
      return new Promise((resolve, reject) => {
        waiters.push({ re, resolve });
        check();
        void exited.then((code) =>
          reject(new Error(`genie exited (${code}) before printing ${re}:\n${stdout}\n${stderr}`)),
        );
      });
    },
    exited,
  };
}
