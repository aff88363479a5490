import { type Acl, fromAnswer, keyOf, sameAcl, toRequest } from "./acl";
import { api } from "./context";

/**
 * Writes of a space's ACL that lose no one's grant.
 *
 * - Additive mode adds and changes grants through PATCH, which the API merges into the grants
 *   already there (docs/api-behaviour.md, "Permissions"): a grant made by someone else, at any moment, is never part of the
 *   write and so never lost. Parallel additive resources on one space all keep their grants.
 * - Only removing a grant needs PUT (the whole list; PATCH cannot remove). It removes only grants
 *   this resource owns and that still stand at the level it gave them (a grant someone else
 *   changed since is theirs now), and reads the list twice, writing only when the two reads agree.
 *   The race that remains: a grant made by someone else between that second read and the PUT (one
 *   round trip) is lost. Authoritative mode PUTs the declared list, and is meant to.
 * - Writes to one space from this process (every resource of a stack) run one at a time.
 * - Lock-out protection: the identity running Pulumi never loses the CAN_MANAGE it holds.
 */

const queues = new Map<string, Promise<unknown>>();

/** Runs `fn` after every earlier write to the same space from this process has finished. */
export function oneAtATime<T>(spaceId: string, fn: () => Promise<T>): Promise<T> {
  const previous = queues.get(spaceId) ?? Promise.resolve();
  const run = previous.then(fn, fn);
  const tail = run.catch(() => undefined);
  queues.set(spaceId, tail);
  void tail.then(() => {
    if (queues.get(spaceId) === tail) queues.delete(spaceId);
  });
  return run;
}

/** The ACL key of the identity running Pulumi (`user_name:...` or `service_principal_name:...`). */
export async function deployerKey(): Promise<string> {
  const me = await api().currentUser.me();
  return keyOf(me.kind === "user" ? "user_name" : "service_principal_name", me.name);
}

/** `next` with the deployer's CAN_MANAGE kept where the live ACL gives it. */
export function protect(next: Acl, live: Acl, deployer: string): Acl {
  if (live.get(deployer) === "CAN_MANAGE") next.set(deployer, "CAN_MANAGE");
  return next;
}

/** Authoritative: the declared grants become all the direct grants there are (deployer kept). */
export async function writeAuthoritative(spaceId: string, declared: Acl): Promise<void> {
  const dbx = api();
  const deployer = await deployerKey();
  const live = fromAnswer(await dbx.permissions.get(spaceId));
  await dbx.permissions.set(spaceId, toRequest(protect(new Map(declared), live, deployer)));
}

/**
 * Additive: ensures `declared`, and removes the grants of `owned` (what this resource applied
 * before) that it no longer declares.
 */
export async function writeAdditive(spaceId: string, declared: Acl, owned: Acl): Promise<void> {
  const dbx = api();
  const deployer = await deployerKey();
  let live = fromAnswer(await dbx.permissions.get(spaceId));
  const patch: Acl = new Map();
  for (const [key, level] of declared) {
    if (live.get(key) === level) continue;
    // Declaring the deployer below CAN_MANAGE must not lower it (lock-out protection).
    if (key === deployer && live.get(key) === "CAN_MANAGE") continue;
    patch.set(key, level);
  }
  if (patch.size > 0) live = fromAnswer(await dbx.permissions.update(spaceId, toRequest(patch)));
  const dropped = new Map([...owned].filter(([key]) => !declared.has(key)));
  if (removable(live, dropped, deployer).length > 0) await remove(spaceId, dropped, deployer);
}

/** The grants of `dropped` that are still ours to remove in `live`. */
function removable(live: Acl, dropped: Acl, deployer: string): string[] {
  return [...dropped]
    .filter(([key, level]) => live.get(key) === level)
    .filter(([key]) => !(key === deployer && live.get(key) === "CAN_MANAGE"))
    .map(([key]) => key);
}

const ROUNDS = 5;

async function remove(spaceId: string, dropped: Acl, deployer: string): Promise<void> {
  const dbx = api();
  for (let round = 1; round <= ROUNDS; round++) {
    const before = fromAnswer(await dbx.permissions.get(spaceId));
    const keys = removable(before, dropped, deployer);
    if (keys.length === 0) return;
    const next = new Map(before);
    for (const key of keys) next.delete(key);
    // Read again just before the write: if anyone wrote in between, start over from what is there.
    const recheck = fromAnswer(await dbx.permissions.get(spaceId));
    if (!sameAcl(before, recheck)) continue;
    await dbx.permissions.set(spaceId, toRequest(next));
    return;
  }
  throw new Error(
    `cannot remove grants from genie space ${spaceId}: its permissions changed between every two reads (${ROUNDS} tries), so removing ours could wipe someone else's; run \`pulumi up\` again`,
  );
}
