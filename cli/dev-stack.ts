// `npm run dev -- <pulumi command> [args]` (and `npm run up:dev`): runs a Pulumi command on the dev
// stack against the bundled emulator, file-backed in .genie-emulator so up, refresh and destroy see
// the same workspace. Needs the Pulumi CLI; uses a local backend in .pulumi/ unless one is set.
import { spawnSync } from "node:child_process";
import * as path from "node:path";
import { startEmulator } from "../emulator";

const PORT = 8787;
const ROOT = path.join(__dirname, "..");

function pulumi(args: string[], env: NodeJS.ProcessEnv): number {
  const res = spawnSync("pulumi", args, { cwd: ROOT, env, stdio: "inherit" });
  if (res.error !== undefined) {
    const missing = (res.error as NodeJS.ErrnoException).code === "ENOENT";
    throw new Error(
      missing
        ? "the Pulumi CLI is not installed (or not on PATH): see https://www.pulumi.com/docs/install/"
        : res.error.message,
    );
  }
  return res.status ?? 1;
}

async function running(): Promise<boolean> {
  try {
    const res = await fetch(`http://127.0.0.1:${PORT}/api/2.0/genie/spaces`, {
      headers: { authorization: "Bearer emulator-token-admin" },
    });
    return res.status === 200;
  } catch {
    return false;
  }
}

async function main(): Promise<number> {
  const [command = "up", ...rest] = process.argv.slice(2);
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PULUMI_CONFIG_PASSPHRASE: process.env["PULUMI_CONFIG_PASSPHRASE"] ?? "",
    PULUMI_BACKEND_URL: process.env["PULUMI_BACKEND_URL"] ?? `file://${path.join(ROOT, ".pulumi")}`,
  };
  // Check the CLI before starting anything.
  if (pulumi(["version"], env) !== 0) throw new Error("`pulumi version` failed");
  const emu = (await running())
    ? undefined
    : await startEmulator({ port: PORT, dataDir: path.join(ROOT, ".genie-emulator") });
  process.stdout.write(
    emu === undefined
      ? `using the emulator already on 127.0.0.1:${PORT}\n`
      : `started the emulator on ${emu.url}\n`,
  );
  try {
    if (pulumi(["stack", "select", "dev", "--create"], env) !== 0) return 1;
    const yes = ["up", "refresh", "destroy"].includes(command) ? ["--yes"] : [];
    return pulumi([command, "-s", "dev", ...yes, ...rest], env);
  } finally {
    await emu?.stop();
  }
}

main().then(
  (code) => process.exit(code),
  (e: unknown) => {
    process.stderr.write(`dev stack: ${(e as Error).message}\n`);
    process.exit(1);
  },
);
