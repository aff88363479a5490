import * as http from "node:http";
import type { AddressInfo } from "node:net";
import { adminRoutes, applyEdit, type UiEdit } from "./admin";
import { type Clock, systemClock } from "./clock";
import {
  Core,
  type CoreOptions,
  DEFAULT_CONFIG,
  type EmulatorConfig,
  logged,
  type RequestRecord,
} from "./core";
import { describe, type EmulatorDescription } from "./describe";
import { ApiError } from "./errors";
import type { FaultRule } from "./faults";
import { conversationRoutes } from "./conversations";
import { checkScript, type EvalScript, evalRunRoutes } from "./eval-runs";
import { genieRoutes } from "./genie";
import { identityRoutes } from "./identity";
import { permissionRoutes } from "./permissions";
import type { Ctx, Reply, Route } from "./routes";
import { ADMIN_TOKEN, defaultSeed, type Seed } from "./seed";
import type { StoredSpace } from "./store";
import { folderRoutes } from "./folders";
import type { TimelineEvent } from "./platform";
import { statementRoutes } from "./statements";
import { observe, timelineRoutes } from "./timeline";
import { ucGrantRoutes } from "./uc-grants";
import { unityCatalogRoutes } from "./unity-catalog";
import { warehousePermissionRoutes } from "./warehouse-permissions";
import { warehouseRoutes } from "./warehouses";
import { workspaceRoutes } from "./workspace";
import { workspaceIdentityRoutes } from "./workspace-identity";

export interface EmulatorOptions extends CoreOptions {
  /** 0 (the default) picks a free port. */
  port?: number;
  /** Loopback only by default. */
  host?: string;
  /**
   * Keep the workspace in this directory across restarts (one file per space, written whole or
   * not at all); in memory when left out. One emulator at a time: a second is refused.
   */
  dataDir?: string;
  seed?: Seed;
  /** Tests pass a manual clock to step through lags and rate limits without sleeping. */
  clock?: Clock;
  config?: Partial<EmulatorConfig>;
}

export interface Emulator {
  /** e.g. `http://127.0.0.1:41234` */
  readonly url: string;
  /** A token of the seed's workspace admin. */
  readonly token: string;
  /**
   * The calls so far, the newest `config.requestLogLimit` (10,000) of them: method, path (no
   * query), status (0 when the connection was dropped) and the body without documents.
   */
  readonly requests: readonly RequestRecord[];
  readonly config: EmulatorConfig;
  addFault(rule: FaultRule): void;
  clearFaults(): void;
  /** Requests per second before 429; undefined for no limit. */
  setRateLimit(perSecond: number | undefined): void;
  /** Change a stored space as a person in the UI would (bumps the etag). */
  edit(spaceId: string, edit: UiEdit): void;
  /**
   * What the next evaluation runs of a space do (per question outcomes, a failure, a run that
   * never ends); undefined goes back to the emulator's rule (emulator/README.md).
   */
  scriptEvalRuns(spaceId: string, script: EvalScript | undefined): void;
  /** The stored space, as the emulator keeps it (for assertions). */
  space(spaceId: string): StoredSpace | undefined;
  /** Where it listens, the seed's credentials and what the workspace holds (describe.ts). */
  describe(): EmulatorDescription;
  /** What the emulator changed, in order (warehouses, tables, grants, folders, spaces, ACLs). */
  readonly timeline: readonly TimelineEvent[];
  stop(): Promise<void>;
}

const ROUTES: Route[] = [
  ...genieRoutes,
  ...evalRunRoutes,
  ...conversationRoutes,
  ...permissionRoutes,
  ...workspaceRoutes,
  ...adminRoutes,
  // What the Databricks provider (`@pulumi/databricks`) calls for the rest of a stack.
  ...workspaceIdentityRoutes,
  ...folderRoutes,
  ...warehouseRoutes,
  ...warehousePermissionRoutes,
  ...statementRoutes,
  ...unityCatalogRoutes,
  ...ucGrantRoutes,
  ...timelineRoutes,
  ...identityRoutes,
];
const MAX_BODY = 16 * 1024 * 1024;

/**
 * Starts the Genie API emulator on 127.0.0.1.
 *
 * @example
 * const emu = await startEmulator({ port: 0 });
 * await fetch(`${emu.url}/api/2.0/genie/spaces`, { headers: { Authorization: `Bearer ${emu.token}` } });
 * await emu.stop();
 */
