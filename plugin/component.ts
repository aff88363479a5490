import * as pulumi from "@pulumi/pulumi";
import { GenieAnalyticsSpace } from "../components/genie-analytics-space";
import type { GenieSpace, GenieSpaceArgs } from "../provider/resources/genie-space";
import type { GenieSpacePermissionsArgs } from "../provider/resources/genie-space-permissions";
import type { GenieBenchmarkGateArgs } from "../provider/resources/genie-benchmark-gate";
import { GATE, PERMISSIONS, SPACE } from "./kinds";

/**
 * The component as the plugin constructs it for other languages: the same composition
 * (components/genie-analytics-space.ts), whose space and ACL are the plugin's own resources
 * (`genie:index:GenieSpace`, `genie:index:GenieSpacePermissions`), registered by the engine and
 * served by this plugin like any the program declares; its `@pulumi/databricks` children are
 * registered as a TypeScript program registers them.
 */

/** A space served by this plugin; its outputs are those of the TypeScript class. */
class PluginSpace extends pulumi.CustomResource {
  declare readonly spaceId: pulumi.Output<string>;
  declare readonly etag: pulumi.Output<string>;
  declare readonly url: pulumi.Output<string>;
  declare readonly title: pulumi.Output<string>;
  declare readonly description: pulumi.Output<string>;
  declare readonly warehouseId: pulumi.Output<string>;
  declare readonly parentPath: pulumi.Output<string>;
  declare readonly serializedSpace: pulumi.Output<string>;
  declare readonly drift: pulumi.Output<string[]>;

  constructor(name: string, args: GenieSpaceArgs, opts?: pulumi.CustomResourceOptions) {
    super(
      SPACE.token,
      name,
      {
        ...args,
        spaceId: undefined,
        etag: undefined,
        url: undefined,
        serializedSpace: args.serializedSpace,
        drift: undefined,
      },
      opts,
    );
  }
}

class PluginPermissions extends pulumi.CustomResource {
  constructor(name: string, args: GenieSpacePermissionsArgs, opts?: pulumi.CustomResourceOptions) {
    super(PERMISSIONS.token, name, { ...args, drift: undefined }, opts);
  }
}

class PluginBenchmarkGate extends pulumi.CustomResource {
  constructor(name: string, args: GenieBenchmarkGateArgs, opts?: pulumi.CustomResourceOptions) {
    super(
      GATE.token,
      name,
      {
        ...args,
        evalRunId: undefined,
        accuracy: undefined,
        correct: undefined,
        total: undefined,
        results: undefined,
      },
      opts,
    );
  }
}

export class PluginAnalyticsSpace extends GenieAnalyticsSpace {
  protected override declareSpace(
    name: string,
    args: GenieSpaceArgs,
    opts: pulumi.CustomResourceOptions,
  ): GenieSpace {
    // Structurally a GenieSpace: the same outputs, served by the plugin instead of the dynamic host.
    return new PluginSpace(name, args, opts) as unknown as GenieSpace;
  }

  protected override declarePermissions(
    name: string,
    args: GenieSpacePermissionsArgs,
    opts: pulumi.CustomResourceOptions,
  ): pulumi.CustomResource {
    return new PluginPermissions(name, args, opts);
  }

  protected override declareBenchmarkGate(
    name: string,
    args: GenieBenchmarkGateArgs,
    opts: pulumi.CustomResourceOptions,
  ): pulumi.CustomResource {
    return new PluginBenchmarkGate(name, args, opts);
  }
}
