import type { AccessControlRequest, ObjectPermissions } from "../client";
import { PERMISSION_LEVELS, type PermissionLevel } from "../client/permission-levels";

/** One grant as a program declares it. */
export interface GrantInput {
  userName?: string;
  groupName?: string;
  servicePrincipalName?: string;
  level: PermissionLevel;
}

/** The levels a Genie space's ACL knows, lowest first (a principal's level is its highest grant). */
export const LEVELS: readonly PermissionLevel[] = PERMISSION_LEVELS;
/** The kinds of principal: a grant's property and the permissions API's field. */
const KINDS = [
  ["userName", "user_name"],
  ["groupName", "group_name"],
  ["servicePrincipalName", "service_principal_name"],
] as const;
export type PrincipalKind = (typeof KINDS)[number][1];

/** An ACL's key for a principal: `group_name:analysts`. The one place that writes it. */
export function keyOf(kind: PrincipalKind, name: string): string {
  return `${kind}:${name}`;
}

/** principal key (`group_name:analysts`) -> level; pure, so diffs and merges are simple. */
export type Acl = Map<string, string>;

export function principalKey(g: GrantInput): string {
  for (const [camel, wire] of KINDS)
    if (typeof g[camel] === "string") return keyOf(wire, g[camel] as string);
  return "?";
}

export function fromGrants(grants: readonly GrantInput[]): Acl {
  return new Map(grants.map((g) => [principalKey(g), g.level]));
}

/** An ACL as the grants a program declares, in key order (the inverse of `fromGrants`). */
export function toGrants(acl: Acl): GrantInput[] {
  return [...acl.entries()]
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([key, level]) => {
      const i = key.indexOf(":");
      const camel = KINDS.find(([, wire]) => wire === key.slice(0, i))?.[0] ?? "userName";
      return { [camel]: key.slice(i + 1), level: level as PermissionLevel };
    });
}

/** The direct grants of an ACL answer (inherited ones are not ours to manage). */
export function fromAnswer(answer: ObjectPermissions): Acl {
  const acl: Acl = new Map();
  for (const e of answer.access_control_list ?? []) {
    const kind = KINDS.map(([, wire]) => wire).find((wire) => e[wire] !== undefined);
    const key = kind === undefined ? undefined : keyOf(kind, String(e[kind]));
    const direct = (e.all_permissions ?? [])
      .filter((p) => p.inherited !== true)
      .map((p) => LEVELS.indexOf(p.permission_level as PermissionLevel));
    if (key !== undefined && direct.length > 0) acl.set(key, LEVELS[Math.max(...direct)] as string);
  }
  return acl;
}

export function toRequest(acl: Acl): AccessControlRequest[] {
  return [...acl.entries()]
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([key, level]) => {
      const i = key.indexOf(":");
      return { [key.slice(0, i)]: key.slice(i + 1), permission_level: level as PermissionLevel };
    });
}

/** Lines like `+ group_name:analysts CAN_RUN`, from `a` (declared) to `b` (live), limited to `keys`. */
export function aclDiff(declared: Acl, live: Acl, keys: Iterable<string>): string[] {
  const out: string[] = [];
  for (const k of [...new Set(keys)].sort()) {
    const want = declared.get(k);
    const have = live.get(k);
    if (want === have) continue;
    if (want === undefined) out.push(`+ ${k} ${have} (granted outside Pulumi)`);
    else if (have === undefined) out.push(`- ${k} ${want} (removed outside Pulumi)`);
    else out.push(`~ ${k} ${want} => ${have}`);
  }
  return out;
}

export function sameAcl(a: Acl, b: Acl): boolean {
  return a.size === b.size && [...a].every(([k, v]) => b.get(k) === v);
}
