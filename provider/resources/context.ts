import type { ClientOptions, ClientSettings, Databricks } from "../client";
import { tuningFrom } from "./client-options";

/**
 * What `configure` receives: the whole stack config with secrets decrypted. Credentials are read
 * here, at call time, never from resource inputs or the serialized provider.
 */
export interface ConfigureRequest {
  config: { get(key: string): string | undefined };
}

/** How a host names where a setting came from, in messages (see `configure`). */
export interface ConfigureOptions {
  /** e.g. `(key) => "Pulumi config genie:" + key`; by default `Pulumi config databricks:<key>`. */
  settingsLabel?: (key: string) => string;
}

let read: (key: string) => string | undefined = () => undefined;
let label: ConfigureOptions["settingsLabel"];
let cached: Databricks | undefined;

/**
 * Takes the stack config for the next calls. The provider plugin hands its own config keys
 * (`genie:host`) through the same `databricks:` names, and `options` to name them in messages.
 */
export function configure(req: ConfigureRequest | undefined, options: ConfigureOptions = {}): void {
  read = (key: string) => {
    const v = req?.config?.get(key);
    return typeof v === "string" && v !== "" ? v : undefined;
  };
  label = options.settingsLabel;
  cached = undefined;
}

/** A value of the stack config given to the last `configure` (undefined when unset or empty). */
export function setting(key: string): string | undefined {
  return read(key);
}

/**
 * The client, made on first use so a configuration problem surfaces as that call's error. The
 * client's modules load here too, not with this file: check and diff never need them.
 */
export function api(): Databricks {
  /* eslint-disable @typescript-eslint/no-require-imports -- see above */
  const client = require("../client") as typeof import("../client");
  const { ATTRIBUTES, processSources } =
    require("../client/credentials") as typeof import("../client/credentials");
  /* eslint-enable @typescript-eslint/no-require-imports */
  // Every key of ClientSettings, under the name @pulumi/databricks gives it in the stack config.
  const get = read;
  cached ??= client.databricks({
    ...tuningFrom(get),
    ...(label === undefined ? {} : { sources: { ...processSources(), settingsLabel: label } }),
    settings: Object.fromEntries(
      ATTRIBUTES.map((a) => [a.key, get(`databricks:${a.key}`)]).filter(([, v]) => v !== undefined),
    ) as ClientSettings,
  });
  return cached;
}

export type { ClientOptions };
