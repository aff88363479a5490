/**
 * The module every serialized provider loads: `pulumi-databricks-genie/runtime`. Its two exports
 * and their signatures are a compatibility contract with state written by every earlier release;
 * change what they do, never how they are called.
 */
import { configure as configureContext, type ConfigureRequest } from "./resources/context";
import { genieSpacePermissionsProvider } from "./resources/genie-space-permissions-provider";
import { genieSpaceProvider } from "./resources/genie-space-provider";
import type { ResourceKind } from "./resources/shim";

type Method = "check" | "diff" | "create" | "read" | "update" | "delete";
type Provider = Record<Method, (...args: never[]) => Promise<unknown>>;

const PROVIDERS: Partial<Record<ResourceKind, Provider>> = {
  GenieSpace: genieSpaceProvider as unknown as Provider,
  GenieSpacePermissions: genieSpacePermissionsProvider as unknown as Provider,
};

export function configure(req: ConfigureRequest | undefined): void {
  configureContext(req);
}

export function dispatch(kind: string, method: string, args: unknown[]): Promise<unknown> {
  const provider = PROVIDERS[kind as ResourceKind];
  if (provider === undefined) {
    return Promise.reject(
      new Error(
        `pulumi-databricks-genie: this version has no resource kind '${kind}'; install the version that created this state, or a newer one`,
      ),
    );
  }
  const fn = provider[method as Method] as ((...a: unknown[]) => Promise<unknown>) | undefined;
  if (fn === undefined)
    return Promise.reject(new Error(`pulumi-databricks-genie: ${kind} has no method '${method}'`));
  return fn(...args);
}
