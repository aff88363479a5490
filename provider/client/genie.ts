import { z } from "zod";
import { CurrentUserApi } from "./current-user";
import {
  type CreateCandidate,
  createOutcomeUnknown,
  DatabricksError,
  NotFoundError,
  PermissionDeniedError,
} from "./errors";
import { type DatabricksClient, outcomeOf } from "./http";
import { inFlightCreates } from "./in-flight";
import { mayHaveBeenCarriedOut } from "./retry";
import { normalizeFolder } from "./folders";

/** A space as the API answers it. */
export interface GenieSpaceInfo {
  space_id: string;
  title?: string;
  description?: string;
  warehouse_id?: string;
  parent_path?: string;
  etag?: string;
  /** Only with include_serialized_space (and CAN_EDIT). */
  serialized_space?: string;
  /** RFC 3339 */
  create_time?: string;
  update_time?: string;
  [key: string]: unknown;
}

const spaceSchema: z.ZodType<GenieSpaceInfo> = z.looseObject({
  space_id: z.string().min(1),
  title: z.string().optional(),
  description: z.string().optional(),
  warehouse_id: z.string().optional(),
  parent_path: z.string().optional(),
  etag: z.string().optional(),
  serialized_space: z.string().optional(),
  create_time: z.string().optional(),
  update_time: z.string().optional(),
});
const listSchema: z.ZodType<{ spaces?: GenieSpaceInfo[]; next_page_token?: string }> =
  z.looseObject({
    spaces: z.array(spaceSchema).optional(),
    next_page_token: z.string().optional(),
  });

export interface CreateSpaceRequest {
  warehouse_id: string;
  /** The document as a JSON string (the API takes a string, not an object). */
  serialized_space: string;
  title?: string;
  description?: string;
  parent_path?: string;
}

export interface UpdateSpaceRequest {
  title?: string;
  description?: string;
  warehouse_id?: string;
  parent_path?: string;
  serialized_space?: string;
  /** Refuse the update (409) if the space changed since this etag was read. */
  etag?: string;
}

export interface CreateOptions {
  /**
   * Whether the document sent and one the server stores say the same, by meaning (the server
   * re-sorts, re-splits text, assigns ids, migrates v1 to v2). Used to recognise the space a
   * create made when its answer was lost. Without it, only the same JSON counts as the same, and
   * a space that matches all else but whose document was rewritten stops the create with a
   * CreateOutcomeUnknownError naming it, rather than a guess either way.
   */
  sameDocument?: (sent: string, stored: string) => boolean;
}

/**
 * How far before our attempt, on the server's clock, a space may say it was made and still be
 * ours: the server's time is read from its Date header (whole seconds) and requests take time.
 */
export const CLOCK_SKEW_MS = 5_000;
/** The same, when no answer has carried a Date header to compare clocks with. */
export const UNSYNCED_CLOCK_SKEW_MS = 60_000;

const enc = encodeURIComponent;
export { normalizeFolder };

/** Genie spaces: `/api/2.0/genie/spaces`. */
export class GenieApi {
  private readonly users: CurrentUserApi;

  constructor(
    private readonly client: DatabricksClient,
    users?: CurrentUserApi,
  ) {
    this.users = users ?? new CurrentUserApi(client);
  }

  /**
   * Creates a space, and never makes two. A POST refused without being carried out (429, 503, a
   * refused connection) is sent again. A POST whose outcome is unknown (no answer, 500, 502, 504)
   * is not: the space it may have made is looked for, and taken only if everything sent matches
   * (title; folder, the caller's home when none was given; warehouse; description; the document,
   * by meaning), it was made after the attempt began (within {@link CLOCK_SKEW_MS}), and no other
   * create of this process holds it. Nothing found: it keeps looking for `settleMs` (the server
   * may still be working on it), then sends the POST again. The lookup failing, or more matching
   * spaces than creates of this kind running here, fails the create with a
   * {@link CreateOutcomeUnknownError} that names the spaces that might be ours.
   */
  async create(req: CreateSpaceRequest, options: CreateOptions = {}): Promise<GenieSpaceInfo> {
    const action = `cannot create genie space '${req.title ?? "(untitled)"}'`;
    const deadline = this.client.now() + this.client.policy.maxElapsedMs;
    const signature = JSON.stringify([
      this.client.host,
      req.title,
      normalizeFolder(req.parent_path),
      req.warehouse_id,
      req.description ?? "",
      req.serialized_space,
    ]);
    for (;;) {
      const began = this.client.now();
      const post = this.client
        .request({
          method: "POST",
          path: "/api/2.0/genie/spaces",
          body: req,
          action,
          replayable: false,
          schema: spaceSchema,
          deadline,
        })
        .then((made) => (inFlightCreates.claim(this.client.host, made.space_id), made));
      const done = inFlightCreates.start(signature, post);
      try {
        return await post;
      } catch (e) {
        const outcome = outcomeOf(e);
        if (!(e instanceof DatabricksError) || outcome === undefined) throw e;
        if (!mayHaveBeenCarriedOut(outcome)) throw e;
        // A 500 may be the answer to a bad document: looked for once, never resent.
        const settleMs = "status" in outcome && outcome.status === 500 ? 0 : undefined;
        const lookup = { req, action, cause: e, began, deadline, signature, post, options };
        const made = await this.recover({ ...lookup, settleMs });
        if (made !== undefined) return made;
        // Nothing was made (looked for during settleMs): the POST is sent again.
        if (settleMs === 0 || this.client.now() >= deadline) throw e;
      } finally {
        done();
      }
    }
  }

