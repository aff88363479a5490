// `npm run dev -- <pulumi command> [args]` (and `npm run up:dev`): runs a Pulumi command on the dev
// stack against the bundled emulator, file-backed in .genie-emulator so up, refresh and destroy see
// the same workspace. Needs the Pulumi CLI; uses a local backend in .pulumi/ unless one is set.
//
// The emulator runs in this process, so `pulumi` must run beside it, never in front of it: a
// blocking spawnSync starves the event loop and every request the provider sends times out (seen
// with a real CLI: "cannot list genie spaces: no answer before the timeout").
import { spawn } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { fileURLToPath } from "node:url";
import { devStackSeed, startEmulator } from "../emulator";

const ROOT = path.join(__dirname, "..");
const STACK = "dev";
/**
 * Commands that ask for confirmation and that the dev stack runs without asking. Not `destroy`:
 * trashing a space loses its conversations for good, so that question stays with the user.
 */
const CONFIRMED = new Set(["up", "update", "refresh", "import"]);

class UsageError extends Error {}

function port(): number {
  const raw = process.env["GENIE_EMULATOR_PORT"] ?? "8787";
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1 || n > 65535)
    throw new UsageError(`GENIE_EMULATOR_PORT must be a port number, got '${raw}'`);
  return n;
}

/** Runs `pulumi` without blocking this process (the emulator must keep answering). */
function pulumi(args: string[], env: NodeJS.ProcessEnv, quiet = false): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn("pulumi", args, {
      cwd: ROOT,
      env,
      stdio: quiet ? ["ignore", "ignore", "inherit"] : "inherit",
    });
    // Ctrl-C reaches pulumi too (same process group): let it finish its own clean-up, and stop
    // the emulator only after it exits. A SIGTERM sent to us alone is passed on.
    const ignore = () => undefined;
    const pass = () => child.kill("SIGTERM");
    process.on("SIGINT", ignore);
    process.on("SIGTERM", pass);
    const done = () => {
      process.off("SIGINT", ignore);
      process.off("SIGTERM", pass);
    };
    child.on("error", (e: NodeJS.ErrnoException) => {
      done();
      reject(
        new UsageError(
          e.code === "ENOENT"
            ? "the Pulumi CLI is not installed (or not on PATH): see https://www.pulumi.com/docs/install/"
            : `cannot run pulumi: ${e.message}`,
        ),
      );
    });
    child.on("exit", (code, signal) => {
      done();
      resolve(code ?? (signal !== null ? 1 : 0));
    });
  });
}

async function emulatorAnswers(url: string): Promise<boolean> {
  try {
    const res = await fetch(`${url}/api/2.0/genie/spaces`, {
      headers: { authorization: "Bearer emulator-token-admin" },
      signal: AbortSignal.timeout(2_000),
    });
    return res.status === 200;
  } catch {
    return false;
  }
}

/** The local backend's folder must exist: `pulumi` refuses a file:// backend that does not. */
function backend(env: NodeJS.ProcessEnv): string {
  const url = env["PULUMI_BACKEND_URL"] ?? `file://${path.join(ROOT, ".pulumi")}`;
  if (url.startsWith("file://")) {
    const dir = url.startsWith("file://~") ? undefined : fileURLToPath(url.replace(/\/$/, ""));
    if (dir !== undefined) fs.mkdirSync(dir, { recursive: true });
  }
  return url;
}

/**
 * `[command, ...args]` as given, with the dev stack named and confirmation skipped where it is
 * asked. Another stack is refused: this command runs against the emulator, and a `-s prod` with
 * an inherited PULUMI_BACKEND_URL could otherwise reach a real one.
 */
export function pulumiArgs(argv: string[]): string[] {
  const args = argv.length === 0 ? ["up"] : [...argv];
  const command = args[0] as string;
  args.forEach((a, i) => {
    const stack = a.startsWith("--stack=")
      ? a.slice(8)
      : a === "-s" || a === "--stack"
        ? args[i + 1]
        : undefined;
    if (stack !== undefined && stack !== STACK)
      throw new UsageError(
        `npm run dev runs the '${STACK}' stack against the emulator, not '${stack}'; run pulumi itself for other stacks`,
      );
  });
  const named = args.some((a) => a === "-s" || a === "--stack" || a.startsWith("--stack="));
  const asks =
    CONFIRMED.has(command) && !args.some((a) => ["--yes", "-y", "--preview-only"].includes(a));
  return [...args, ...(asks ? ["--yes"] : []), ...(named ? [] : ["--stack", STACK])];
}

async function main(): Promise<number> {
  const args = pulumiArgs(process.argv.slice(2)); // a refused stack starts nothing
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PULUMI_CONFIG_PASSPHRASE: process.env["PULUMI_CONFIG_PASSPHRASE"] ?? "",
    PULUMI_SKIP_UPDATE_CHECK: process.env["PULUMI_SKIP_UPDATE_CHECK"] ?? "true",
  };
  // Check the CLI before starting anything.
  if ((await pulumi(["version"], env, true)) !== 0) throw new UsageError("`pulumi version` failed");
  env["PULUMI_BACKEND_URL"] = backend(env);
  const url = `http://127.0.0.1:${port()}`;
  const emu = (await emulatorAnswers(url))
    ? undefined
    : await startEmulator({
        port: port(),
        dataDir: path.join(ROOT, ".genie-emulator"),
        // The stack creates dev.sales's tables: they must not be there yet.
        seed: devStackSeed(),
      });
  // On stderr, so `npm run dev -- stack output --json` prints JSON alone.
  process.stderr.write(
    emu === undefined
      ? `using the emulator already on ${url}\n`
      : `started the emulator on ${emu.url} (data in .genie-emulator/)\n`,
  );
  try {
    const select = await pulumi(["stack", "select", STACK, "--create"], env, true);
    if (select !== 0) return select;
    return await pulumi(args, env);
  } finally {
    await emu?.stop();
  }
}

if (require.main === module) {
  main().then(
    (code) => process.exit(code),
    (e: unknown) => {
      const known = e instanceof UsageError || (e as NodeJS.ErrnoException).code === "EADDRINUSE";
      process.stderr.write(`dev stack: ${known ? (e as Error).message : String(e)}\n`);
      process.exit(1);
    },
  );
}