export async function startEmulator(options: EmulatorOptions = {}): Promise<Emulator> {
  const seed = options.seed ?? defaultSeed();
  const core = new Core(
    seed,
    options.clock ?? systemClock,
    {
      ...DEFAULT_CONFIG,
      // The test suite's default (test/support/emulator.ts), inherited by the emulators it spawns.
      requireTables: process.env["GENIE_EMULATOR_REQUIRE_TABLES"] !== "0",
      ...options.config,
    },
    options,
  );
  const server = http.createServer((req, res) => void handle(core, req, res));
  server.keepAliveTimeout = 1000;
  try {
    await new Promise<void>((resolve, reject) => {
      server.once("error", reject);
      server.listen(options.port ?? 0, options.host ?? "127.0.0.1", () => resolve());
    });
  } catch (e) {
    core.release();
    throw e;
  }
  const { port } = server.address() as AddressInfo;
  const host = options.host ?? "127.0.0.1";
  const url = `http://${host.includes(":") ? `[${host}]` : host}:${port}`;
  const token =
    Object.keys(seed.tokens).find((t) => core.principal(seed.tokens[t] as string)?.admin) ??
    ADMIN_TOKEN;
  return {
    url,
    token,
    describe: () => describe(core, url, token),
    requests: core.requests,
    config: core.config,
    addFault: (rule) => core.faults.add(rule),
    clearFaults: () => core.faults.clear(),
    setRateLimit: (n) => void (core.limiter.perSecond = n),
    edit: (id, e) => core.records.run(() => applyEdit(core, id, e)),
    scriptEvalRuns: (id, script) =>
      script === undefined
        ? void core.evalScripts.delete(id)
        : void core.evalScripts.set(id, checkScript(script)),
    space: (id) => core.store.state.spaces[id],
    timeline: core.platform.events,
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => {
          core.release();
          resolve();
        });
      }),
  };
}

async function handle(
  core: Core,
  req: http.IncomingMessage,
  res: http.ServerResponse,
): Promise<void> {
  const url = new URL(req.url ?? "/", "http://emulator");
  const method = (req.method ?? "GET").toUpperCase();
  const record: RequestRecord = { method, path: url.pathname, status: 0 };
  core.log(record);
  const send = (reply: Reply) => {
    record.status = reply.status ?? 200;
    const text = reply.body === undefined ? "" : JSON.stringify(reply.body);
    // Every answer names the workspace (the SDKs read its id from this header, workspace-identity.ts)
    // and tells the emulator's time (a manual clock in tests), as a server tells its own.
    res.writeHead(record.status, {
      "content-type": "application/json",
      "x-databricks-org-id": core.platform.workspaceId,
      date: new Date(core.clock.now()).toUTCString(),
      ...reply.headers,
    });
    res.end(text);
    observe(core, method, url.pathname, record.status, reply.body);
  };
  const fail = (e: ApiError) =>
    send({
      status: e.status,
      body: { error_code: e.errorCode, message: e.message },
      headers: e.headers,
    });

  try {
    const raw = await readBody(req);
    await core.faults.releaseDue(core.clock);
    const isAdmin = url.pathname.startsWith("/__emulator/");
    let lostResponse = false;
    if (!isAdmin) {
      if (url.pathname.startsWith("/api/") && !core.limiter.admit(core.clock.now())) {
        const after = String(core.limiter.retryAfter(core.clock.now()));
        return fail(
          new ApiError(
            429,
            "REQUEST_LIMIT_EXCEEDED",
            "Too many requests. Please wait a moment and try again.",
            { "retry-after": after },
          ),
        );
      }
      const fault = core.faults.take(method, url.pathname);
      await fault?.onMatch?.();
      if (fault?.kind === "status") return fail(core.faults.error(fault, req.headers));
      if (fault?.kind === "drop") return void req.socket.destroy();
      if (fault?.kind === "delay") await core.faults.delay(fault.ms, core.clock);
      lostResponse = fault?.kind === "lost-response";
    }

    const match = matchRoute(method, url.pathname);
    if (match === undefined) {
      throw new ApiError(
        404,
        "ENDPOINT_NOT_FOUND",
        `No API found for '${method} ${url.pathname}' (the emulator does not implement it; add a route in emulator/)`,
      );
    }
    const body = parseBody(raw, req.headers["content-type"]);
    if (body !== undefined && typeof body === "object") record.body = logged(body);
    const ctx: Ctx = {
      core,
      method,
      path: url.pathname,
      params: match.params,
      query: url.searchParams,
      headers: req.headers,
      body,
      identity: match.route.auth
        ? core.identify(req.headers.authorization)
        : { name: "", kind: "user", admin: false, groups: [], canCreate: false },
    };
    // One transaction: a request that fails changes nothing (records.ts).
    const reply = core.records.run(() => match.route.handler(ctx));
    if (lostResponse) return void req.socket.destroy();
    send(reply);
  } catch (e) {
    if (e instanceof ApiError) return fail(e);
    fail(new ApiError(500, "INTERNAL_ERROR", `emulator error: ${(e as Error).message}`));
  }
}

function matchRoute(method: string, path: string): { route: Route; params: string[] } | undefined {
  for (const route of ROUTES) {
    if (route.method !== method) continue;
    const m = route.pattern.exec(path);
    if (m !== null) return { route, params: m.slice(1).map((p) => decodeURIComponent(p)) };
  }
  return undefined;
}

function readBody(req: http.IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (c: Buffer) => {
      size += c.length;
      if (size > MAX_BODY)
        reject(new ApiError(400, "INVALID_PARAMETER_VALUE", "Request body is too large"));
      else chunks.push(c);
    });
    req.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    req.on("error", reject);
  });
}

function parseBody(raw: string, contentType: string | undefined): unknown {
  if (raw === "") return undefined;
  try {
    return JSON.parse(raw);
  } catch {
    // The OAuth endpoint takes a form; everything else is JSON whatever the content type says.
    if (contentType?.includes("application/x-www-form-urlencoded")) return raw;
    throw new ApiError(400, "MALFORMED_REQUEST", "Request body is not valid JSON");
  }
}
