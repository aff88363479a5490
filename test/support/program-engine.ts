import * as fs from "node:fs";
import * as path from "node:path";
import type { Props, ProviderHost } from "./host";
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
  op: "create" | "same" | "update" | "replace";
  replaces: string[];
}

interface Stored {
  id: string;
  inputs: Props;
  outputs: Props;
}

/**
 * What the engine does with a program's registrations of dynamic resources, kept across runs:
 * Check (with the old inputs), then Create, or Diff and Update, through the real provider host.
 * During a preview, a resource to be created answers its checked inputs, and one to be updated
 * answers no outputs at all, as the real engine does for dynamic providers (they do not support
 * preview of updates, so every output of a resource being updated is unknown); the id stays.
 * Other registrations (the stack, components) echo their inputs.
 */
export class ProgramEngine {
  readonly state = new Map<string, Stored>();
  steps: Step[] = [];

  constructor(private readonly host: ProviderHost) {}

  readonly responder: Responder = async (reg: Registration, dryRun: boolean) => {
    if (!reg.type.startsWith("pulumi-nodejs:dynamic/")) return { id: "", outputs: reg.inputs };
    const old = this.state.get(reg.urn);
    const checked = await this.host.check(reg.urn, old?.inputs ?? {}, reg.inputs);
    if (checked.failures.length > 0)
      throw new Error(checked.failures.map((f) => `${f.property}: ${f.reason}`).join("\n"));
    if (old === undefined) {
      this.steps.push({ urn: reg.urn, op: "create", replaces: [] });
      if (dryRun) return { id: "", outputs: checked.inputs };
      const made = await this.host.create(reg.urn, checked.inputs);
      this.state.set(reg.urn, { id: made.id, inputs: checked.inputs, outputs: made.props });
      return { id: made.id, outputs: made.props };
    }
    const d = await this.host.diff(old.id, reg.urn, old.outputs, checked.inputs);
    const op = d.replaces.length > 0 ? "replace" : d.changes === "none" ? "same" : "update";
    this.steps.push({ urn: reg.urn, op, replaces: d.replaces });
    if (op === "same") return { id: old.id, outputs: old.outputs };
    if (dryRun) return { id: old.id, outputs: {} };
    if (op === "replace") throw new Error(`the test engine does not replace (${reg.urn})`);
    const outputs = await this.host.update(old.id, reg.urn, old.outputs, checked.inputs);
    this.state.set(reg.urn, { id: old.id, inputs: checked.inputs, outputs });
    return { id: old.id, outputs };
  };

  /** Deletes every stored resource, dependents first (the reverse of creation). */
  async destroy(): Promise<void> {
    for (const [urn, s] of [...this.state].reverse()) {
      await this.host.delete(s.id, urn, s.outputs);
      this.state.delete(urn);
    }
  }
}
