import * as fs from "node:fs";
import * as path from "node:path";
import { DatabricksStandIn } from "./databricks-standin";
import { failureText, type Props, type ProviderHost } from "./host";
import type { Registration, Responder } from "./monitor";

/** `key: value` lines under `config:` of a stack file (ours are flat, no nesting). */
export function stackConfig(file: string): Record<string, string> {
  const text = fs.readFileSync(file, "utf8");
  const out: Record<string, string> = {};
  for (const m of text.matchAll(/^\s+([\w-]+:[\w-]+):\s*(.+?)\s*$/gm))
    out[m[1] as string] = (m[2] as string).replace(/^"(.*)"$/, "$1");
  return out;
}

/** Pulumi.yaml's `main`, or "." when it has none: the entry point the language host passes. */
export function entryPoint(projectDir: string): string {
  const text = fs.readFileSync(path.join(projectDir, "Pulumi.yaml"), "utf8");
  return /^main:\s*(\S+)\s*$/m.exec(text)?.[1] ?? ".";
}

export interface Step {
  urn: string;
  /** The registered type, e.g. `databricks:index/directory:Directory`. */
  type: string;
  op: "create" | "same" | "update" | "replace";
  replaces: string[];
}

interface Stored {
  type: string;
  id: string;
  inputs: Props;
  outputs: Props;
  /** URNs this resource depends on (its `dependsOn` and the resources its inputs came from). */
  deps: string[];
}

const DYNAMIC = "pulumi-nodejs:dynamic/";

/** JSON with sorted keys, so inputs compare by value. */
function canonical(value: unknown): string {
  return JSON.stringify(value, (_k, v: unknown) =>
    typeof v === "object" && v !== null && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => a.localeCompare(b)))
      : v,
  );
}

/**
 * What the engine does with a program's registrations, kept across runs. Dynamic resources:
 * Check (with the old inputs), then Create, or Diff and Update, through the real provider host.
 * `@pulumi/databricks` resources: the provider's create and delete, made by the stand-in against
 * the emulator; a change to an input the provider replaces on is a replacement, created first and
 * the old one deleted once the run is over (`finish`), as the engine does by default.
 * During a preview, a resource to be created answers its inputs with no id, and a dynamic one to
 * be updated answers no outputs at all, as the real engine does for dynamic providers (they do not
 * support preview of updates, so every output of a resource being updated is unknown); the id
 * stays. Other registrations (the stack, components) echo their inputs.
 */
export class ProgramEngine {
  readonly state = new Map<string, Stored>();
  steps: Step[] = [];
  private replaced: { urn: string; old: Stored }[] = [];

  constructor(
    private readonly host: ProviderHost,
    private readonly databricks: DatabricksStandIn,
  ) {}

  readonly responder: Responder = async (reg: Registration, dryRun: boolean) => {
    if (reg.type.startsWith(DYNAMIC)) return this.dynamic(reg, dryRun);
    if (DatabricksStandIn.handles(reg.type)) return this.bridged(reg, dryRun);
    if (reg.type.startsWith("databricks:"))
      throw new Error(`the Databricks stand-in does not know ${reg.type}: add it`);
    return { id: "", outputs: reg.inputs };
  };

  private step(reg: Registration, op: Step["op"], replaces: string[] = []): void {
    this.steps.push({ urn: reg.urn, type: reg.type, op, replaces });
  }

  private async dynamic(reg: Registration, dryRun: boolean) {
    const old = this.state.get(reg.urn);
    const checked = await this.host.check(reg.urn, old?.inputs ?? {}, reg.inputs);
    if (checked.failures.length > 0) throw new Error(checked.failures.map(failureText).join("\n"));
    const deps = reg.dependencies;
    if (old === undefined) {
      this.step(reg, "create");
      if (dryRun) return { id: "", outputs: checked.inputs };
      const made = await this.host.create(reg.urn, checked.inputs);
      this.state.set(reg.urn, {
        type: reg.type,
        id: made.id,
        inputs: checked.inputs,
        outputs: made.props,
        deps,
      });
      return { id: made.id, outputs: made.props };
    }
    const d = await this.host.diff(old.id, reg.urn, old.outputs, checked.inputs);
    const op = d.replaces.length > 0 ? "replace" : d.changes === "none" ? "same" : "update";
    this.step(reg, op, d.replaces);
    if (op === "same") return { id: old.id, outputs: old.outputs };
    if (dryRun) return { id: old.id, outputs: {} };
    if (op === "replace") throw new Error(`the test engine does not replace (${reg.urn})`);
    const outputs = await this.host.update(old.id, reg.urn, old.outputs, checked.inputs);
    this.state.set(reg.urn, { ...old, inputs: checked.inputs, outputs, deps });
    return { id: old.id, outputs };
  }

  private async bridged(reg: Registration, dryRun: boolean) {
    const old = this.state.get(reg.urn);
    const fresh = async () => {
      const made = await this.databricks.create(reg.type, reg.inputs);
      const stored = { type: reg.type, ...made, inputs: reg.inputs, deps: reg.dependencies };
      this.state.set(reg.urn, stored);
      return { id: made.id, outputs: made.outputs };
    };
    if (old === undefined) {
      this.step(reg, "create");
      return dryRun ? { id: "", outputs: reg.inputs } : fresh();
    }
    if (canonical(old.inputs) === canonical(reg.inputs)) {
      this.step(reg, "same");
      return { id: old.id, outputs: old.outputs };
    }
    const replaces = this.databricks.replaces(reg.type, old.inputs, reg.inputs);
    this.step(reg, replaces.length > 0 ? "replace" : "update", replaces);
    if (dryRun)
      return replaces.length > 0
        ? { id: "", outputs: reg.inputs }
        : { id: old.id, outputs: { ...old.outputs, ...reg.inputs } };
    if (replaces.length === 0)
      throw new Error(`the Databricks stand-in does not update ${reg.type} (${reg.urn}): add it`);
    this.replaced.push({ urn: reg.urn, old });
    return fresh();
  }

  /** The end of an `up`: the resources replaced during it are deleted, dependents first. */
  async finish(): Promise<void> {
    for (const { urn, old } of this.replaced.splice(0).reverse()) await this.remove(urn, old);
  }

  /** Deletes every stored resource, each after everything that depends on it. */
  async destroy(): Promise<void> {
    while (this.state.size > 0) {
      const entries = [...this.state];
      const needed = new Set(entries.flatMap(([, s]) => s.deps));
      const leaf = entries.reverse().find(([urn]) => !needed.has(urn));
      if (leaf === undefined) throw new Error("a dependency cycle in the state");
      await this.remove(leaf[0], leaf[1]);
      this.state.delete(leaf[0]);
    }
  }

  private async remove(urn: string, s: Stored): Promise<void> {
    if (s.type.startsWith(DYNAMIC)) await this.host.delete(s.id, urn, s.outputs);
    else await this.databricks.delete(s.type, s.id, s.outputs);
  }
}
