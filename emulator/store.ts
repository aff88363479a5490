import * as fs from "node:fs";
import * as path from "node:path";
import type { SerializedSpaceV2 } from "../provider/model/document";

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
  private writes = 0;

  constructor(
    private readonly dataDir: string | undefined,
    initialFolders: string[],
  ) {
    const loaded = dataDir === undefined ? undefined : load(path.join(dataDir, FILE));
    this.state = loaded ?? { spaces: {}, acls: {}, folders: [] };
    for (const f of initialFolders) if (!this.state.folders.includes(f)) this.state.folders.push(f);
  }

  save(): void {
    if (this.dataDir === undefined) return;
    fs.mkdirSync(this.dataDir, { recursive: true });
    const target = path.join(this.dataDir, FILE);
    const tmp = `${target}.${process.pid}.${this.writes++}.tmp`;
    const fd = fs.openSync(tmp, "w", 0o600);
    try {
      fs.writeSync(fd, JSON.stringify(this.state));
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
    fs.renameSync(tmp, target);
  }
}

function load(file: string): State | undefined {
  let text: string;
  try {
    text = fs.readFileSync(file, "utf8");
  } catch {
    return undefined;
  }
  try {
    return JSON.parse(text) as State;
  } catch (e) {
    throw new Error(
      `emulator data file ${file} is not valid JSON (${(e as Error).message}); move it away to start afresh`,
    );
  }
}