  /** Looks for the space a create may have made; undefined once sure it made none. */
  private async recover(r: {
    req: CreateSpaceRequest;
    action: string;
    cause: DatabricksError;
    began: number;
    deadline: number;
    signature: string;
    post: Promise<unknown>;
    options: CreateOptions;
    settleMs: number | undefined;
  }): Promise<GenieSpaceInfo | undefined> {
    const policy = this.client.policy;
    const until = Math.min(this.client.now() + (r.settleMs ?? policy.settleMs), r.deadline);
    for (let wait = policy.baseDelayMs; ; wait = Math.min(wait * 2, policy.maxDelayMs)) {
      // Another create of this process may be the one that made a matching space: its answer
      // claims it, so wait for those answers before looking.
      await inFlightCreates.othersAnswered(r.signature, r.post);
      let found: Awaited<ReturnType<GenieApi["lookFor"]>>;
      try {
        found = await this.lookFor(r.req, r.began, r.deadline, r.options);
      } catch (e) {
        const why = `looking for the space it may have made failed too (${e instanceof DatabricksError ? e.apiMessage : String(e)})`;
        throw createOutcomeUnknown(r.action, r.cause, why, []);
      }
      const free = found.exact.filter(
        (s) => !inFlightCreates.isClaimed(this.client.host, s.space_id),
      );
      if (free.length > inFlightCreates.count(r.signature)) {
        const why = `${free.length} spaces match what was sent, more than the creates of it running here, so which one is ours cannot be told`;
        throw createOutcomeUnknown(r.action, r.cause, why, found.maybe);
      }
      // A POST of the same kind started while we looked may have made one of these: wait for it.
      if (inFlightCreates.waiting(r.signature, r.post).length > 0) continue;
      const mine = free[0];
      if (mine !== undefined && inFlightCreates.claim(this.client.host, mine.space_id)) return mine;
      if (this.client.now() + wait > until) {
        if (found.undetermined.length === 0) return undefined;
        const why = `a space matches all it sent but its document, which could not be compared by meaning (no sameDocument given)`;
        throw createOutcomeUnknown(r.action, r.cause, why, found.undetermined);
      }
      await this.client.sleep(wait);
    }
  }

  /**
   * Spaces that might be ours (same title and folder, made after `began`), and among them those
   * that match everything sent, oldest first, read with their document.
   */
  private async lookFor(
    req: CreateSpaceRequest,
    began: number,
    deadline: number,
    options: CreateOptions,
  ): Promise<{
    maybe: CreateCandidate[];
    exact: GenieSpaceInfo[];
    undetermined: CreateCandidate[];
  }> {
    const folder =
      normalizeFolder(req.parent_path) ?? `/Users/${(await this.users.me({ deadline })).name}`;
    const spaces: GenieSpaceInfo[] = [];
    for await (const s of this.list({ deadline })) spaces.push(s);
    const serverNow = this.client.serverNow();
    const since =
      serverNow === undefined
        ? began - UNSYNCED_CLOCK_SKEW_MS
        : began + (serverNow - this.client.now()) - CLOCK_SKEW_MS;
    const maybe = spaces
      .filter(
        (s) =>
          (req.title === undefined || s.title === req.title) &&
          normalizeFolder(s.parent_path) === folder &&
          Date.parse(s.create_time ?? "") >= since,
      )
      .sort((a, b) => Date.parse(a.create_time ?? "") - Date.parse(b.create_time ?? ""));
    const exact: GenieSpaceInfo[] = [];
    const undetermined: GenieSpaceInfo[] = [];
    for (const s of maybe) {
      if (s.warehouse_id !== req.warehouse_id) continue;
      if ((s.description ?? "") !== (req.description ?? "")) continue;
      if (inFlightCreates.isClaimed(this.client.host, s.space_id)) continue;
      const full = await this.get(s.space_id, { includeSerializedSpace: true, deadline });
      const stored = full.serialized_space ?? "";
      const same = options.sameDocument ?? sameJson;
      if (same(req.serialized_space, stored)) exact.push(full);
      else if (options.sameDocument === undefined) undetermined.push(full);
    }
    return { maybe: maybe.map(candidate), exact, undetermined: undetermined.map(candidate) };
  }

