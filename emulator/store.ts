import type { SerializedSpaceV2 } from "../provider/model/document";
import { readJson, writeJsonAtomic } from "./json-file";

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

const FILE = "workspace.json";

/**
 * The emulated workspace. In memory by default; with a data directory it is saved after every
 * change, atomically (write a temporary file, flush it, rename it over the old one), so a crash
 * leaves either the old or the new state, never a torn file.
 */
export class Store {
  readonly state: State;

  constructor(
    private readonly dataDir: string | undefined,
    initialFolders: string[],
  ) {
    const loaded = dataDir === undefined ? undefined : readJson<State>(dataDir, FILE);
    this.state = loaded ?? { spaces: {}, acls: {}, folders: [] };
    for (const f of initialFolders) if (!this.state.folders.includes(f)) this.state.folders.push(f);
  }

  save(): void {
    if (this.dataDir !== undefined) writeJsonAtomic(this.dataDir, FILE, this.state);
  }
}
