import { splitIdentifier } from "../provider/model/identifiers";

/**
 * Pure planning for GenieAnalyticsSpace: what to grant, to whom, on what. No Pulumi here, so it is
 * tested directly and readable on its own.
 */
export interface Consumers {
  users?: string[];
  groups?: string[];
  servicePrincipals?: string[];
}

export interface PlannedGrant {
  /** Stable suffix of the child resource's name. */
  key: string;
  principal: string;
  securable: { catalog: string } | { schema: string } | { table: string };
  privileges: string[];
}

export function principals(c: Consumers): string[] {
  return [...(c.groups ?? []), ...(c.users ?? []), ...(c.servicePrincipals ?? [])];
}

/** Consumer principals as ACL entries of `@pulumi/databricks` permissions and of GenieSpacePermissions. */
export function aclEntries<L extends string>(c: Consumers, level: L) {
  return [
    ...(c.groups ?? []).map((groupName) => ({ groupName, level })),
    ...(c.users ?? []).map((userName) => ({ userName, level })),
    ...(c.servicePrincipals ?? []).map((servicePrincipalName) => ({ servicePrincipalName, level })),
  ];
}

const slug = (s: string) =>
  s
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-|-$/g, "");

/**
 * USE_CATALOG on each catalog and USE_SCHEMA on each schema the tables live in, once each, and
 * SELECT on each table, for every consumer. `schemas` are `catalog.schema` names of tables given
 * as resources (whose names are only known once they exist).
 */
export function planGrants(
  consumers: Consumers,
  tables: string[],
  schemas: string[],
): PlannedGrant[] {
  const who = principals(consumers);
  const catalogSet = new Set<string>();
  const schemaSet = new Set<string>();
  for (const t of tables) {
    const [catalog, schema] = splitIdentifier(t) ?? [];
    if (catalog !== undefined && schema !== undefined) {
      catalogSet.add(catalog);
      schemaSet.add(`${catalog}.${schema}`);
    }
  }
  for (const s of schemas) {
    const [catalog] = splitIdentifier(s) ?? [];
    if (catalog !== undefined) catalogSet.add(catalog);
    schemaSet.add(s);
  }
  const out: PlannedGrant[] = [];
  for (const p of who) {
    for (const c of [...catalogSet].sort())
      out.push({
        key: `catalog-${slug(c)}-${slug(p)}`,
        principal: p,
        securable: { catalog: c },
        privileges: ["USE_CATALOG"],
      });
    for (const s of [...schemaSet].sort())
      out.push({
        key: `schema-${slug(s)}-${slug(p)}`,
        principal: p,
        securable: { schema: s },
        privileges: ["USE_SCHEMA"],
      });
    for (const t of [...new Set(tables)].sort())
      out.push({
        key: `table-${slug(t)}-${slug(p)}`,
        principal: p,
        securable: { table: t },
        privileges: ["SELECT"],
      });
  }
  return out;
}

export interface ArgsProblem {
  path: string;
  message: string;
}

/**
 * Each consumer once, by name: grants are keyed by the principal's name (a `databricks.Grant`
 * names its principal without its kind), so a name listed twice, even as a user and a group,
 * would declare the same child resource twice.
 */
function consumerProblems(c: Consumers): ArgsProblem[] {
  const out: ArgsProblem[] = [];
  const seen = new Map<string, string>();
  for (const kind of ["groups", "users", "servicePrincipals"] as const) {
    (c[kind] ?? []).forEach((name: unknown, i) => {
      const path = `consumers.${kind}[${i}]`;
      if (typeof name !== "string" || name.trim() === "") {
        out.push({ path, message: `expected a principal's name, got ${JSON.stringify(name)}` });
        return;
      }
      const first = seen.get(name);
      if (first !== undefined)
        out.push({
          path,
          message: `'${name}' is also listed at ${first}; list each consumer once`,
        });
      else seen.set(name, path);
    });
  }
  return out;
}

/** Checks what can be checked before anything is created; every problem at once. */
export function validateAnalyticsSpaceArgs(args: {
  consumers?: Consumers;
  /** The tables given by name. */
  tables?: unknown[];
  /** How many tables were given as resources. */
  tableResources?: number;
  schemas?: string[];
  consumerLevel?: string;
  warehouse?: unknown;
}): ArgsProblem[] {
  const out: ArgsProblem[] = [];
  const who = principals(args.consumers ?? {});
  if (who.length === 0)
    out.push({
      path: "consumers",
      message: "name at least one user, group or service principal who will use the space",
    });
  out.push(...consumerProblems(args.consumers ?? {}));
  if ((args.tables ?? []).length + (args.tableResources ?? 0) === 0)
    out.push({ path: "tables", message: "a space needs at least one table" });
  (args.tables ?? []).forEach((t, i) => {
    if (typeof t === "string" && splitIdentifier(t)?.length !== 3)
      out.push({
        path: `tables[${i}]`,
        message: `'${t}' is not a three-part name catalog.schema.table`,
      });
  });
  if ((args.tableResources ?? 0) > 0 && (args.schemas ?? []).length === 0) {
    out.push({
      path: "schemas",
      message:
        'tables given as resources need schemas: ["catalog.schema", ...] so USE_CATALOG and USE_SCHEMA are granted once per schema',
    });
  }
  (args.schemas ?? []).forEach((s, i) => {
    if (splitIdentifier(s)?.length !== 2)
      out.push({ path: `schemas[${i}]`, message: `'${s}' is not a two-part name catalog.schema` });
  });
  if (
    args.consumerLevel !== undefined &&
    !["CAN_READ", "CAN_RUN", "CAN_EDIT", "CAN_MANAGE"].includes(args.consumerLevel)
  ) {
    out.push({ path: "consumerLevel", message: "use CAN_READ, CAN_RUN, CAN_EDIT or CAN_MANAGE" });
  }
  const w = args.warehouse as { id?: unknown; create?: unknown } | undefined;
  if (w === undefined || (w.id === undefined) === (w.create === undefined))
    out.push({
      path: "warehouse",
      message: "give either { id } of an existing warehouse or { create: {...} } for a new one",
    });
  return out;
}
