/**
 * The module every serialized provider loads: `pulumi-databricks-genie/runtime`. Its two exports
 * and their signatures are a compatibility contract with state written by every earlier release;
 * change what they do, never how they are called.
 *
 * Nothing is loaded up front: each call loads the module it needs, so a preview (check and diff)
 * never loads the HTTP client, and a fresh host answers its first check after loading only the
 * model (issue #13).
 */
import type { ConfigureRequest } from "./resources/context";
import type { ResourceKind } from "./resources/shim";

type Method = "check" | "diff" | "create" | "read" | "update" | "delete";
type Fn = (...args: unknown[]) => Promise<unknown>;
type Provider = Partial<Record<string, Fn>>;

/* eslint-disable @typescript-eslint/no-require-imports -- loaded on the first call that needs it */
const load = {
  context: () => require("./resources/context") as typeof import("./resources/context"),
  hostEcho: () => require("./resources/host-echo") as typeof import("./resources/host-echo"),
  savedConfig: () =>
    require("./resources/saved-config") as typeof import("./resources/saved-config"),
  spaceCheck: () =>
    require("./resources/genie-space-check") as typeof import("./resources/genie-space-check"),
  spaceDiff: () =>
    require("./resources/genie-space-diff") as typeof import("./resources/genie-space-diff"),
  space: () =>
    require("./resources/genie-space-provider") as typeof import("./resources/genie-space-provider"),
  permissionsCheck: () =>
    require("./resources/genie-space-permissions-check") as typeof import("./resources/genie-space-permissions-check"),
  permissionsDiff: () =>
    require("./resources/genie-space-permissions-diff") as typeof import("./resources/genie-space-permissions-diff"),
  permissions: () =>
    require("./resources/genie-space-permissions-provider") as typeof import("./resources/genie-space-permissions-provider"),
  gateCheck: () =>
    require("./resources/genie-benchmark-gate-check") as typeof import("./resources/genie-benchmark-gate-check"),
  gateDiff: () =>
    require("./resources/genie-benchmark-gate-diff") as typeof import("./resources/genie-benchmark-gate-diff"),
  gate: () =>
    require("./resources/genie-benchmark-gate-provider") as typeof import("./resources/genie-benchmark-gate-provider"),
};
/* eslint-enable @typescript-eslint/no-require-imports */

/**
 * A kind's methods: check and diff from modules without HTTP, the rest from its provider, each
 * module loaded at the first call that needs it.
 */
function methodsOf(
  check: () => { check: unknown },
  diff: () => { diff: unknown },
  provider: () => unknown,
): (method: string) => Fn | undefined {
  return (method) =>
    method === "check"
      ? (check().check as Fn)
      : method === "diff"
        ? (diff().diff as Fn)
        : (provider() as Provider)[method as Method];
}

/** The function that answers `method` for `kind`. */
const PROVIDERS: Record<ResourceKind, (method: string) => Fn | undefined> = {
  GenieSpace: methodsOf(load.spaceCheck, load.spaceDiff, () => load.space().genieSpaceProvider),
  GenieSpacePermissions: methodsOf(
    load.permissionsCheck,
    load.permissionsDiff,
    () => load.permissions().genieSpacePermissionsProvider,
  ),
  GenieBenchmarkGate: methodsOf(
    load.gateCheck,
    load.gateDiff,
    () => load.gate().genieBenchmarkGateProvider,
  ),
};

export function configure(req: ConfigureRequest | undefined): void {
  load.context().configure(req);
}

export function dispatch(kind: string, method: string, args: unknown[]): Promise<unknown> {
  const provider = Object.hasOwn(PROVIDERS, kind) ? PROVIDERS[kind as ResourceKind] : undefined;
  if (provider === undefined) {
    return Promise.reject(
      new Error(
        `pulumi-databricks-genie: this version has no resource kind '${kind}'; install the version that created this state, or a newer one`,
      ),
    );
  }
  const fn = Object.hasOwn(METHODS, method) ? provider(method) : undefined;
  if (fn === undefined)
    return Promise.reject(new Error(`pulumi-databricks-genie: ${kind} has no method '${method}'`));
  if (method !== "read" && method !== "delete") return fn(...args);
  // The host echoes what read and delete throw, with a stack, before the engine says it again.
  // Read and delete are what refresh and destroy call, with the config saved in the state.
  return fn(...args).catch((e: unknown) => {
    load.savedConfig().withSavedConfigHint(e);
    load.hostEcho().withoutHostEcho(e);
    throw e;
  });
}

const METHODS: Record<Method, true> = {
  check: true,
  diff: true,
  create: true,
  read: true,
  update: true,
  delete: true,
};
