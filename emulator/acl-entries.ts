import { badRequest } from "./errors";

export const PRINCIPAL_KINDS = ["user_name", "group_name", "service_principal_name"] as const;
export type PrincipalKind = (typeof PRINCIPAL_KINDS)[number];

export interface AclEntry {
  kind: PrincipalKind;
  name: string;
  level: string;
}

/**
 * The entries of a permissions request `{access_control_list: [...]}`, each naming exactly one
 * principal and a level the object type supports; refused in the API's words otherwise. Whether
 * the principal exists is the caller's to check (object types name principals differently).
 */
export function aclEntries(
  body: Record<string, unknown>,
  objectType: string,
  levels: readonly string[],
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
