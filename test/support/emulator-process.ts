import { type ChildProcess, spawn } from "node:child_process";
import * as path from "node:path";

const ROOT = path.join(__dirname, "..", "..");
/** The built emulator (the build guard keeps dist/ current), as `genie emulator` runs it. */
export const EMULATOR_MAIN = path.join(ROOT, "dist", "emulator", "main.js");

export interface EmulatorProcess {
  child: ChildProcess;
  url: string;
  token: string;
  /** Everything it printed so far, stdout and stderr. */
  output(): string;
  /** Resolves with the exit code (or the signal's name) once it has ended. */
  exited: Promise<number | string>;
  /** SIGTERM, then waits for the end. */
  stop(): Promise<number | string>;
}

/**
 * Starts a real emulator process (`node dist/emulator/main.js --port 0 ...`) and resolves once it
 * printed where it listens; rejects with its output when it exits first (a refused data dir).
 */
export function startEmulatorProcess(args: string[] = []): Promise<EmulatorProcess> {
  const child = spawn(process.execPath, [EMULATOR_MAIN, "--port", "0", ...args], {
    cwd: ROOT,
    stdio: ["ignore", "pipe", "pipe"],
  });
  let text = "";
  const exited = new Promise<number | string>((resolve) =>
    child.on("exit", (code, signal) => resolve(code ?? signal ?? -1)),
  );
  return new Promise((resolve, reject) => {
    const onData = (d: Buffer) => {
      text += d.toString();
      const url = /DATABRICKS_HOST=(\S+)/.exec(text)?.[1];
      const token = /DATABRICKS_TOKEN=(\S+)/.exec(text)?.[1];
      if (url !== undefined && token !== undefined)
        resolve({
          child,
          url,
          token,
          output: () => text,
          exited,
          stop: () => {
            child.kill("SIGTERM");
            return exited;
          },
        });
    };
    child.stdout?.on("data", onData);
    child.stderr?.on("data", (d: Buffer) => (text += d.toString()));
    void exited.then((code) =>
      reject(new Error(`emulator exited (${code}) before listening: ${text}`)),
    );
  });
}
