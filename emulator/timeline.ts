import type { Core } from "./core";
import { type Route, route } from "./routes";

/**
 * The order in which the emulator changed things, for tests that assert deploy order ("the space
 * was never created before its tables and grants existed"). The platform modules record their own
 * changes; Genie spaces and their ACLs are read off the answered requests here, so the Genie
 * routes need not know about the timeline.
 */
const SPACE = /^\/api\/2\.0\/genie\/spaces(?:\/([^/]+))?$/;
const SPACE_ACL = /^\/api\/2\.0\/permissions\/genie\/([^/]+)$/;

export function observe(core: Core, method: string, path: string, status: number, body: unknown) {
  if (status < 200 || status >= 300) return;
  const space = SPACE.exec(path);
  if (space !== null) {
    const id = space[1] ?? String((body as { space_id?: unknown } | undefined)?.space_id ?? "");
    if (method === "POST" && space[1] === undefined) core.platform.record("create", "space", id);
    if (method === "PATCH" && space[1] !== undefined) core.platform.record("update", "space", id);
    if (method === "DELETE" && space[1] !== undefined) core.platform.record("delete", "space", id);
  }
  const acl = SPACE_ACL.exec(path);
  if (acl !== null && (method === "PUT" || method === "PATCH"))
    core.platform.record("update", "space-acl", acl[1] as string);
}

export const timelineRoutes: Route[] = [
  route(
    "GET",
    /^\/__emulator\/timeline$/,
    (ctx) => ({ body: { events: ctx.core.platform.events } }),
    false,
  ),
];
