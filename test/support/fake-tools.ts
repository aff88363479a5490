import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { ATTRIBUTES } from "../../provider/client/credentials";

/** What the fake `databricks` and `az` do; rewritten between calls to log in or out. */
export interface FakeState {
  databricks?: {
    /** Hosts and profile names `databricks auth login` was run for. */
    loggedIn: string[];
    /** Printed in turn, one per `auth token`; the last one repeats. */
    tokens: string[];
    /** As the CLI prints it: RFC 3339 with nanoseconds. */
    expiry: string;
    /** A CLI older than v0.207.1, whose `auth token` has no --profile. */
    noProfileFlag?: boolean;
  };
  az?: {
    loggedIn: boolean;
    /** For the Azure Databricks resource, in turn. */
    tokens: string[];
    /** For Azure Resource Manager (https://management.core.windows.net/). */
    managementToken: string;
    /** Epoch seconds. */
    expiresOn: number;
    /** az before 2.54 printed only the local `expiresOn`. */
    noEpoch?: boolean;
  };
}

/**
 * The script behind both fakes: it records its arguments in calls.log and prints what the real
 * tool prints. `databricks auth token` prints `{access_token, token_type, expiry}` (the CLI's
 * cmd/auth/token.go); `az account get-access-token` prints `{accessToken, expiresOn, expires_on,
 * subscription, tenant, tokenType}` (Azure CLI 2.54+).
 */
const SCRIPT = `
const fs = require("fs"), path = require("path");
const dir = __dirname, tool = path.basename(process.argv[1]), args = process.argv.slice(2);
const state = JSON.parse(fs.readFileSync(path.join(dir, "state.json"), "utf8"));
const log = path.join(dir, "calls.log");
const before = fs.existsSync(log) ? fs.readFileSync(log, "utf8").split("\\n").filter((l) => l.startsWith('["' + tool + '"')).length : 0;
fs.appendFileSync(log, JSON.stringify([tool, ...args]) + "\\n");
const arg = (n) => (args.indexOf(n) < 0 ? undefined : args[args.indexOf(n) + 1]);
const fail = (text) => { process.stderr.write(text + "\\n"); process.exit(1); };
const pick = (list) => list[Math.min(before, list.length - 1)];
if (tool === "databricks") {
  const s = state.databricks ?? { loggedIn: [] };
  if (args[0] === "version") { console.log("Databricks CLI v0.250.0"); process.exit(0); }
  if (args[0] !== "auth" || args[1] !== "token") fail("Error: unknown command");
  if (s.noProfileFlag && args.includes("--profile")) fail("Error: unknown flag: --profile");
  const who = arg("--profile") ?? arg("--host");
  if (!s.loggedIn.includes(who))
    fail("Error: cache: databricks OAuth is not configured for this host. Try logging in again with \`databricks auth login --host " + (arg("--host") ?? "<host>") + "\` before retrying.");
  process.stdout.write(JSON.stringify({ access_token: pick(s.tokens), token_type: "Bearer", expiry: s.expiry }, null, 2));
} else {
  const s = state.az ?? { loggedIn: false };
  if (args[0] !== "account" || args[1] !== "get-access-token") fail("ERROR: unknown command");
  if (!s.loggedIn) fail("ERROR: Please run 'az login' to setup account.");
  const management = arg("--resource") === "https://management.core.windows.net/";
  const d = new Date(s.expiresOn * 1000), p = (n, w = 2) => String(n).padStart(w, "0");
  const local = d.getFullYear() + "-" + p(d.getMonth() + 1) + "-" + p(d.getDate()) + " " + p(d.getHours()) + ":" + p(d.getMinutes()) + ":" + p(d.getSeconds()) + ".000000";
  const out = { accessToken: management ? s.managementToken : pick(s.tokens), expiresOn: local, subscription: "00000000-0000-4000-8000-00000000500b", tenant: arg("--tenant") ?? "00000000-0000-4000-8000-0000000a2ad0", tokenType: "Bearer" };
  if (!s.noEpoch) out.expires_on = s.expiresOn;
  console.log(JSON.stringify(out, null, 2));
}
`;

export interface FakeTools {
  /** The folder to put first on PATH. */
  dir: string;
  set(state: FakeState): void;
  /** Every call so far, as argv: `["databricks", "auth", "token", "--host", ...]`. */
  calls(tool?: "databricks" | "az"): string[][];
  remove(): void;
}

/** Fake `databricks` and `az` executables in a temporary folder (Unix only: they are scripts). */
/** Skips the suite, saying why, where the fake tools cannot run (they are Unix scripts). */
export function skipWithoutUnixScripts(ctx: Mocha.Context): void {
  if (process.platform !== "win32") return;
  console.log("    (skipped: the fake databricks and az are Unix scripts)");
  ctx.skip();
}

export function fakeTools(state: FakeState): FakeTools {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "genie-fake-tools-"));
  for (const tool of ["databricks", "az"]) {
    fs.writeFileSync(path.join(dir, tool), `#!${process.execPath}\n${SCRIPT}`, { mode: 0o755 });
  }
  const set = (s: FakeState) => fs.writeFileSync(path.join(dir, "state.json"), JSON.stringify(s));
  set(state);
  return {
    dir,
    set,
    calls: (tool) => {
      const file = path.join(dir, "calls.log");
      if (!fs.existsSync(file)) return [];
      return fs
        .readFileSync(file, "utf8")
        .split("\n")
        .filter((l) => l !== "")
        .map((l) => JSON.parse(l) as string[])
        .filter((c) => tool === undefined || c[0] === tool);
    },
    remove: () => fs.rmSync(dir, { recursive: true, force: true }),
  };
}

/** RFC 3339 with nanoseconds, as Go's time.RFC3339Nano prints it (the Databricks CLI's `expiry`). */
export const goTime = (ms: number) =>
  new Date(ms).toISOString().replace(/\.(\d{3})Z$/, ".$1456789Z");

/**
 * An environment with no Databricks, Azure or GitHub variable of the machine running the tests,
 * no readable ~/.databrickscfg, and the fakes (when given) first on PATH; then `extra`.
 */
export function isolatedEnv(
  tools: FakeTools | undefined,
  extra: Record<string, string> = {},
): Record<string, string | undefined> {
  const env: Record<string, string | undefined> = {};
  for (const a of ATTRIBUTES) env[a.env] = undefined;
  env["DATABRICKS_OIDC_TOKEN"] = undefined;
  env["GENIE_AZURE_AD_ENDPOINT"] = undefined;
  env["GENIE_AZURE_IMDS_ENDPOINT"] = undefined;
  env["HOME"] = path.join(os.tmpdir(), "genie-no-home");
  env["DATABRICKS_CONFIG_FILE"] = path.join(os.tmpdir(), "genie-no-home", "none.databrickscfg");
  // Only the fakes: a real `databricks` or `az` of the machine must never answer a test.
  env["PATH"] = tools?.dir ?? path.join(os.tmpdir(), "genie-no-tools");
  return { ...env, ...extra };
}
