import { createHash, randomBytes } from "node:crypto";
import type { Clock } from "./clock";
import { Conversations } from "./conversations";
import { DurableDir } from "./durable";
import type { EvalScript } from "./eval-runs";
import { EvalStore } from "./eval-store";
import { ApiError, denied, notFound } from "./errors";
import { Faults, RateLimiter } from "./faults";
import { lockDataDir } from "./lock";
import { Platform } from "./platform";
import { Records } from "./records";
import type { Seed } from "./seed";
import { LEGACY_FILE, type State, Store, type StoredSpace } from "./store";

/** Behaviour switches, all settable while the emulator runs. */
export interface EmulatorConfig {
  /** How long GET keeps answering for a trashed space before 404 (tens of seconds: docs/api-behaviour.md, "Trash"). */
  trashLagMs: number;
  /** How long GET returns the old title, description and warehouse after a PATCH. */
  staleReadMs: number;
  /** Answer 501 "This API is not yet supported." on the Genie routes. */
  notEnabled: boolean;
  /** How a create into a missing folder fails: 404 (current) or 400 "Tree node" (older backends). */
  missingFolder: "404" | "400";
  /** Lifetime of OAuth access tokens. */
  oauthTokenSeconds: number;
  /** How long a SQL warehouse stays STARTING (or STOPPING) before RUNNING (or STOPPED). */
  warehouseStateChangeMs: number;
  /** How many requests `requests` keeps (the newest); the log holds no documents either way. */
  requestLogLimit: number;
  /** How long an evaluation run stays NOT_STARTED before it runs its first question. */
  evalStartMs: number;
  /** How long an evaluation run takes per benchmark question. */
  evalQuestionMs: number;
  /** How long Genie takes to answer a message of a conversation (SUBMITTED, ASKING_AI, COMPLETED). */
  messageReplyMs: number;
  /**
   * Document fields the emulated server knows besides the ones this package models, as dotted
   * paths without indices (`data_sources.tables.format_hint`). Any other unknown field is refused
   * with `Cannot find field: X in message Y`, as the server does. `["*"]`: every field is known.
   */
  extraKnownFields: string[];
  /**
   * Refuse a create or update whose document names a table or metric view that does not exist or
   * that the caller cannot read, a SQL function that does not exist, or a column its table lacks,
   * as the server does (docs/api-behaviour.md, "Tables and functions the document names"). On by
   * default; the test suite turns it off for tests that create spaces over tables no seed holds
   * (`GENIE_EMULATOR_REQUIRE_TABLES=0`, test/support/emulator.ts) and on where it is the subject.
   */
  requireTables: boolean;
}

export const DEFAULT_CONFIG: EmulatorConfig = {
  trashLagMs: 0,
  staleReadMs: 0,
  notEnabled: false,
  missingFolder: "404",
  oauthTokenSeconds: 3600,
  warehouseStateChangeMs: 2000,
  requestLogLimit: 10_000,
  evalStartMs: 1000,
  evalQuestionMs: 500,
  messageReplyMs: 1000,
  extraKnownFields: [],
  requireTables: true,
};

export interface Identity {
  /** user name, or the application id of a service principal */
  name: string;
  kind: "user" | "service_principal";
  admin: boolean;
  groups: string[];
  canCreate: boolean;
}

export interface RequestRecord {
  method: string;
  path: string;
  status: number;
  /**
   * The parsed JSON body of a write, for assertions on what was sent (headers are not kept). A
   * long string in it (a `serialized_space`) is kept as `[N characters]`: the log keeps no documents.
   */
  body?: unknown;
}

/** Where and how the emulator keeps its state. */
export interface CoreOptions {
  /** Keep the workspace in this directory (locked while the emulator runs); in memory otherwise. */
  dataDir?: string;
  /**
   * Tests: after every request, check that no record changed without being declared (a change
   * the next start would not find). Costs a serialization of the whole state per request.
   * Default: on when GENIE_EMULATOR_CHECK_WRITES=1 (the test suite sets it).
   */
  checkWrites?: boolean;
}

/** The Azure AD application id of Azure Databricks, the `resource` of its tokens. */
export const AZURE_DATABRICKS_RESOURCE = "2ff814a6-3304-4ab8-85cb-cd0e6f879c1d";

