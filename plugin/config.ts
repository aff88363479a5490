import { ATTRIBUTES } from "../provider/client/auth/attributes";
import { PREFLIGHT_KEY, TUNING_KEYS } from "../provider/resources/client-options";
import { type Props, unwrap } from "./wire";

/**
 * The plugin's configuration: the engine hands a provider only its own namespace (`genie:host`,
 * `genie:token`, ...; never `databricks:*`), so the plugin takes under `genie:` exactly the keys
 * the dynamic resources read under `databricks:` (every attribute of the client's credential
 * chain) and `databricks-genie:` (the client's time budget), and hands them to the resources'
 * own `configure` under those names. The same chain then runs: config, environment, profile.
 */

/** Config key (without `genie:`) -> the name the resources read. */
export const CONFIG_KEYS: ReadonlyMap<string, string> = new Map([
  ...ATTRIBUTES.map((a) => [a.key, `databricks:${a.key}`] as const),
  ...[...Object.values(TUNING_KEYS), PREFLIGHT_KEY].map(
    (k) => [k.slice(k.indexOf(":") + 1), k] as const,
  ),
]);

/** The keys whose values are credentials (the schema marks them secret). */
export const SECRET_KEYS: ReadonlySet<string> = new Set(
  ATTRIBUTES.filter((a) => a.sensitive === true).map((a) => a.key),
);

/**
 * The config as `configure` of provider/resources/context.ts takes it, from a ConfigureRequest's
 * `args` (secrets unwrapped) or, for an engine that sends only the older `variables` map
 * (`genie:config:host`), from that.
 */
export function stackConfig(
  args: Props,
  variables: { get(key: string): string | undefined },
): { get(key: string): string | undefined } {
  const byName = new Map<string, string>();
  for (const [key, name] of CONFIG_KEYS) {
    const v =
      unwrap(args[key]) ?? variables.get(`genie:config:${key}`) ?? variables.get(`genie:${key}`);
    if (v !== undefined && v !== null)
      byName.set(name, typeof v === "string" ? v : JSON.stringify(v));
  }
  return { get: (key) => byName.get(key) };
}

/** How messages name a setting given in the config. */
export const settingsLabel = (key: string): string => `Pulumi config genie:${key}`;
