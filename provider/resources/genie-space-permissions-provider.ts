import type * as pulumi from "@pulumi/pulumi";
import { NotFoundError } from "../client";
import {
  type Acl,
  aclDiff,
  fromAnswer,
  fromGrants,
  type GrantInput,
  sameAcl,
  toRequest,
} from "./acl";
import { api } from "./context";
import { check } from "./genie-space-permissions-check";
import { containsUnknown } from "./inputs";
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

/**
 * Never a replacement. While the space itself is being updated, its `spaceId` is unknown in the
 * preview (the dynamic-provider host cannot preview updates, DESIGN.md), and asking to replace on
 * it promised users their ACL would be deleted and recreated on every edit of the space. It
 * resolves to the same id, or, when the space was replaced, to a new one, which update handles in
 * place: our grants leave the old space and are applied to the new one.
 */
async function diff(
  id: string,
  raw: unknown,
  news: PermissionsInputs,
): Promise<pulumi.dynamic.DiffResult> {
  const olds = usablePermissionsState(raw, id, "diff");
  const changes =
    containsUnknown(news) ||
    news.spaceId !== olds.spaceId ||
    (news.mode ?? "additive") !== (olds.mode ?? "additive") ||
    !sameAcl(fromGrants(news.grants), fromGrants(olds.grants)) ||
    olds.drift.length > 0;
  return { changes, replaces: [], deleteBeforeReplace: false };
}

/** Keeps the deployer's CAN_MANAGE if it held it (lock-out protection). */
async function protect(next: Acl, live: Acl): Promise<Acl> {
  const me = await api().currentUser.me();
  const key = `${me.kind === "user" ? "user_name" : "service_principal_name"}:${me.name}`;
  if (live.get(key) === "CAN_MANAGE" && next.get(key) !== "CAN_MANAGE") next.set(key, "CAN_MANAGE");
  return next;
}

/** The ACL after applying `news` where `olds` (ours) was applied before, keeping other grants in additive mode. */
async function apply(spaceId: string, news: PermissionsInputs, olds: GrantInput[]): Promise<void> {
  const dbx = api();
  const live = fromAnswer(await dbx.permissions.get(spaceId));
  let next: Acl;
  if ((news.mode ?? "additive") === "authoritative") {
    next = fromGrants(news.grants);
  } else {
    next = new Map(live);
    for (const [k, level] of fromGrants(olds)) if (next.get(k) === level) next.delete(k);
    for (const [k, level] of fromGrants(news.grants)) next.set(k, level);
  }
  await dbx.permissions.set(spaceId, toRequest(await protect(next, live)));
}

async function create(inputs: PermissionsInputs): Promise<pulumi.dynamic.CreateResult> {
  await apply(inputs.spaceId, inputs, []);
  return { id: `${inputs.spaceId}/permissions`, outs: { ...inputs, drift: [] } };
}

async function read(id: string, raw: unknown): Promise<pulumi.dynamic.ReadResult> {
  const props = usablePermissionsState(raw, id, "read");
  let live: Acl;
  try {
    live = fromAnswer(await api().permissions.get(props.spaceId));
  } catch (e) {
    if (e instanceof NotFoundError) return {};
    throw e;
  }
  const declared = fromGrants(props.grants);
  const authoritative = props.mode === "authoritative";
  const keys = authoritative ? [...declared.keys(), ...live.keys()] : [...declared.keys()];
  let drift = aclDiff(declared, live, keys);
  // The CAN_MANAGE kept for the deployer is ours, not drift.
  if (authoritative && drift.some((d) => d.startsWith("+") && d.includes(" CAN_MANAGE "))) {
    const me = await api().currentUser.me();
    const mine = `+ ${me.kind === "user" ? "user_name" : "service_principal_name"}:${me.name} CAN_MANAGE`;
    drift = drift.filter((d) => !d.startsWith(mine));
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
