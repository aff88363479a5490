import * as pulumi from "@pulumi/pulumi";
import { Struct } from "google-protobuf/google/protobuf/struct_pb";
import type * as proto from "@pulumi/pulumi/proto/provider_pb";
import type { GenieAnalyticsSpaceArgs } from "../components/genie-analytics-space";
import { PluginAnalyticsSpace } from "./component";
import { COMPONENT_TOKEN } from "./kinds";

/**
 * Construct: the component, built in this process by Pulumi's own Node runtime, which registers it
 * and its children with the engine's resource monitor named in the request, exactly as it does
 * for a TypeScript program. The runtime's helpers do the protocol (they are what
 * `@pulumi/pulumi/provider`'s server uses for Construct): settings and config from the request,
 * inputs with their dependencies as Outputs, the component's outputs serialized with theirs.
 */

/* eslint-disable @typescript-eslint/no-require-imports -- the runtime's internal helpers (no typings) */
const settings = require("@pulumi/pulumi/runtime/settings") as {
  resetOptions(...a: [string, string, number, string, string, boolean, string]): void;
  awaitFeatureSupport(): Promise<void>;
  waitForRPCs(): Promise<void>;
};
const state = require("@pulumi/pulumi/runtime/state") as {
  withLocalStorage<T>(fn: () => Promise<T>): Promise<T>;
};
const server = require("@pulumi/pulumi/provider/server") as {
  deserializeInputs(inputs: Struct | undefined, deps: unknown): Promise<Record<string, unknown>>;
};
const pb = require("@pulumi/pulumi/proto/provider_pb") as typeof proto;
/* eslint-enable @typescript-eslint/no-require-imports */

/** Inputs the component plans from, so they must be plain values when the program runs. */
const PLANNED = [
  "tables",
  "schemas",
  "variables",
  "folder",
  "consumers",
  "consumerLevel",
  "permissionsMode",
  "manageGrants",
  "benchmarkGate",
] as const;

export function construct(
  req: proto.ConstructRequest,
  engine: string | undefined,
): Promise<proto.ConstructResponse> {
  return state.withLocalStorage(async () => {
    if (req.getType() !== COMPONENT_TOKEN)
      throw new Error(
        `the genie plugin has no component '${req.getType()}'; it has ${COMPONENT_TOKEN}`,
      );
    if (engine === undefined)
      throw new Error("the genie plugin was started without an engine address");
    settings.resetOptions(
      req.getProject(),
      req.getStack(),
      req.getParallel(),
      engine,
      req.getMonitorendpoint(),
      req.getDryrun(),
      req.getOrganization(),
    );
    await settings.awaitFeatureSupport();
    const config: Record<string, string> = {};
    for (const [k, v] of req.getConfigMap().entries()) config[k] = v;
    pulumi.runtime.setAllConfig(config, req.getConfigsecretkeysList());

    const inputs = await server.deserializeInputs(req.getInputs(), req.getInputdependenciesMap());
    for (const key of PLANNED) inputs[key] = await known(key, inputs[key]);
    const component = new PluginAnalyticsSpace(
      req.getName(),
      inputs as unknown as GenieAnalyticsSpaceArgs,
      options(req),
    );
    const outputs = {
      spaceId: component.spaceId,
      url: component.url,
      warehouseId: component.warehouseId,
    };
    const [serialized, deps] = await pulumi.runtime.serializeResourceProperties(
      `construct(${COMPONENT_TOKEN}, ${req.getName()})`,
      outputs,
    );
    const res = new pb.ConstructResponse();
    res.setUrn(await valueOf(component.urn));
    res.setState(Struct.fromJavaScript(serialized as never));
    const map = res.getStatedependenciesMap();
    for (const [key, resources] of deps) {
      const d = new pb.ConstructResponse.PropertyDependencies();
      d.setUrnsList(await Promise.all([...resources].map((r) => valueOf(r.urn))));
      map.set(key, d);
    }
    await settings.waitForRPCs();
    return res;
  });
}

/** The options the program gave the component (parent, dependsOn, protect, aliases, providers). */
function options(req: proto.ConstructRequest): pulumi.ComponentResourceOptions {
  const parent = req.getParent();
  const providers: Record<string, pulumi.ProviderResource> = {};
  for (const [pkg, ref] of req.getProvidersMap().entries())
    providers[pkg] = new pulumi.DependencyProviderResource(ref);
  return {
    ...(parent === "" ? {} : { parent: new pulumi.DependencyResource(parent) }),
    dependsOn: req.getDependenciesList().map((urn) => new pulumi.DependencyResource(urn)),
    protect: req.getProtect(),
    providers,
    aliases: req.getAliasesList().flatMap((a) => (a.hasUrn() ? [a.getUrn()] : [])),
  };
}

/**
 * A planned input's value. Over the wire an input that came from another resource is an Output;
 * the component plans grants and names from these, so they must be known when the program runs.
 */
async function known(key: string, value: unknown): Promise<unknown> {
  if (!pulumi.Output.isInstance(value)) return value;
  if (await (value as unknown as { isKnown: Promise<boolean> }).isKnown) return valueOf(value);
  throw new pulumi.InputPropertyError({
    propertyPath: key,
    reason: `${key} must be known when the program runs (the component plans its grants and names from it); pass plain values, not another resource's outputs`,
  });
}

/** An Output's value, by the runtime's own means (Output has no public await). */
function valueOf<T>(o: pulumi.Output<T>): Promise<T> {
  return (o as unknown as { promise(): Promise<T> }).promise();
}
