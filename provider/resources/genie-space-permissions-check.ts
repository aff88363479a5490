import type * as pulumi from "@pulumi/pulumi";
import { ID_PATTERN } from "../model/ids";
import { describe } from "../model/serialize";
import { type GrantInput, LEVELS, principalKey } from "./acl";
import {
  Failures,
  forEngine,
  idMismatch,
  invalidText,
  isRecord,
  isUnknown,
  nameMismatch,
  shown,
  unknownArguments,
} from "./check-values";
import { INVALID_TEXT } from "./invalid-text";

/** Shown in the preview of an authoritative ACL: the checked inputs carry the protection. */
export const LOCKOUT = "the identity running Pulumi keeps the CAN_MANAGE it holds on the space";

const PRINCIPALS = ["userName", "groupName", "servicePrincipalName"] as const;
const GRANT_FIELDS = [...PRINCIPALS, "level"];
// A service principal is named by its application id in ACLs, never by its display name.
const APPLICATION_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/**
 * GenieSpacePermissions' `check`, a pure function: the space id, the mode and every grant (one
 * principal, a well-formed name, a level, each principal once), each failure with its property
 * path. Values unknown during preview are accepted and not compared.
 *
 * @example
 * checkGenieSpacePermissions({ spaceId: "01f0...", grants: [{ groupName: "analysts", level: "CAN_RUN" }] })
 */
export function checkGenieSpacePermissions(
  news: Record<string, unknown>,
): pulumi.dynamic.CheckResult {
  const failures = new Failures();
  unknownArguments(news, ["spaceId", "grants", "mode", INVALID_TEXT], failures);
  invalidText(news[INVALID_TEXT], failures);
  spaceId(news["spaceId"], failures);
  const mode = news["mode"] ?? "additive";
  if (mode !== "additive" && mode !== "authoritative" && !isUnknown(mode))
    failures.add(
      "mode",
      `mode must be "additive" or "authoritative", got ${shown(mode)}`,
      'leave it out for "additive" (only the declared grants are managed)',
    );
  grants(news["grants"], failures);
  const inputs = mode === "authoritative" ? { ...news, lockoutProtection: LOCKOUT } : news;
  return { inputs, failures: failures.list };
}

/** The provider's entry point (the host awaits it). */
export function check(
  _olds: unknown,
  news: Record<string, unknown>,
): Promise<pulumi.dynamic.CheckResult> {
  return Promise.resolve(forEngine(checkGenieSpacePermissions(news)));
}

function spaceId(v: unknown, failures: Failures): void {
  const fix = "pass the GenieSpace's spaceId output, or the id in the space's URL";
  if (isUnknown(v)) return;
  if (typeof v !== "string" || v === "") {
    failures.add(
      "spaceId",
      `spaceId is required: the GenieSpace's spaceId output${v === undefined || v === "" ? "" : `; got ${describe(v)}`}`,
      fix,
    );
    return;
  }
  const why = idMismatch(v, 32, ID_PATTERN);
  if (why !== undefined)
    failures.add(
      "spaceId",
      `${why}; expected a Genie space id, 32 lowercase hex digits such as 01f0c3a1b2c3d4e5f60718293a4b5c6d`,
      fix,
    );
}

function grants(v: unknown, failures: Failures): void {
  if (isUnknown(v)) return;
  if (!Array.isArray(v)) {
    failures.add(
      "grants",
      `grants must be a list; got ${describe(v)}`,
      'write grants: [{ groupName: "analysts", level: "CAN_RUN" }]',
    );
    return;
  }
  const seen = new Map<string, number>();
  v.forEach((g: unknown, i) => {
    const at = `grants[${i}]`;
    if (isUnknown(g)) return;
    if (!isRecord(g)) {
      failures.add(
        at,
        `each grant names exactly one of userName, groupName or servicePrincipalName, with a level; got ${describe(g)}`,
        'write { groupName: "analysts", level: "CAN_RUN" }',
      );
      return;
    }
    unknownArguments(g, GRANT_FIELDS, failures, `${at}.`);
    const kinds = PRINCIPALS.filter((k) => g[k] !== undefined);
    if (kinds.length !== 1) {
      failures.add(
        at,
        `each grant names exactly one of userName, groupName or servicePrincipalName; found ${kinds.length === 0 ? "none" : kinds.join(" and ")}`,
        "one grant per principal: split it, or add the missing name",
      );
    } else {
      const kind = kinds[0] as (typeof PRINCIPALS)[number];
      if (principal(g[kind], `${at}.${kind}`, kind, failures)) {
        const key = principalKey(g as unknown as GrantInput);
        const first = seen.get(key);
        if (first !== undefined)
          failures.add(
            at,
            `${key} is also granted at grants[${first}]; give each principal one level`,
            "keep one of the two grants, with the level the principal needs",
          );
        else seen.set(key, i);
      }
    }
    const level = g["level"];
    if (!isUnknown(level) && !(LEVELS as readonly unknown[]).includes(level))
      failures.add(
        `${at}.level`,
        `level must be one of ${LEVELS.join(", ")} (CAN_READ is shown as "Can view"), got ${typeof level === "string" ? shown(level) : describe(level)}`,
        'e.g. level: "CAN_RUN" to let people ask questions',
      );
  });
}

/** Whether the principal's name is usable and known (unknowns are not compared). */
function principal(
  v: unknown,
  at: string,
  kind: (typeof PRINCIPALS)[number],
  failures: Failures,
): boolean {
  if (isUnknown(v)) return false;
  if (typeof v !== "string") {
    failures.add(at, `${kind} must be a string; got ${describe(v)}`, "give the name as text");
    return false;
  }
  const why = nameMismatch(v);
  if (why !== undefined) {
    failures.add(
      at,
      `${shown(v)} ${why}`,
      "give the principal's exact name, without spaces around",
    );
    return false;
  }
  if (kind === "servicePrincipalName" && !APPLICATION_ID.test(v)) {
    failures.add(
      at,
      `${shown(v)} is not an application id; a service principal is named by its application id, a lowercase UUID such as 00000000-0000-4000-8000-00000000c1c0`,
      "copy the application id from the service principal's page (not its display name)",
    );
    return false;
  }
  return true;
}
