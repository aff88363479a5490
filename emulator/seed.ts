/**
 * What the workspace holds before any call: identities and their tokens, warehouses, Unity Catalog
 * tables and functions, folders. `npm run emulator -- --seed file.json` loads one of these as JSON.
 * The tokens are emulator-only strings, not credentials of any real workspace.
 */
export interface SeedUser {
  name: string;
  /** Workspace admins may do anything (they hold CAN_MANAGE on every space through `admins`). */
  admin?: boolean;
  groups?: string[];
  /** May create spaces in folders it can write (true unless false). */
  canCreate?: boolean;
}

export interface SeedServicePrincipal {
  applicationId: string;
  displayName: string;
  /** For OAuth machine-to-machine at /oidc/v1/token. */
  clientSecret: string;
  admin?: boolean;
  groups?: string[];
  /** Azure Databricks: its Entra ID client secret, checked by the Azure AD stand-in (identity.ts). */
  azureClientSecret?: string;
  /** Azure Databricks: a managed identity the IMDS stand-in hands tokens for. */
  managedIdentity?: boolean;
}

/** Workload identity federation: ID tokens with this issuer and subject act as the service principal. */
export interface SeedFederationPolicy {
  issuer: string;
  subject: string;
  /** Accepted `aud` values besides the workspace's token endpoint URL (the SDKs' default audience). */
  audiences?: string[];
  servicePrincipal: string;
}

export interface SeedWarehouse {
  id: string;
  name: string;
  state?: string;
  warehouse_type?: string;
  enable_serverless_compute?: boolean;
}

export interface SeedTable {
  full_name: string;
  table_type?: string;
  columns?: { name: string; type_name: string; comment?: string }[];
}

export interface Seed {
  users: SeedUser[];
  groups: string[];
  servicePrincipals: SeedServicePrincipal[];
  /** Personal access token -> user name or service principal application id. */
  tokens: Record<string, string>;
  warehouses: SeedWarehouse[];
  tables: SeedTable[];
  functions: { full_name: string }[];
  /**
   * `catalog.schema` names that exist with no tables in them (the catalogs and schemas of `tables`
   * exist anyway).
   */
  schemas?: string[];
  /** The numeric workspace id the SDKs read from the workspace (default `1234567890123456`). */
  workspaceId?: string;
  /** Folders that exist besides every user's home folder (without the /Workspace prefix). */
  folders: string[];
  /** The Entra ID tenant the Azure AD stand-in answers for. */
  azureTenantId?: string;
  federationPolicies?: SeedFederationPolicy[];
  /** The GitHub Actions ID token stand-in: the request token it takes and the subject it signs. */
  githubActions?: { requestToken: string; subject: string };
}

export const ADMIN = "admin@example.com";
export const ADMIN_TOKEN = "emulator-token-admin";
const GITHUB_SUBJECT = "repo:example/genie-stack:ref:refs/heads/main";

export function defaultSeed(): Seed {
  const cols = (...names: string[]) => names.map((name) => ({ name, type_name: "STRING" }));
  return {
    users: [
      { name: ADMIN, admin: true },
      { name: "analyst@example.com", groups: ["analysts"] },
      { name: "viewer@example.com", groups: ["analysts"], canCreate: false },
    ],
    groups: ["admins", "analysts", "data-engineers", "users"],
    servicePrincipals: [
      {
        applicationId: "00000000-0000-4000-8000-00000000c1c0",
        displayName: "ci-deployer",
        clientSecret: "emulator-secret-ci-deployer",
        admin: true,
        azureClientSecret: "emulator-azure-secret-ci-deployer",
        managedIdentity: true,
      },
    ],
    tokens: {
      [ADMIN_TOKEN]: ADMIN,
      "emulator-token-analyst": "analyst@example.com",
      "emulator-token-viewer": "viewer@example.com",
    },
    warehouses: [
      {
        id: "a1b2c3d4e5f60718",
        name: "Starter Warehouse",
        state: "RUNNING",
        warehouse_type: "PRO",
        enable_serverless_compute: true,
      },
      {
        id: "b2c3d4e5f6071829",
        name: "Analytics Warehouse",
        state: "RUNNING",
        warehouse_type: "PRO",
        enable_serverless_compute: true,
      },
    ],
    tables: ["dev", "prod"].flatMap((catalog) => [
      {
        full_name: `${catalog}.sales.orders`,
        table_type: "MANAGED",
        columns: cols("order_id", "customer_id", "amount", "status", "order_date"),
      },
      {
        full_name: `${catalog}.sales.customers`,
        table_type: "MANAGED",
        columns: cols("id", "name", "country"),
      },
    ]),
    functions: [{ full_name: "dev.sales.fiscal_quarter" }],
    folders: ["/Shared", "/Shared/Genie"],
    azureTenantId: "00000000-0000-4000-8000-0000000a2ad0",
    federationPolicies: [
      {
        issuer: "https://token.actions.githubusercontent.com",
        subject: GITHUB_SUBJECT,
        servicePrincipal: "00000000-0000-4000-8000-00000000c1c0",
      },
    ],
    githubActions: { requestToken: "emulator-actions-request-token", subject: GITHUB_SUBJECT },
  };
}

/**
 * The workspace the reference stack's dev config expects (`npm run up:dev` starts the emulator with
 * it): the default seed with the `dev.sales` schema empty, since that stack creates its tables
 * there and a CREATE of an existing table fails (TABLE_OR_VIEW_ALREADY_EXISTS). `prod.sales` keeps
 * its tables, for spaces over data that exists already.
 */
export function devStackSeed(): Seed {
  const seed = defaultSeed();
  return {
    ...seed,
    tables: seed.tables.filter((t) => !t.full_name.startsWith("dev.sales.")),
    schemas: [...(seed.schemas ?? []), "dev.sales"],
  };
}
