import { strict as assert } from "node:assert";
import { defaultSeed, type EmulatorOptions } from "../../emulator";
import { emulator } from "./emulator";
import { Engine } from "./engine";
import { type Props, ProviderHost, secret } from "./host";

export const SPACES = "/api/2.0/genie/spaces";
export const acl = (id: string) => `/api/2.0/permissions/genie/${id}`;
/** Groups the seed gets besides its own, so several resources can grant distinct principals. */
export const TEAMS = ["team-a", "team-b", "team-c", "team-d", "team-e"];

/**
 * An emulator and a real provider host with a short time budget (the `databricks-genie:*` stack
 * config keys), for tests that inject faults and must not wait minutes for a timeout.
 */
export async function world(
  tuning: Record<string, number> = {},
  options: EmulatorOptions = {},
): Promise<{
  t: Awaited<ReturnType<typeof emulator>>;
  host: ProviderHost;
  engine: Engine;
  spaces: () => Promise<{ space_id: string; title: string; parent_path: string }[]>;
  grants: (spaceId: string) => Promise<Record<string, string>>;
  stop: () => Promise<void>;
}> {
  const seed = defaultSeed();
  seed.groups.push(...TEAMS);
  const t = await emulator({ seed, ...options });
  const config: Props = {
    "databricks:host": t.emu.url,
    "databricks:token": secret(t.emu.token),
  };
  const defaults = {
    timeoutMs: 2_000,
    retryMaxElapsedMs: 20_000,
    retryBaseDelayMs: 10,
    retryMaxDelayMs: 200,
    createSettleMs: 1_500,
  };
  for (const [k, v] of Object.entries({ ...defaults, ...tuning }))
    config[`databricks-genie:${k}`] = String(v);
  const host = await ProviderHost.start(config);
  const engine = new Engine(host);
  return {
    t,
    host,
    engine,
    spaces: async () => {
      const out: { space_id: string; title: string; parent_path: string }[] = [];
      let token = "";
      do {
        const res = await t.call("GET", `${SPACES}?page_size=100&page_token=${token}`);
        assert.equal(res.status, 200, JSON.stringify(res.body));
        out.push(...(res.body["spaces"] as typeof out));
        token = String(res.body["next_page_token"] ?? "");
      } while (token !== "");
      return out;
    },
    grants: async (spaceId) => {
      const res = await t.call("GET", acl(spaceId));
      const out: Record<string, string> = {};
      for (const e of (res.body["access_control_list"] ?? []) as Record<string, unknown>[]) {
        const p = (e["all_permissions"] as { permission_level: string; inherited: boolean }[])[0];
        if (p === undefined || p.inherited) continue;
        const kind = ["user_name", "group_name", "service_principal_name"].find(
          (k) => e[k] !== undefined,
        ) as string;
        out[`${kind}:${String(e[kind])}`] = p.permission_level;
      }
      return out;
    },
    stop: async () => {
      host.stop();
      await t.emu.stop();
    },
  };
}
