import * as pulumi from "@pulumi/pulumi";
import type { Props } from "../support/host";

/**
 * The bench's yardstick: a dynamic provider that does nothing (check returns its inputs, diff
 * finds no change, create echoes its inputs). Run by the same Pulumi host, on the same bytes, it
 * costs what Pulumi costs (gRPC, protobuf Struct decoding and encoding, the host's own work), so
 * `GenieSpace time / trivial time` is what this package adds.
 */
const trivialProvider: pulumi.dynamic.ResourceProvider = {
  async check(_olds: unknown, news: Record<string, unknown>) {
    return { inputs: news };
  },
  async diff() {
    return { changes: false };
  },
  async create(inputs: Record<string, unknown>) {
    return { id: "trivial", outs: inputs };
  },
};

class Trivial extends pulumi.dynamic.Resource {
  constructor(name: string) {
    super(trivialProvider, name, {});
  }
}

/** The trivial provider's `__provider`, serialized by Pulumi as for any dynamic resource. */
export async function trivialProviderText(): Promise<string> {
  let text: string | undefined;
  await pulumi.runtime.setMocks(
    {
      newResource: (args) => {
        text = String((args.inputs as Props)["__provider"]);
        return { id: "trivial", state: args.inputs };
      },
      call: () => {
        throw new Error("unmocked call");
      },
    },
    "bench",
    "dev",
  );
  const r = new Trivial("trivial");
  await new Promise<void>((resolve) => r.urn.apply(() => resolve()));
  if (text === undefined) throw new Error("the trivial provider was not registered");
  return text;
}

/** The same properties, for the trivial provider. */
export const withProvider = (props: Props, provider: string): Props => ({
  ...props,
  __provider: provider,
});

/** The trivial provider as a program's source, for the engine's stacks (same closure). */
export const TRIVIAL_PROGRAM_PROVIDER = `{
  async check(_olds: unknown, news: Record<string, unknown>) {
    return { inputs: news };
  },
  async diff() {
    return { changes: false };
  },
  async create(inputs: Record<string, unknown>) {
    return { id: "trivial", outs: inputs };
  },
}`;
