import * as pulumi from "@pulumi/pulumi";
import {
  GenieBenchmarkGate,
  type GenieBenchmarkGateArgs,
  GenieSpace,
  type GenieSpaceArgs,
  GenieSpacePermissions,
  type GenieSpacePermissionsArgs,
} from "../../provider";
import type { Props } from "./host";

const registered = new Map<string, Props>();
/** Installed on every call: other tests may have set mocks of their own in between. */
async function mock(): Promise<void> {
  await pulumi.runtime.setMocks(
    {
      newResource: (args) => {
        registered.set(args.name, args.inputs as Props);
        return { id: `${args.name}-id`, state: args.inputs };
      },
      call: (args) => {
        throw new Error(`unmocked call ${args.token}`);
      },
    },
    "genie-reference",
    "dev",
  );
}

/**
 * The inputs a real `new GenieSpace(...)` registers (its `__provider` included), as a program
 * under Pulumi's mocks produces them: what the engine then hands to the provider host.
 */
let seq = 0;

export function declare(
  name: string,
  args: GenieSpaceArgs,
  opts?: pulumi.CustomResourceOptions,
): Promise<Props> {
  return declareWith(name, (n) => new GenieSpace(n, args, opts));
}

/** As {@link declare}, for GenieSpacePermissions. */
export function declarePermissions(name: string, args: GenieSpacePermissionsArgs): Promise<Props> {
  return declareWith(name, (n) => new GenieSpacePermissions(n, args));
}

/** As {@link declare}, for GenieBenchmarkGate. */
export function declareGate(name: string, args: GenieBenchmarkGateArgs): Promise<Props> {
  return declareWith(name, (n) => new GenieBenchmarkGate(n, args));
}

async function declareWith(
  name: string,
  make: (name: string) => pulumi.CustomResource,
): Promise<Props> {
  await mock();
  // A fresh resource name each call: a program may declare the same logical resource many times here.
  name = `${name}-${++seq}`;
  const resource = make(name);
  await new Promise<void>((resolve) => resource.urn.apply(() => resolve()));
  const inputs = registered.get(name);
  if (inputs === undefined) throw new Error(`${name} was not registered`);
  return JSON.parse(JSON.stringify(inputs)) as Props;
}
