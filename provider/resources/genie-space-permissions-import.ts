import { NotFoundError } from "../client";
import { fromAnswer, toGrants } from "./acl";
import { deployerKey } from "./acl-write";
import { api } from "./context";
import type { PermissionsInputs, PermissionsState } from "./permissions-state";

/** The id GenieSpacePermissions records for a space's ACL (create writes the same). */
export const permissionsId = (spaceId: string): string => `${spaceId}/permissions`;

/**
 * `pulumi import` of a space's ACL, by the space's id or the resource's (`<spaceId>/permissions`):
 * every direct grant the space has becomes a declared grant, in additive mode, so a program
 * declaring them previews no change. The deployer's own CAN_MANAGE is left out: lock-out
 * protection keeps it whatever is declared (acl-write.ts), and declaring it would have a destroy
 * try to remove it.
 */
export async function importPermissions(
  id: string,
): Promise<{ id?: string; props?: PermissionsState; inputs?: PermissionsInputs }> {
  const spaceId = id.replace(/\/permissions$/, "");
  let acl: ReturnType<typeof fromAnswer>;
  try {
    // The permissions endpoint still answers for a trashed space: the space says whether it is gone.
    await api().genie.get(spaceId);
    acl = fromAnswer(await api().permissions.get(spaceId));
  } catch (e) {
    if (e instanceof NotFoundError) return {};
    throw e;
  }
  const deployer = await deployerKey();
  if (acl.get(deployer) === "CAN_MANAGE") acl.delete(deployer);
  const inputs: PermissionsInputs = { spaceId, grants: toGrants(acl), mode: "additive" };
  return { id: permissionsId(spaceId), props: { ...inputs, drift: [] }, inputs };
}
