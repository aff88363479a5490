import { spawn, spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as net from "node:net";
import * as os from "node:os";
import * as path from "node:path";

/**
 * The engine tier: a real `pulumi` CLI, with a local backend in a temporary folder. It runs
 * whenever a `pulumi` is on PATH (or PULUMI_CLI names one) and is skipped, with the reason
 * printed, where there is none (these build machines have none).
 */
export const PULUMI = process.env["PULUMI_CLI"] ?? "pulumi";

export function pulumiVersion(): string | undefined {
  const res = spawnSync(PULUMI, ["version"], { encoding: "utf8" });
  return res.status === 0 ? res.stdout.trim() : undefined;
}

/** Skips the suite, saying why, when there is no CLI. Call from a `before` hook. */
export function requirePulumi(ctx: Mocha.Context): void {
  if (pulumiVersion() !== undefined) return;
  console.log(
    `    (skipped: no Pulumi CLI on PATH, and PULUMI_CLI is not set; the engine tier needs one)`,
  );
  ctx.skip();
}

/** Where the CLI keeps its plugins (`~/.pulumi` unless PULUMI_HOME says otherwise). */
export function pulumiHome(): string {
  return process.env["PULUMI_HOME"] ?? path.join(os.homedir(), ".pulumi");
}

/** The version of the `databricks` resource plugin `pulumi plugin ls` lists, if any. */
export function databricksPlugin(): string | undefined {
  const res = spawnSync(PULUMI, ["plugin", "ls", "--json"], {
    encoding: "utf8",
    env: { ...process.env, PULUMI_SKIP_UPDATE_CHECK: "true" },
  });
  if (res.status !== 0) return undefined;
  try {
    const plugins = JSON.parse(res.stdout) as { name?: string; kind?: string; version?: string }[];
    return plugins.find((p) => p.name === "databricks" && p.kind === "resource")?.version;
  } catch {
    return undefined;
  }
}

/**
 * Skips the suite, saying why, unless there is a CLI and `pulumi plugin ls` lists the Databricks
 * resource plugin (a stack with `@pulumi/databricks` resources needs it, and these build machines
 * can neither hold nor download it). Call from a `before` hook.
 */
export function requireDatabricksPlugin(ctx: Mocha.Context): void {
  requirePulumi(ctx);
  if (databricksPlugin() !== undefined) return;
  console.log(
    "    (skipped: `pulumi plugin ls` lists no databricks resource plugin, which this tier runs; " +
      "install it with `pulumi plugin install resource databricks`)",
  );
  ctx.skip();
}

export interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

/** A free port on the loopback address. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.listen(0, "127.0.0.1", () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
    srv.on("error", reject);
  });
}

/** Runs a command without blocking this process (an emulator in it must keep answering). */
export function exec(
  cmd: string,
  args: string[],
  options: { cwd: string; env?: NodeJS.ProcessEnv; input?: string },
): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { cwd: options.cwd, env: options.env ?? process.env });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    child.on("error", reject);
    child.stdin.end(options.input ?? "");
    child.on("exit", (code) => resolve({ code: code ?? 1, stdout, stderr }));
  });
}

/** A project folder driven by the CLI, with its own local backend and passphrase. */
export class PulumiProject {
  readonly env: NodeJS.ProcessEnv;
  readonly backend: string;

  constructor(
    readonly dir: string,
    readonly stack: string,
    extraEnv: NodeJS.ProcessEnv = {},
  ) {
    this.backend = fs.mkdtempSync(path.join(os.tmpdir(), "genie-backend-"));
    const env: NodeJS.ProcessEnv = { ...process.env };
    for (const k of Object.keys(env))
      if (k.startsWith("TS_NODE_") || k === "NODE_OPTIONS" || k.startsWith("DATABRICKS_"))
        delete env[k];
    this.env = {
      ...env,
      PULUMI_BACKEND_URL: `file://${this.backend}`,
      PULUMI_CONFIG_PASSPHRASE: "engine-tier",
      PULUMI_SKIP_UPDATE_CHECK: "true",
      PULUMI_HOME: path.join(this.backend, ".pulumi-home"),
      ...extraEnv,
    };
  }

  /**
   * Lets the project's own PULUMI_HOME see the plugins installed in the user's (the Databricks
   * provider among them), so nothing is downloaded.
   */
  usePlugins(): void {
    const home = this.env["PULUMI_HOME"] as string;
    const plugins = path.join(pulumiHome(), "plugins");
    fs.mkdirSync(home, { recursive: true });
    if (fs.existsSync(plugins)) fs.symlinkSync(plugins, path.join(home, "plugins"), "junction");
  }

  /** `pulumi <args> --stack <stack> --non-interactive` (plus --yes for commands that ask). */
  pulumi(args: string[]): Promise<Run> {
    const asks = ["up", "refresh", "destroy"].includes(args[0] as string);
    return exec(
      PULUMI,
      [...args, "--stack", this.stack, "--non-interactive", ...(asks ? ["--yes"] : [])],
      { cwd: this.dir, env: this.env },
    );
  }

  /** A command that takes no stack (`pulumi install`, `pulumi package add`); must succeed. */
  async mustWithoutStack(args: string[]): Promise<Run> {
    const r = await exec(PULUMI, [...args, "--non-interactive"], { cwd: this.dir, env: this.env });
    if (r.code !== 0)
      throw new Error(`pulumi ${args.join(" ")} exited ${r.code}:\n${r.stdout}\n${r.stderr}`);
    return r;
  }

  async init(config: Record<string, string>, secrets: Record<string, string> = {}): Promise<void> {
    await this.must(["stack", "init"]);
    for (const [k, v] of Object.entries(config)) await this.must(["config", "set", k, v]);
    for (const [k, v] of Object.entries(secrets))
      await this.must(["config", "set", "--secret", k, v]);
  }

  /** Runs a command that must succeed; its output is returned. */
  async must(args: string[]): Promise<Run> {
    const r = await this.pulumi(args);
    if (r.code !== 0)
      throw new Error(`pulumi ${args.join(" ")} exited ${r.code}:\n${r.stdout}\n${r.stderr}`);
    return r;
  }

  async outputs(): Promise<Record<string, unknown>> {
    const r = await this.must(["stack", "output", "--json", "--show-secrets"]);
    return JSON.parse(r.stdout) as Record<string, unknown>;
  }

  /** The checkpoint as `pulumi stack export` prints it. */
  async exported(): Promise<string> {
    return (await this.must(["stack", "export"])).stdout;
  }

  /** The `__provider` string of every dynamic resource in the checkpoint. */
  async providers(): Promise<string[]> {
    const deployment = JSON.parse(await this.exported()) as {
      deployment: { resources?: { inputs?: { __provider?: string } }[] };
    };
    return (deployment.deployment.resources ?? [])
      .map((r) => r.inputs?.__provider)
      .filter((p): p is string => typeof p === "string");
  }

  remove(): void {
    fs.rmSync(this.backend, { recursive: true, force: true });
  }
}

/** A stack trace line, which no error shown to a user should carry. */
export const STACK_TRACE = /\n\s+at .+:\d+:\d+/;
