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
  const changes = changedPermissionProperties(id, raw, news).length > 0;
  return { changes, replaces: [], deleteBeforeReplace: false };
}

/**
 * The arguments that differ from the state (drift found by refresh is a change of `grants`;
 * while values are unknown, the arguments that hold them), for a host that shows a detailed
 * diff; empty when there is no change. Throws on a state that cannot be used.
 */
export function changedPermissionProperties(
  id: string,
  raw: unknown,
  news: PermissionsInputs,
): string[] {
  const olds = usablePermissionsState(raw, id, "diff");
  if (containsUnknown(news))
    return Object.entries(news)
      .filter(([, v]) => containsUnknown(v))
      .map(([k]) => k);
  const out: string[] = [];
  if (news.spaceId !== olds.spaceId) out.push("spaceId");
  if ((news.mode ?? "additive") !== (olds.mode ?? "additive")) out.push("mode");
  if (!sameAcl(fromGrants(news.grants), fromGrants(olds.grants)) || olds.drift.length > 0)
    out.push("grants");
  return out;
}

/** The provider's entry point (the host awaits it). */
export async function diff(id: string, olds: unknown, news: PermissionsInputs) {
  return diffGenieSpacePermissions(id, olds, news);
}
