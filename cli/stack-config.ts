import { createHash } from "node:crypto";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import yaml from "js-yaml";
import type { SettingKey } from "../provider/client/credentials";
import { isObject } from "../provider/model/json";

/** What `genie` found of the Pulumi stack it runs in, for its credentials. */
export interface StackSettings {
  /** The stack file's plain `databricks:*` values. */
  values: Partial<Record<SettingKey, string>>;
  /** The stack, and its file, when one was found. */
  stack?: { name: string; file: string };
  /** Keys the stack file sets as secrets: encrypted, they cannot be read without `pulumi`. */
  encrypted: SettingKey[];
  /** Where it looked and what it found, one sentence for messages. */
  looked: string;
}

/**
 * The `databricks:*` config of the Pulumi stack `genie` runs in, so that the command reaches the
 * workspace the stack's provider reaches (issue #22). The project is the nearest `Pulumi.yaml`
 * from `cwd` upwards; the stack is PULUMI_STACK, else the one `pulumi stack select` chose, which
 * Pulumi keeps in `<PULUMI_HOME or ~/.pulumi>/workspaces/<project>-<sha1 of the Pulumi.yaml
 * path>-workspace.json` (pkg/workspace in pulumi/pulumi); its config is `Pulumi.<stack>.yaml`
 * beside Pulumi.yaml (or in its `stackConfigDir`). No `pulumi` is run: a value set with
 * `--secret` is encrypted and stays unread (said in `encrypted`), and an ESC environment or a
 * project-level default is not seen.
 */
export function stackSettings(cwd: string, env: NodeJS.ProcessEnv): StackSettings {
  const none = (looked: string): StackSettings => ({ values: {}, encrypted: [], looked });
  const projectFile = findUp(cwd, ["Pulumi.yaml", "Pulumi.yml"]);
  if (projectFile === undefined)
    return none(`no Pulumi project (Pulumi.yaml) in ${cwd} or a folder above it`);
  const project = readYaml(projectFile);
  const name = typeof project?.["name"] === "string" ? project["name"] : undefined;
  if (name === undefined) return none(`${projectFile} names no project`);
  const stack = env["PULUMI_STACK"] || selectedStack(name, projectFile, env);
  if (stack === undefined)
    return none(`no stack selected in ${projectFile} (pulumi stack select, or PULUMI_STACK)`);
  // `org/project/dev` keeps its config in Pulumi.dev.yaml.
  const short = stack.split("/").pop() ?? stack;
  const configDir =
    typeof project?.["stackConfigDir"] === "string" ? project["stackConfigDir"] : ".";
  const file = path.join(path.dirname(projectFile), configDir, `Pulumi.${short}.yaml`);
  if (!fs.existsSync(file)) return none(`stack ${short} has no ${file}`);
  const config = readYaml(file)?.["config"];
  const values: Partial<Record<SettingKey, string>> = {};
  const encrypted: SettingKey[] = [];
  if (isObject(config))
    for (const [k, v] of Object.entries(config)) {
      if (!k.startsWith("databricks:")) continue;
      const key = k.slice("databricks:".length) as SettingKey;
      if (typeof v === "string" || typeof v === "number" || typeof v === "boolean")
        values[key] = String(v);
      else if (isObject(v) && typeof v["secure"] === "string") encrypted.push(key);
    }
  return { values, encrypted, stack: { name: short, file }, looked: `stack ${short} (${file})` };
}

function findUp(from: string, names: string[]): string | undefined {
  for (let dir = path.resolve(from); ; dir = path.dirname(dir)) {
    for (const n of names) if (fs.existsSync(path.join(dir, n))) return path.join(dir, n);
    if (path.dirname(dir) === dir) return undefined;
  }
}

function selectedStack(
  name: string,
  projectFile: string,
  env: NodeJS.ProcessEnv,
): string | undefined {
  const home = env["PULUMI_HOME"] || path.join(env["HOME"] || os.homedir(), ".pulumi");
  const hash = createHash("sha1").update(projectFile).digest("hex");
  const file = path.join(home, "workspaces", `${name}-${hash}-workspace.json`);
  try {
    const stack = (JSON.parse(fs.readFileSync(file, "utf8")) as { stack?: unknown }).stack;
    return typeof stack === "string" && stack !== "" ? stack : undefined;
  } catch {
    return undefined;
  }
}

function readYaml(file: string): Record<string, unknown> | undefined {
  try {
    const v = yaml.load(fs.readFileSync(file, "utf8"));
    return isObject(v) ? v : undefined;
  } catch {
    return undefined;
  }
}
