import { isObject, type JsonObject } from "../model/structure";
import { type GrantInput, LEVELS } from "./acl";
import { describeValue, type StateProblem, unusableState } from "./space-state";

/**
 * A GenieSpacePermissions state, read defensively (see space-state.ts for why). Its fields are
 * the program's inputs as last applied, plus `drift`; only `drift` can be rebuilt by refresh, the
 * rest is what was declared and is nowhere else. Pure functions, no I/O.
 */
export interface PermissionsInputs {
  spaceId: string;
  grants: GrantInput[];
  mode?: "additive" | "authoritative";
}

export interface PermissionsState extends PermissionsInputs {
  /** What refresh found changed outside Pulumi (grants of ours, or any grant in authoritative mode). */
  drift: string[];
}

const KINDS = ["userName", "groupName", "servicePrincipalName"] as const;

/** Every field checked; `drift`, which refresh recomputes, is the only one with a stand-in. */
export function parsePermissionsState(raw: unknown): {
  state: PermissionsState;
  problems: StateProblem[];
} {
  const problems: StateProblem[] = [];
  const bad = (field: string, expected: string, v: unknown) =>
    problems.push({ field, expected, found: describeValue(v) });
  const obj: JsonObject = isObject(raw) ? raw : {};
  if (!isObject(raw)) bad("(state)", "an object", raw);

  const spaceId = obj["spaceId"];
  if (typeof spaceId !== "string" || spaceId === "") bad("spaceId", "the space's id", spaceId);
  const grants = obj["grants"];
  if (!Array.isArray(grants)) bad("grants", "a list of grants", grants);
  else grants.forEach((g, i) => grantProblem(g, `grants[${i}]`, bad));
  const mode = obj["mode"];
  if (mode !== undefined && mode !== "additive" && mode !== "authoritative")
    bad("mode", '"additive" or "authoritative"', mode);
  const lockout = obj["lockoutProtection"];
  const badLockout = lockout !== undefined && typeof lockout !== "string";
  if (badLockout) bad("lockoutProtection", "a string", lockout);
  let drift = obj["drift"];
  // No release wrote a bare string, but it can only mean one line of drift.
  if (typeof drift === "string") drift = drift === "" ? [] : [drift];
  else if (drift === undefined) drift = [];
  else if (!Array.isArray(drift) || !drift.every((d) => typeof d === "string")) {
    bad("drift", "a list of strings", drift);
    drift = [];
  }

  const state = {
    ...obj,
    spaceId: typeof spaceId === "string" ? spaceId : "",
    grants: Array.isArray(grants) ? (grants as GrantInput[]) : [],
    drift: drift as string[],
  } as PermissionsState;
  // Only said in the preview (check writes it): refresh drops a damaged one.
  if (badLockout) delete (state as unknown as JsonObject)["lockoutProtection"];
  return { state, problems };
}

function grantProblem(g: unknown, at: string, bad: (f: string, e: string, v: unknown) => void) {
  if (!isObject(g))
    return bad(at, "a grant { groupName | userName | servicePrincipalName, level }", g);
  const named = KINDS.filter((k) => g[k] !== undefined);
  if (named.length !== 1 || typeof g[named[0] as string] !== "string")
    bad(at, "exactly one of userName, groupName or servicePrincipalName, as a string", g);
  if (!(LEVELS as readonly unknown[]).includes(g["level"]))
    bad(`${at}.level`, `one of ${LEVELS.join(", ")}`, g["level"]);
}

/**
 * For read, diff, update and delete: the state, or an error naming every field that cannot be
 * used and the way out. Refresh rebuilds `drift` and drops a damaged `lockoutProtection`, so read
 * does not stop on those.
 */
export function usablePermissionsState(
  raw: unknown,
  id: string,
  method: "read" | "diff" | "update" | "delete",
): PermissionsState {
  const { state, problems } = parsePermissionsState(raw);
  const refreshable = (p: StateProblem) => p.field === "drift" || p.field === "lockoutProtection";
  const blocking = method === "read" ? problems.filter((p) => !refreshable(p)) : problems;
  if (blocking.length === 0) return state;
  const onlyRefreshable = blocking.every(refreshable);
  const remedy = onlyRefreshable
    ? "Run `pulumi refresh` to find the drift again."
    : method === "delete"
      ? "The grants this resource made cannot be known: remove them in the space's Share dialog, " +
        "then drop the resource from the state with `pulumi state delete <urn>` " +
        "(its URN is in `pulumi stack --show-urns`)."
      : "Refresh cannot rebuild what the program declared: drop the resource from the state with " +
        "`pulumi state delete <urn>` (its URN is in `pulumi stack --show-urns`) and run " +
        "`pulumi up`, which applies the declared grants again (grants recorded before and no " +
        "longer declared stay: remove them in the space's Share dialog).";
  throw unusableState("GenieSpacePermissions", id, blocking, remedy);
}
