import { badRequest } from "./errors";

/**
 * ACL bodies as the permissions API takes them, for every object type the emulator serves:
 * `{access_control_list: [{user_name | group_name | service_principal_name, permission_level}]}`
 * (docs/api-behaviour.md, "Permissions"). Stored ACLs are keyed by `kind:name`.
 */
export const PRINCIPAL_KINDS = ["user_name", "group_name", "service_principal_name"] as const;
export type PrincipalKind = (typeof PRINCIPAL_KINDS)[number];

/** An ACL's key for a principal: `group_name:analysts`. */
export function principalKey(kind: PrincipalKind, name: string): string {
  return `${kind}:${name}`;
}

export interface AclEntry {
  kind: PrincipalKind;
  name: string;
  level: string;
}

/** The entries of a request body, each with exactly one principal and a level of `levels`. */
export function readAclEntries(
  body: Record<string, unknown>,
  levels: readonly string[],
  objectType: string,
): AclEntry[] {
  const list = body["access_control_list"];
  if (!Array.isArray(list)) throw badRequest("Field 'access_control_list' is required");
  return (list as Record<string, unknown>[]).map((entry) => {
    const kinds = PRINCIPAL_KINDS.filter((k) => typeof entry?.[k] === "string");
    if (kinds.length !== 1)
      throw badRequest(
        "Each access control entry needs exactly one of user_name, group_name, service_principal_name",
      );
    const kind = kinds[0] as PrincipalKind;
    const level = entry["permission_level"];
    if (typeof level !== "string" || !levels.includes(level))
      throw badRequest(
        `Permission level ${String(level)} is not supported for ${objectType}; use one of ${levels.join(", ")}`,
      );
    return { kind, name: entry[kind] as string, level };
  });
}
