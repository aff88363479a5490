import { z } from "zod";
import { NetworkError, ServerError } from "./errors";
import type { DatabricksClient } from "./http";

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

/** Server clocks and ours disagree a little; a space made this much "before" our attempt still counts. */
const CLOCK_SKEW_MS = 5 * 60_000;

const enc = encodeURIComponent;
/** Folders as the server reports them: without the /Workspace prefix (API-FACTS) or trailing slashes. */
export function normalizeFolder(p: string | undefined): string | undefined {
  if (p === undefined || p === "") return undefined;
  const stripped = p === "/Workspace" || p.startsWith("/Workspace/") ? p.slice(10) || "/" : p;
  return stripped.length > 1 ? stripped.replace(/\/+$/, "") : stripped;
}

/** Genie spaces: `/api/2.0/genie/spaces`. */
export class GenieApi {
  constructor(private readonly client: DatabricksClient) {}

  /**
   * Creates a space. A create whose outcome is unknown (no answer, or a gateway error that may
   * hide a success) is not sent again blindly: first the space it may have made is looked for
   * (same title and folder, created after the attempt began) and returned if found, so a retried
   * create never leaves two spaces behind.
   */
  async create(req: CreateSpaceRequest): Promise<GenieSpaceInfo> {
    const action = `cannot create genie space '${req.title ?? "(untitled)"}'`;
    for (let attempt = 1; ; attempt++) {
      const began = this.client.now();
      try {
        return await this.client.request({
          method: "POST",
          path: "/api/2.0/genie/spaces",
          body: req,
          action,
          replayable: false,
          schema: spaceSchema,
        });
      } catch (e) {
        const unknownOutcome =
          e instanceof NetworkError ||
          (e instanceof ServerError && (e.status === 502 || e.status === 504));
        if (!unknownOutcome || attempt >= this.client.policy.maxAttempts) throw e;
        const made = await this.findCreated(req, began);
        if (made !== undefined) return this.get(made.space_id, { includeSerializedSpace: true });
      }
    }
  }

  private async findCreated(
    req: CreateSpaceRequest,
    began: number,
  ): Promise<GenieSpaceInfo | undefined> {
    let found: GenieSpaceInfo | undefined;
    for await (const s of this.list()) {
      if (s.title !== (req.title ?? s.title)) continue;
      if (req.parent_path !== undefined && s.parent_path !== normalizeFolder(req.parent_path))
        continue;
      const created = s.create_time === undefined ? NaN : Date.parse(s.create_time);
      if (!(created >= began - CLOCK_SKEW_MS)) continue;
      if (found === undefined || Date.parse(found.create_time ?? "") < created) found = s;
    }
    return found;
  }

  get(
    spaceId: string,
    options: { includeSerializedSpace?: boolean } = {},
  ): Promise<GenieSpaceInfo> {
    return this.client.request({
      method: "GET",
      path: `/api/2.0/genie/spaces/${enc(spaceId)}`,
      query:
        options.includeSerializedSpace === true ? { include_serialized_space: true } : undefined,
      action: `cannot read genie space ${spaceId}`,
      replayable: true,
      schema: spaceSchema,
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

  /** Every space the caller can see, page by page. */
  async *list(options: { pageSize?: number } = {}): AsyncGenerator<GenieSpaceInfo> {
    let token: string | undefined;
    do {
      const page = await this.client.request({
        method: "GET",
        path: "/api/2.0/genie/spaces",
        query: { page_size: options.pageSize ?? 100, page_token: token },
        action: "cannot list genie spaces",
        replayable: true,
        schema: listSchema,
      });
      yield* page.spaces ?? [];
      token = page.next_page_token === "" ? undefined : page.next_page_token;
    } while (token !== undefined);
  }
}