export const LEVELS = ["CAN_READ", "CAN_RUN", "CAN_EDIT", "CAN_MANAGE"] as const;

export type Level = (typeof LEVELS)[number];

export class Core {
  readonly faults = new Faults();
  readonly limiter = new RateLimiter();
  /** The newest `config.requestLogLimit` requests. */
  readonly requests: RequestRecord[] = [];
  /** Tokens the token endpoints issued; Azure AD ones carry the `resource` they are for. */
  readonly oauthTokens = new Map<
    string,
    { principal: string; expires: number; resource?: string }
  >();
  /** Every request is a transaction over these (records.ts). */
  readonly records: Records;
  readonly store: Store;
  /** Warehouses, Unity Catalog and the timeline: what the Databricks provider manages. */
  readonly platform: Platform;
  /** Evaluation runs, one record per space. */
  readonly evals: EvalStore;
  /** What tests made the next evaluation runs of a space do (admin route; not kept on disk). */
  readonly evalScripts = new Map<string, EvalScript>();
  /** Conversations, in memory only (conversations.ts). */
  readonly conversations = new Conversations();
  /** Releases the data directory's lock (a no-op in memory). */
  readonly release: () => void;
  private lastIdTime = 0;
  private idSeq = 0;

  constructor(
    readonly seed: Seed,
    readonly clock: Clock,
    readonly config: EmulatorConfig,
    options: CoreOptions = {},
  ) {
    const homes = [
      ...seed.users.map((u) => `/Users/${u.name}`),
      ...seed.servicePrincipals.map((s) => `/Users/${s.applicationId}`),
    ];
    this.release = options.dataDir === undefined ? () => {} : lockDataDir(options.dataDir);
    try {
      const dir = options.dataDir === undefined ? undefined : new DurableDir(options.dataDir);
      this.records = new Records(
        dir,
        options.checkWrites ?? process.env["GENIE_EMULATOR_CHECK_WRITES"] === "1",
      );
      this.store = new Store(this.records, ["/", "/Users", "/Shared", ...homes, ...seed.folders]);
      this.platform = new Platform(seed, clock, this.records);
      this.evals = new EvalStore(this.records);
      dir?.recover();
      this.records.load();
      const legacy = dir?.read(LEGACY_FILE);
      if (dir !== undefined && legacy !== undefined) {
        // Version 0.1 kept the Genie side in one file: it becomes one file per space, in one
        // journalled change, so a kill during the move leaves the old file or the new ones.
        this.store.adoptLegacy(parseLegacy(legacy, `${options.dataDir}/${LEGACY_FILE}`));
        dir.commit([
          ...this.records.all().filter((c) => /^(spaces\/|folders)/.test(c.file)),
          { file: LEGACY_FILE, text: null },
        ]);
      }
      this.platform.seedIfEmpty();
      this.store.addInitialFolders();
    } catch (e) {
      this.release();
      throw e;
    }
  }

  /** Adds a request to the log, dropping the oldest tenth when it is full (amortized). */
  log(record: RequestRecord): void {
    this.requests.push(record);
    const limit = Math.max(this.config.requestLogLimit, 1);
    if (this.requests.length > limit)
      this.requests.splice(0, this.requests.length - limit + Math.floor(limit / 10));
  }

  /** A time-based id like the server's own (`01f0f746e449...`): time first, then randomness. */
  timeId(): string {
    const now = Math.floor(this.clock.now()); // a test clock may stand between milliseconds
    this.idSeq = now === this.lastIdTime ? this.idSeq + 1 : 0;
    this.lastIdTime = now;
    const time = (BigInt(now) * 4096n + BigInt(this.idSeq % 4096))
      .toString(16)
      .padStart(15, "0")
      .slice(-15);
    return `01f${time}${randomBytes(7).toString("hex")}`;
  }

  etag(spaceId: string, revision: number): string {
    return createHash("sha256").update(`${spaceId}/${revision}`).digest("base64url").slice(0, 22);
  }

  /** A change of the stored document: a new revision, so a new etag (docs/api-behaviour.md, "Etags"). */
  bump(s: StoredSpace, times = 1): void {
    s.revision += times;
    s.etag = this.etag(s.space_id, s.revision);
    s.update_time = this.clock.now();
  }

