import { type ClientOptions, type ClientSettings, databricks, type Databricks } from "../client";
import { ATTRIBUTES } from "../client/credentials";
import { tuningFrom } from "./client-options";

/**
 * What `configure` receives: the whole stack config with secrets decrypted. Credentials are read
 * here, at call time, never from resource inputs or the serialized provider.
 */
export interface ConfigureRequest {
  config: { get(key: string): string | undefined };
}

let settings: ClientSettings = {};
let tuning: () => Partial<ClientOptions> = () => ({});
let cached: Databricks | undefined;

export function configure(req: ConfigureRequest | undefined): void {
  const get = (key: string) => {
    const v = req?.config?.get(key);
    return typeof v === "string" && v !== "" ? v : undefined;
  };
  // Every key of ClientSettings, under the name @pulumi/databricks gives it in the stack config.
  settings = Object.fromEntries(
    ATTRIBUTES.map((a) => [a.key, get(`databricks:${a.key}`)]).filter(([, v]) => v !== undefined),
  ) as ClientSettings;
  tuning = () => tuningFrom(get);
  cached = undefined;
}

/** The client, made on first use so a configuration problem surfaces as that call's error. */
export function api(): Databricks {
  cached ??= databricks({ ...tuning(), settings });
  return cached;
}