  get(
    spaceId: string,
    options: { includeSerializedSpace?: boolean; deadline?: number } = {},
  ): Promise<GenieSpaceInfo> {
    return this.client.request({
      method: "GET",
      path: `/api/2.0/genie/spaces/${enc(spaceId)}`,
      query:
        options.includeSerializedSpace === true ? { include_serialized_space: true } : undefined,
      action: `cannot read genie space ${spaceId}`,
      replayable: true,
      schema: spaceSchema,
      deadline: options.deadline,
    });
  }

  /** PATCH with whole values (a full document, not a merge), so it may be replayed. */
  update(spaceId: string, req: UpdateSpaceRequest): Promise<GenieSpaceInfo> {
    return this.client.request({
      method: "PATCH",
      path: `/api/2.0/genie/spaces/${enc(spaceId)}`,
      body: req,
      action: `cannot update genie space ${spaceId}`,
      replayable: true,
      schema: spaceSchema,
    });
  }

  /** Moves the space to the trash (its conversations are lost for good). */
  async trash(spaceId: string): Promise<void> {
    await this.client.request({
      method: "DELETE",
      path: `/api/2.0/genie/spaces/${enc(spaceId)}`,
      action: `cannot trash genie space ${spaceId}`,
      replayable: true,
    });
  }

  /**
   * Trashes the space; a space already gone or trashed is success. DELETE of a trashed space
   * answers 403 (Terraform's open pull request #5770 handles it; docs/api-behaviour.md, "Trash"), so a 403 is success
   * once a GET says the space is gone. The service keeps showing a trashed space for tens of
   * seconds, so the GET is repeated within the retry budget before the 403 is believed.
   * @returns "trashed" when this call trashed it, "gone" when it was already gone
   */
  async trashIfPresent(spaceId: string): Promise<"trashed" | "gone"> {
    try {
      await this.trash(spaceId);
      return "trashed";
    } catch (e) {
      if (e instanceof NotFoundError) return "gone";
      if (!(e instanceof PermissionDeniedError)) throw e;
      if (await this.confirmGone(spaceId)) return "gone";
      throw e;
    }
  }

  /** True once a GET answers 404, asking again with backoff within the retry budget. */
  private async confirmGone(spaceId: string): Promise<boolean> {
    const policy = this.client.policy;
    const deadline = this.client.now() + policy.maxElapsedMs;
    for (let wait = policy.baseDelayMs; ; wait = Math.min(wait * 2, policy.maxDelayMs)) {
      try {
        await this.get(spaceId, { deadline });
      } catch (e) {
        if (e instanceof NotFoundError) return true;
        if (e instanceof PermissionDeniedError) return false;
        throw e;
      }
      if (this.client.now() + wait > deadline) return false;
      await this.client.sleep(wait);
    }
  }

  /** Every space the caller can see, page by page. */
  async *list(
    options: { pageSize?: number; deadline?: number } = {},
  ): AsyncGenerator<GenieSpaceInfo> {
    let token: string | undefined;
    do {
      const page = await this.client.request({
        method: "GET",
        path: "/api/2.0/genie/spaces",
        query: { page_size: options.pageSize ?? 100, page_token: token },
        action: "cannot list genie spaces",
        replayable: true,
        schema: listSchema,
        deadline: options.deadline,
      });
      yield* page.spaces ?? [];
      token = page.next_page_token === "" ? undefined : page.next_page_token;
    } while (token !== undefined);
  }
}

function sameJson(a: string, b: string): boolean {
  try {
    return JSON.stringify(JSON.parse(a)) === JSON.stringify(JSON.parse(b));
  } catch {
    return false;
  }
}

function candidate(s: GenieSpaceInfo): CreateCandidate {
  return {
    space_id: s.space_id,
    title: s.title,
    parent_path: s.parent_path,
    create_time: s.create_time,
  };
}
