import type * as pulumi from "@pulumi/pulumi";
import { NotFoundError } from "../client";
import { aclDiff, fromAnswer, fromGrants, type GrantInput } from "./acl";
import { deployerKey, oneAtATime, writeAdditive, writeAuthoritative } from "./acl-write";
import { api } from "./context";
import { check } from "./genie-space-permissions-check";
import { diff, diffGenieSpacePermissions } from "./genie-space-permissions-diff";
import {
  type PermissionsInputs,
  type PermissionsState,
  usablePermissionsState,
} from "./permissions-state";

/**
 * GenieSpacePermissions' provider: the ACL of one space through the `genie` permissions object
 * type. `additive` ensures the declared grants and removes only them; `authoritative` makes the
 * declared list all the direct grants there are. Either way the identity running Pulumi keeps
 * CAN_MANAGE it holds (lock-out protection).
 */
export type { PermissionsInputs };

export { diffGenieSpacePermissions };

/**
 * Applies `news` where `olds` (ours) was applied before: additive through PATCH, removing only our
 * own grants; authoritative with one PUT (acl-write.ts says what is guaranteed).
 */
function apply(spaceId: string, news: PermissionsInputs, olds: GrantInput[]): Promise<void> {
  return oneAtATime(spaceId, () =>
    (news.mode ?? "additive") === "authoritative"
      ? writeAuthoritative(spaceId, fromGrants(news.grants))
      : writeAdditive(spaceId, fromGrants(news.grants), fromGrants(olds)),
  );
}

async function create(inputs: PermissionsInputs): Promise<pulumi.dynamic.CreateResult> {
  await apply(inputs.spaceId, inputs, []);
  return { id: `${inputs.spaceId}/permissions`, outs: { ...inputs, drift: [] } };
}

async function read(id: string, raw: unknown): Promise<pulumi.dynamic.ReadResult> {
  const props = usablePermissionsState(raw, id, "read");
  let live: ReturnType<typeof fromAnswer>;
  try {
    // The permissions endpoint still answers for a trashed space (the Databricks CLI's test for
    // out-of-band deletion): the space itself says whether it is gone.
    await api().genie.get(props.spaceId);
    live = fromAnswer(await api().permissions.get(props.spaceId));
  } catch (e) {
    if (e instanceof NotFoundError) return {};
    throw e;
  }
  const declared = fromGrants(props.grants);
  const authoritative = props.mode === "authoritative";
  const keys = authoritative ? [...declared.keys(), ...live.keys()] : [...declared.keys()];
  let drift = aclDiff(declared, live, keys);
  // The CAN_MANAGE kept for the deployer is lock-out protection at work, not drift, whatever
  // level the program lists the deployer at (or none, in authoritative mode).
  if (drift.some((d) => d.includes("CAN_MANAGE"))) {
    const deployer = await deployerKey();
    if (live.get(deployer) === "CAN_MANAGE") {
      const protectedDeclared = new Map(declared);
      if (authoritative || declared.has(deployer)) protectedDeclared.set(deployer, "CAN_MANAGE");
      drift = aclDiff(protectedDeclared, live, keys);
    }
  }
  return { id, props: { ...props, drift } };
}

async function update(
  id: string,
  raw: unknown,
  news: PermissionsInputs,
): Promise<pulumi.dynamic.UpdateResult> {
  const olds = usablePermissionsState(raw, id, "update");
  // Another space (see diff): ours leave the old one first, then the new one gets them afresh.
  const moved = olds.spaceId !== news.spaceId;
  if (moved) await remove(id, olds);
  await apply(news.spaceId, news, moved ? [] : olds.grants);
  return { outs: { ...news, drift: [] } };
}

async function remove(id: string, raw: unknown): Promise<void> {
  const props: PermissionsState = usablePermissionsState(raw, id, "delete");
  try {
    await apply(props.spaceId, { ...props, mode: "additive", grants: [] }, props.grants);
  } catch (e) {
    if (e instanceof NotFoundError) return; // the space is gone, and its ACL with it
    throw e;
  }
}

export const genieSpacePermissionsProvider = { check, diff, create, read, update, delete: remove };
