import * as fs from "node:fs";
import { defaultSeed, type Seed } from "../../emulator";
import { type ClientSettings, databricks, type Databricks } from "../../provider/client";
import { emulator } from "./emulator";

export const SP_ID = "00000000-0000-4000-8000-00000000c1c0";
export const SP_SECRET = "emulator-secret-ci-deployer";
export const AZURE_SECRET = "emulator-azure-secret-ci-deployer";
export const TENANT = "00000000-0000-4000-8000-0000000a2ad0";
export const ACTIONS_REQUEST_TOKEN = "emulator-actions-request-token";
export const GITHUB_ISSUER = "https://token.actions.githubusercontent.com";
export const GITHUB_SUBJECT = "repo:example/genie-stack:ref:refs/heads/main";
export const RESOURCE_ID =
  "/subscriptions/00000000-0000-4000-8000-00000000500b/resourceGroups/rg/providers/Microsoft.Databricks/workspaces/genie";
export const ANALYST = "analyst@example.com";

/** What the fake tools print: tokens the emulator knows as the analyst, never as the admin. */
export const CLI_TOKENS = ["cli-token-first", "cli-token-second", "cli-token-third"];
export const AZ_TOKENS = ["az-token-first", "az-token-second"];

/** The default seed, plus the tokens the fake `databricks` and `az` print. */
export function authSeed(): Seed {
  const seed = defaultSeed();
  for (const t of [...CLI_TOKENS, ...AZ_TOKENS]) seed.tokens[t] = ANALYST;
  return seed;
}

export type AuthEmu = Awaited<ReturnType<typeof emulator>>;

export const authEmulator = () => emulator({ seed: authSeed() });

/** A client on the emulator that sees only `env` (never the machine's) and the emulator's clock. */
export function authClient(
  t: AuthEmu,
  settings: ClientSettings,
  env: Record<string, string | undefined>,
  logs: string[] = [],
): Databricks {
  return databricks({
    settings: { host: t.emu.url, ...settings },
    sources: {
      env,
      readFile: (f) => {
        try {
          return fs.readFileSync(f, "utf8");
        } catch {
          return undefined;
        }
      },
      homeDir: "/nonexistent",
    },
    now: t.clock.now,
    timeoutMs: 10_000,
    retry: { maxAttempts: 2 },
    sleep: async () => undefined,
    random: () => 0.5,
    log: (l) => logs.push(l),
  });
}

/** Who the workspace thinks is calling. */
export async function whoAmI(dbx: Databricks): Promise<string> {
  return (await dbx.currentUser.me()).name;
}
