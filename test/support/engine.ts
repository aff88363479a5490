import { failureText, type Props, ProviderHost } from "./host";

export interface ResourceState {
  urn: string;
  id: string;
  inputs: Props;
  outputs: Props;
}

export type Step = "create" | "update" | "same" | "delete" | "refresh-changed" | "refresh-same";

/** Thrown when check returns failures, as the engine stops there. */
export class CheckFailed extends Error {
  constructor(readonly failures: { property: string; reason: string }[]) {
    super(failures.map(failureText).join("\n"));
  }
}

/**
 * The engine's part of `pulumi up`, `preview`, `refresh` and `destroy` for dynamic resources:
 * Check with the old inputs, Diff against the old outputs, then Create / Update / Read / Delete,
 * keeping inputs and outputs as the engine keeps state.
 */
export class Engine {
  readonly state = new Map<string, ResourceState>();
  constructor(readonly host: ProviderHost) {}

  private urn(name: string): string {
    return `urn:pulumi:dev::genie-reference::pulumi-nodejs:dynamic/genie:GenieSpace::${name}`;
  }

  async preview(name: string, news: Props): Promise<Step> {
    const old = this.state.get(name);
    const checked = await this.host.check(this.urn(name), old?.inputs ?? {}, news);
    if (checked.failures.length > 0) throw new CheckFailed(checked.failures);
    if (old === undefined) return "create";
    const d = await this.host.diff(old.id, old.urn, old.outputs, checked.inputs);
    if (d.replaces.length > 0)
      throw new Error(`unexpected replacement of ${d.replaces.join(", ")}`);
    return d.changes === "none" ? "same" : "update";
  }

  async up(name: string, news: Props): Promise<Step> {
    const step = await this.preview(name, news);
    const old = this.state.get(name);
    const checked = (await this.host.check(this.urn(name), old?.inputs ?? {}, news)).inputs;
    if (step === "create") {
      const { id, props } = await this.host.create(this.urn(name), checked);
      this.state.set(name, { urn: this.urn(name), id, inputs: checked, outputs: props });
    } else if (step === "update" && old !== undefined) {
      const props = await this.host.update(old.id, old.urn, old.outputs, checked);
      this.state.set(name, { ...old, inputs: checked, outputs: props });
    } else if (old !== undefined) {
      this.state.set(name, { ...old, inputs: checked });
    }
    return step;
  }

  async refresh(name: string): Promise<Step> {
    const old = this.state.get(name);
    if (old === undefined) throw new Error(`${name} is not in the state`);
    const res = await this.host.read(old.id, old.urn, old.outputs, old.inputs);
    if (res.id === "") {
      this.state.delete(name);
      return "delete";
    }
    const same = JSON.stringify(res.props) === JSON.stringify(old.outputs);
    this.state.set(name, {
      ...old,
      id: res.id,
      outputs: res.props,
      inputs: res.inputs ?? old.inputs,
    });
    return same ? "refresh-same" : "refresh-changed";
  }

  async destroy(name: string): Promise<void> {
    const old = this.state.get(name);
    if (old === undefined) return;
    await this.host.delete(old.id, old.urn, old.outputs);
    this.state.delete(name);
  }

  outputs(name: string): Props {
    const s = this.state.get(name);
    if (s === undefined) throw new Error(`${name} is not in the state`);
    return s.outputs;
  }
}