  identify(authorization: string | undefined): Identity {
    const m = /^Bearer\s+(\S+)$/i.exec(authorization ?? "");
    if (m === null) {
      throw new ApiError(
        401,
        "PERMISSION_DENIED",
        "Credential was not sent or was of an unsupported type for this API.",
      );
    }
    const token = m[1] as string;
    let principal = this.seed.tokens[token];
    const oauth = this.oauthTokens.get(token);
    // An Azure AD token for another resource (Azure Resource Manager) is not a workspace token.
    if (
      principal === undefined &&
      oauth !== undefined &&
      oauth.expires > this.clock.now() &&
      (oauth.resource === undefined || oauth.resource === AZURE_DATABRICKS_RESOURCE)
    )
      principal = oauth.principal;
    if (principal === undefined)
      throw new ApiError(401, "PERMISSION_DENIED", "Invalid access token.");
    const identity = this.principal(principal);
    if (identity === undefined)
      throw new ApiError(401, "PERMISSION_DENIED", "Invalid access token.");
    return identity;
  }

  principal(name: string): Identity | undefined {
    const user = this.seed.users.find((u) => u.name === name);
    if (user !== undefined) {
      return {
        name,
        kind: "user",
        admin: user.admin === true,
        groups: user.groups ?? [],
        canCreate: user.canCreate !== false,
      };
    }
    const sp = this.seed.servicePrincipals.find((s) => s.applicationId === name);
    if (sp !== undefined) {
      return {
        name,
        kind: "service_principal",
        admin: sp.admin === true,
        groups: sp.groups ?? [],
        canCreate: true,
      };
    }
    return undefined;
  }

  /** The level an identity holds on a space: admins manage everything; otherwise the highest grant. */
  levelOf(identity: Identity, spaceId: string): Level | undefined {
    if (identity.admin) return "CAN_MANAGE";
    const acl = this.store.state.acls[spaceId] ?? {};
    const keys = [
      `${identity.kind === "user" ? "user_name" : "service_principal_name"}:${identity.name}`,
      ...[...identity.groups, "users"].map((g) => `group_name:${g}`),
    ];
    let best = -1;
    for (const k of keys) best = Math.max(best, LEVELS.indexOf((acl[k] ?? "") as Level));
    return best < 0 ? undefined : LEVELS[best];
  }

  require(identity: Identity, spaceId: string, level: Level, action: string): void {
    const held = this.levelOf(identity, spaceId);
    if (held === undefined || LEVELS.indexOf(held) < LEVELS.indexOf(level)) {
      throw denied(
        `User ${identity.name} does not have ${level.replace("CAN_", "").toLowerCase()} permission on genie space ${spaceId} (needed to ${action}).`,
      );
    }
  }

  /** Paths come back without the /Workspace prefix (docs/api-behaviour.md, "Folders"). */
  normalizePath(p: string): string {
    let out = p.trim();
    if (out === "/Workspace" || out.startsWith("/Workspace/"))
      out = out.slice("/Workspace".length) || "/";
    // Trimmed again once the trailing slash is gone: `/a/b /` and `/a/b ` must name one folder,
    // or a folder made by mkdirs is not the folder a create then looks for (found by the fuzz).
    if (out.length > 1) out = out.replace(/\/+$/, "").trim();
    return out;
  }

  folderExists(p: string): boolean {
    return this.store.state.folders.includes(this.normalizePath(p));
  }

  missingFolder(p: string): ApiError {
    return this.config.missingFolder === "400"
      ? new ApiError(400, "INVALID_PARAMETER_VALUE", `Tree node with path '${p}' does not exist`)
      : notFound(`Path (${p}) doesn't exist.`);
  }
}

function parseLegacy(text: string, file: string): State {
  try {
    return JSON.parse(text) as State;
  } catch (e) {
    throw new Error(
      `emulator data file ${file} is not valid JSON (${(e as Error).message}); move it away to start afresh`,
    );
  }
}

/** A request body for the log: strings longer than 1,000 characters become their length. */
export function logged(body: unknown, depth = 0): unknown {
  if (typeof body === "string") return body.length > 1000 ? `[${body.length} characters]` : body;
  if (typeof body !== "object" || body === null || depth > 8) return body;
  if (Array.isArray(body)) return body.slice(0, 100).map((v) => logged(v, depth + 1));
  return Object.fromEntries(Object.entries(body).map(([k, v]) => [k, logged(v, depth + 1)]));
}
