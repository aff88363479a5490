import type { Core } from "./core";
import { stateOf } from "./warehouses";

/**
 * What someone pointing a stack or a script at the emulator needs to know, printed when it starts
 * (`npm run emulator`, `genie emulator`, `--json`): where it listens, the credentials of the
 * seed's identities (emulator-only strings, not credentials of any workspace), and the warehouses,
 * catalogs, schemas, tables and functions there are, as the emulator holds them now (a data
 * directory may hold more than the seed).
 */
export interface EmulatorDescription {
  url: string;
  /** A token of a workspace admin. */
  token: string;
  users: { name: string; token?: string; admin: boolean }[];
  /** For OAuth machine-to-machine: DATABRICKS_CLIENT_ID and DATABRICKS_CLIENT_SECRET. */
  servicePrincipals: { name: string; clientId: string; clientSecret: string }[];
  warehouses: { id: string; name: string; state: string }[];
  catalogs: string[];
  schemas: string[];
  tables: string[];
  functions: string[];
}

export function describe(core: Core, url: string, token: string): EmulatorDescription {
  const tokenOf = (name: string) =>
    Object.entries(core.seed.tokens).find(([, who]) => who === name)?.[0];
  const p = core.platform.state;
  return {
    url,
    token,
    users: core.seed.users.map((u) => ({
      name: u.name,
      ...(tokenOf(u.name) === undefined ? {} : { token: tokenOf(u.name) }),
      admin: u.admin === true,
    })),
    servicePrincipals: core.seed.servicePrincipals.map((s) => ({
      name: s.displayName,
      clientId: s.applicationId,
      clientSecret: s.clientSecret,
    })),
    warehouses: Object.values(p.warehouses).map((w) => ({
      id: w.id,
      name: String(w.spec["name"] ?? ""),
      state: stateOf(core, w),
    })),
    catalogs: Object.keys(p.catalogs).sort(),
    schemas: Object.keys(p.schemas)
      .filter((s) => !s.endsWith(".information_schema"))
      .sort(),
    tables: Object.keys(p.tables).sort(),
    functions: core.seed.functions.map((f) => f.full_name).sort(),
  };
}

/** The description as the lines `npm run emulator` prints under the URL and token. */
export function describeLines(d: EmulatorDescription): string[] {
  const list = (xs: string[]) => (xs.length === 0 ? "(none)" : xs.join(", "));
  return [
    `  users: ${list(d.users.map((u) => `${u.name}${u.admin ? " (admin)" : ""}${u.token === undefined ? "" : ` token ${u.token}`}`))}`,
    ...d.servicePrincipals.map(
      (s) =>
        `  OAuth M2M (${s.name}): DATABRICKS_CLIENT_ID=${s.clientId} DATABRICKS_CLIENT_SECRET=${s.clientSecret}`,
    ),
    `  warehouses: ${list(d.warehouses.map((w) => `${w.id} (${w.name}, ${w.state})`))}`,
    `  catalogs: ${list(d.catalogs)}`,
    `  schemas: ${list(d.schemas)}`,
    `  tables: ${list(d.tables)}`,
    `  functions: ${list(d.functions)}`,
  ];
}
