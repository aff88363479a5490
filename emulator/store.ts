import type { SerializedSpaceV2 } from "../provider/model/document";
import type { Records } from "./records";

export interface StoredSpace {
  space_id: string;
  title: string;
  description: string;
  warehouse_id: string;
  parent_path: string;
  document: SerializedSpaceV2;
  etag: string;
  revision: number;
  create_time: number;
  update_time: number;
  creator: string;
  trashed_at?: number;
  /** What a GET returns instead of the new values until `until` (docs/api-behaviour.md, "Reads after a write"). */
  stale?: { title: string; description: string; warehouse_id: string; until: number };
}

/** principal key (`user_name:x`, `group_name:x`, `service_principal_name:x`) -> level */
export type Acl = Record<string, string>;

export interface State {
  spaces: Record<string, StoredSpace>;
  acls: Record<string, Acl>;
  folders: string[];
}

/** What one space's file holds: the space and its ACL, which every change of either rewrites. */
interface SpaceRecord {
  space: StoredSpace;
  acl: Acl;
}

/** The file of the store before one file per space (`workspace.json`, version 0.1). */
export const LEGACY_FILE = "workspace.json";

/**
 * The emulated workspace's Genie side: spaces with their ACLs (one record, so one file, each:
 * `spaces/<id>.json`) and the folders (`folders.json`). Handlers change it inside a request's
 * transaction and declare what they change first (`writeSpace`, `writeFolders`; records.ts).
 */
export class Store {
  readonly state: State = { spaces: {}, acls: {}, folders: [] };

  constructor(
    private readonly records: Records,
    private readonly initialFolders: string[],
  ) {
    const state = this.state;
    records.register("spaces/", {
      names: () => Object.keys(state.spaces),
      get: (id): SpaceRecord | undefined => {
        const space = state.spaces[id];
        return space === undefined ? undefined : { space, acl: state.acls[id] ?? {} };
      },
      set: (id, value) => {
        const r = value as SpaceRecord | undefined;
        if (r === undefined) {
          delete state.spaces[id];
          delete state.acls[id];
        } else {
          state.spaces[id] = r.space;
          state.acls[id] = r.acl;
        }
      },
    });
    records.register("folders", {
      names: () => [""],
      get: () => state.folders,
      set: (_, value) => void (state.folders = (value as string[] | undefined) ?? []),
    });
  }

  /** After the records are loaded: the folders every workspace has, and the seed's. */
  addInitialFolders(): void {
    for (const f of this.initialFolders)
      if (!this.state.folders.includes(f)) this.state.folders.push(f);
  }

  /** The store as version 0.1 kept it, in one file: becomes the records (see `core.ts`). */
  adoptLegacy(legacy: State): void {
    for (const [id, space] of Object.entries(legacy.spaces ?? {})) {
      this.state.spaces[id] = space;
      this.state.acls[id] = legacy.acls?.[id] ?? {};
    }
    this.state.folders = [...(legacy.folders ?? [])];
  }

  /** Declares that this request changes (or creates) space `id` or its ACL. */
  writeSpace(id: string): void {
    this.records.write(`spaces/${id}`);
  }

  writeFolders(): void {
    this.records.write("folders");
  }
}
