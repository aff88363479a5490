import type * as pulumi from "@pulumi/pulumi";
import { NotFoundError } from "../client";
import {
  aclDiff,
  fromAnswer,
  fromGrants,
  type GrantInput,
  LEVELS,
  principalKey,
  sameAcl,
} from "./acl";
import { deployerKey, oneAtATime, writeAdditive, writeAuthoritative } from "./acl-write";
import { api } from "./context";
import { containsUnknown } from "./inputs";

/**
 * GenieSpacePermissions' provider: the ACL of one space through the `genie` permissions object
 * type. `additive` ensures the declared grants and removes only them; `authoritative` makes the
 * declared list all the direct grants there are. Either way the identity running Pulumi keeps
 * CAN_MANAGE it holds (lock-out protection).
 */
export interface PermissionsInputs {
  spaceId: string;
  grants: GrantInput[];
  mode?: "additive" | "authoritative";
}

interface PermissionsState extends PermissionsInputs {
  /** What refresh found changed outside Pulumi (grants of ours, or any grant in authoritative mode). */
  drift: string[];
}

const LOCKOUT = "the identity running Pulumi keeps the CAN_MANAGE it holds on the space";

function check(_olds: unknown, news: Record<string, unknown>): Promise<pulumi.dynamic.CheckResult> {
  const failures: pulumi.dynamic.CheckFailure[] = [];
  if (typeof news["spaceId"] !== "string" || news["spaceId"] === "")
    failures.push({
      property: "spaceId",
      reason: "spaceId is required: the GenieSpace's spaceId output",
    });
  const mode = news["mode"] ?? "additive";
  if (mode !== "additive" && mode !== "authoritative")
    failures.push({
      property: "mode",
      reason: `mode must be "additive" or "authoritative", got ${JSON.stringify(mode)}`,
    });
  const grants = news["grants"];
  if (!Array.isArray(grants)) {
    failures.push({
      property: "grants",
      reason: 'grants must be a list like [{ groupName: "analysts", level: "CAN_RUN" }]',
    });
  } else if (!containsUnknown(grants)) {
    const seen = new Map<string, number>();
    grants.forEach((g: Record<string, unknown>, i: number) => {
      const kinds = ["userName", "groupName", "servicePrincipalName"].filter(
        (k) => g?.[k] !== undefined,
      );
      if (
        kinds.length !== 1 ||
        kinds.some((k) => typeof g[k] !== "string" || (g[k] as string).trim() === "")
      ) {
        failures.push({
          property: `grants[${i}]`,
          reason: "each grant names exactly one of userName, groupName or servicePrincipalName",
        });
        return;
      }
      if (!(LEVELS as readonly unknown[]).includes(g["level"])) {
        failures.push({
          property: `grants[${i}].level`,
          reason: `level must be one of ${LEVELS.join(", ")} (CAN_READ is shown as "Can view"), got ${JSON.stringify(g["level"])}`,
        });
      }
      const key = principalKey(g as unknown as GrantInput);
      if (seen.has(key))
        failures.push({
          property: `grants[${i}]`,
          reason: `${key} is also granted at grants[${seen.get(key)}]; give each principal one level`,
        });
      seen.set(key, i);
    });
  }
  // Said in the preview: the checked inputs carry the protection that will apply.
  const inputs = mode === "authoritative" ? { ...news, lockoutProtection: LOCKOUT } : news;
  return Promise.resolve({ inputs, failures });
}

function diff(
  _id: string,
  olds: PermissionsState,
  news: PermissionsInputs,
): Promise<pulumi.dynamic.DiffResult> {
  if (containsUnknown(news))
    return Promise.resolve({
      changes: true,
      replaces: news.spaceId !== olds.spaceId ? ["spaceId"] : [],
    });
  const replaces = news.spaceId !== olds.spaceId ? ["spaceId"] : [];
  const changes =
    replaces.length > 0 ||
    (news.mode ?? "additive") !== (olds.mode ?? "additive") ||
    !sameAcl(fromGrants(news.grants), fromGrants(olds.grants)) ||
    (olds.drift ?? []).length > 0;
  return Promise.resolve({ changes, replaces, deleteBeforeReplace: false });
}

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

async function read(id: string, props: PermissionsState): Promise<pulumi.dynamic.ReadResult> {
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
  _id: string,
  olds: PermissionsState,
  news: PermissionsInputs,
): Promise<pulumi.dynamic.UpdateResult> {
  await apply(news.spaceId, news, olds.grants ?? []);
  return { outs: { ...news, drift: [] } };
}

async function remove(_id: string, props: PermissionsState): Promise<void> {
  try {
    await apply(props.spaceId, { ...props, mode: "additive", grants: [] }, props.grants ?? []);
  } catch (e) {
    if (e instanceof NotFoundError) return; // the space is gone, and its ACL with it
    throw e;
  }
}

export const genieSpacePermissionsProvider = { check, diff, create, read, update, delete: remove };
