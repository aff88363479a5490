import type { IncomingHttpHeaders } from "node:http";
import type { Core, Identity } from "./core";

export interface Ctx {
  core: Core;
  method: string;
  path: string;
  params: string[];
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  body: unknown;
  /** Set on routes under /api (401 before the handler runs otherwise). */
  identity: Identity;
}

export interface Reply {
  status?: number;
  body?: unknown;
  headers?: Record<string, string>;
}

export interface Route {
  method: string;
  pattern: RegExp;
  /** false for the OAuth token endpoint and the admin routes */
  auth: boolean;
  handler: (ctx: Ctx) => Reply;
}

export function route(
  method: string,
  pattern: RegExp,
  handler: Route["handler"],
  auth = true,
): Route {
  return { method, pattern, handler, auth };
}

/** The body as an object of fields (`{}` for no body); a non-object body is a 400. */
export function fields(ctx: Ctx): Record<string, unknown> {
  const b = ctx.body;
  return typeof b === "object" && b !== null && !Array.isArray(b)
    ? (b as Record<string, unknown>)
    : {};
}
