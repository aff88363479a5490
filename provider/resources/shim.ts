import type * as pulumi from "@pulumi/pulumi";

/**
 * The object handed to `pulumi.dynamic.Resource`. Pulumi serializes it into the state of every
 * resource (`__provider`) and later runs it in the engine's dynamic-provider host, a plain node
 * process, for refresh and destroy too, possibly with a newer version of this package installed.
 * So it holds no path, no credential and no library: each method loads the implementation at call
 * time from one module path, which is a compatibility contract (README, "Compatibility"):
 *
 *   require("pulumi-databricks-genie/runtime").configure(request)
 *   require("pulumi-databricks-genie/runtime").dispatch(kind, method, args)
 *
 * The literal is repeated in each function on purpose: the closure serializer copies function
 * source, and a shared constant would be copied anyway.
 */
export type ResourceKind = "GenieSpace" | "GenieSpacePermissions" | "GenieBenchmarkGate";

/**
 * One provider object per kind: Pulumi caches a provider's serialization by the object, and
 * serializing a closure is the costliest part of declaring a resource (a new object per resource
 * cost a 100-space program seconds; issue #13). Nothing here is captured by the serialized text.
 */
const PROVIDERS = new Map<ResourceKind, pulumi.dynamic.ResourceProvider>();

export function dynamicProvider(kind: ResourceKind): pulumi.dynamic.ResourceProvider {
  let provider = PROVIDERS.get(kind);
  if (provider === undefined) PROVIDERS.set(kind, (provider = newProvider(kind)));
  return provider;
}

function newProvider(kind: ResourceKind): pulumi.dynamic.ResourceProvider {
  /* eslint-disable @typescript-eslint/no-require-imports -- resolved in the host process, at call time */
  const call = (method: string, args: unknown[]) =>
    require("pulumi-databricks-genie/runtime").dispatch(kind, method, args);
  return {
    configure: (req: unknown) => require("pulumi-databricks-genie/runtime").configure(req),
    check: (...args: unknown[]) => call("check", args),
    diff: (...args: unknown[]) => call("diff", args),
    create: (...args: unknown[]) => call("create", args),
    read: (...args: unknown[]) => call("read", args),
    update: (...args: unknown[]) => call("update", args),
    delete: (...args: unknown[]) => call("delete", args),
  } as pulumi.dynamic.ResourceProvider;
  /* eslint-enable @typescript-eslint/no-require-imports */
}
