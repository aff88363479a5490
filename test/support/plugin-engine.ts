import type { Props } from "./host";
import { type DiffAnswer, type PluginClient, SPACE_TYPE } from "./plugin";

export interface Stored {
  type: string;
  id: string;
  inputs: Props;
  outputs: Props;
}

export interface Planned {
  op: "create" | "update" | "same";
  diff?: DiffAnswer;
  /** What create or update answered in the preview (preview: true). */
  outputs?: Props;
}

/**
 * The engine's part of `pulumi preview`, `up`, `refresh`, `import` and `destroy` for the plugin's
 * resources, as pkg/resource/deploy does it: Check with the old inputs; Diff against the old
 * outputs with the old inputs alongside; Create or Update, with `preview` set during a preview;
 * Read with the state for refresh and with none for import, then Check of the inputs Read gave.
 */
export class PluginEngine {
  readonly state = new Map<string, Stored>();
  constructor(readonly plugin: PluginClient) {}

  async checked(type: string, name: string, news: Props): Promise<Props> {
    const old = this.state.get(name);
    const c = await this.plugin.check(type, name, news, old?.inputs ?? {});
    if (c.failures.length > 0)
      throw new Error(c.failures.map((f) => `${f.property}: ${f.reason}`).join("\n"));
    return c.inputs;
  }

  async preview(name: string, news: Props, type = SPACE_TYPE): Promise<Planned> {
    const inputs = await this.checked(type, name, news);
    const old = this.state.get(name);
    if (old === undefined)
      return { op: "create", outputs: (await this.plugin.create(type, name, inputs, true)).props };
    const diff = await this.plugin.diff(type, name, old.id, old.outputs, inputs, old.inputs);
    if (diff.changes !== "some") return { op: "same", diff };
    return {
      op: "update",
      diff,
      outputs: await this.plugin.update(type, name, old.id, old.outputs, inputs, true),
    };
  }

  async up(name: string, news: Props, type = SPACE_TYPE): Promise<Planned["op"]> {
    const inputs = await this.checked(type, name, news);
    const old = this.state.get(name);
    if (old === undefined) {
      const made = await this.plugin.create(type, name, inputs);
      this.state.set(name, { type, id: made.id, inputs, outputs: made.props });
      return "create";
    }
    const diff = await this.plugin.diff(type, name, old.id, old.outputs, inputs, old.inputs);
    if (diff.changes !== "some") {
      this.state.set(name, { ...old, inputs });
      return "same";
    }
    const outputs = await this.plugin.update(type, name, old.id, old.outputs, inputs);
    this.state.set(name, { ...old, inputs, outputs });
    return "update";
  }

  async refresh(name: string): Promise<"gone" | "same" | "changed"> {
    const old = this.stored(name);
    const r = await this.plugin.read(old.type, name, old.id, old.outputs, old.inputs);
    if (r.id === "") {
      this.state.delete(name);
      return "gone";
    }
    const same = JSON.stringify(r.props) === JSON.stringify(old.outputs);
    this.state.set(name, { ...old, id: r.id, outputs: r.props, inputs: r.inputs });
    return same ? "same" : "changed";
  }

  /** `pulumi import <type> <name> <id>`: Read with no state, then Check of what Read gave. */
  async import(name: string, id: string, type = SPACE_TYPE): Promise<Stored> {
    const r = await this.plugin.read(type, name, id);
    if (r.id === "") throw new Error(`${id} does not exist`);
    const inputs = await this.checked(type, name, r.inputs);
    const stored = { type, id: r.id, inputs, outputs: r.props };
    this.state.set(name, stored);
    return stored;
  }

  async destroy(name: string): Promise<void> {
    const old = this.stored(name);
    await this.plugin.delete(old.type, name, old.id, old.outputs);
    this.state.delete(name);
  }

  stored(name: string): Stored {
    const s = this.state.get(name);
    if (s === undefined) throw new Error(`${name} is not in the state`);
    return s;
  }
}
