import type * as pulumi from "@pulumi/pulumi";
import { fromGrants, sameAcl } from "./acl";
import { containsUnknown } from "./inputs";
import { type PermissionsInputs, usablePermissionsState } from "./permissions-state";

/**
 * Never a replacement. While the space itself is being updated, its `spaceId` is unknown in the
 * preview (Pulumi's dynamic-provider host has no preview of an update's outputs), and asking to replace on
 * it promised users their ACL would be deleted and recreated on every edit of the space. It
 * resolves to the same id, or, when the space was replaced, to a new one, which update handles in
 * place: our grants leave the old space and are applied to the new one.
 */
/** The engine's diff, as a pure function (see above); throws on a state that cannot be used. */
export function diffGenieSpacePermissions(
  id: string,
  raw: unknown,
  news: PermissionsInputs,
): pulumi.dynamic.DiffResult {
  const olds = usablePermissionsState(raw, id, "diff");
  const changes =
    containsUnknown(news) ||
    news.spaceId !== olds.spaceId ||
    (news.mode ?? "additive") !== (olds.mode ?? "additive") ||
    !sameAcl(fromGrants(news.grants), fromGrants(olds.grants)) ||
    olds.drift.length > 0;
  return { changes, replaces: [], deleteBeforeReplace: false };
}

/** The provider's entry point (the host awaits it). */
export async function diff(id: string, olds: unknown, news: PermissionsInputs) {
  return diffGenieSpacePermissions(id, olds, news);
}
