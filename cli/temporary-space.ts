import * as path from "node:path";
import { type Databricks, InvalidParameterError, NotFoundError } from "../provider/client";
import { canonicalize, serializeSpace, stableStringify } from "../provider/model";
import type { Io } from "./args";

/**
 * The space `genie benchmark <file>` evaluates: made from the file, trashed whatever happens (the
 * run's end, an error, Ctrl-C or SIGTERM). A signal that comes while the space is being created
 * waits for the create's answer, so a space made just then is trashed too.
 */
export class TemporarySpace {
  #creating: Promise<string> | undefined;
  #trashing: Promise<void> | undefined;

  constructor(
    private readonly dbx: Databricks,
    private readonly io: Io,
  ) {}

  /** Creates it (the folder too when missing, as the resource does); resolves to its id. */
  create(req: {
    file: string;
    document: object;
    warehouseId: string;
    parentPath?: string;
  }): Promise<string> {
    const title = `genie benchmark: ${path.basename(req.file)} (temporary, ${new Date().toISOString()})`;
    const body = {
      warehouse_id: req.warehouseId,
      serialized_space: serializeSpace(req.document),
      title,
      description: `Made by genie benchmark to evaluate ${req.file}; trashed when it ends.`,
      ...(req.parentPath === undefined ? {} : { parent_path: req.parentPath }),
    };
    const post = () => this.dbx.genie.create(body, { sameDocument });
    this.#creating = post()
      .catch(async (e: unknown) => {
        const missing =
          e instanceof NotFoundError ||
          (e instanceof InvalidParameterError && /Tree node with path/.test(e.apiMessage));
        if (req.parentPath === undefined || !missing) throw e;
        await this.dbx.workspace.mkdirs(req.parentPath);
        return post();
      })
      .then((made) => {
        this.io.stderr.write(`created temporary space ${made.space_id} from ${req.file}\n`);
        return made.space_id;
      });
    return this.#creating;
  }

  /** Trashes it once, if it was made; says what happened, and how to finish by hand if it failed. */
  trash(): Promise<void> {
    this.#trashing ??= (async () => {
      const id = await this.#creating?.catch(() => undefined);
      if (id === undefined) return;
      try {
        await this.dbx.genie.trashIfPresent(id);
        this.io.stderr.write(`trashed temporary space ${id}\n`);
      } catch (e) {
        this.io.stderr.write(
          `could not trash temporary space ${id} (${(e as Error).message}); trash it in the workspace, or: curl -X DELETE -H "Authorization: Bearer $DATABRICKS_TOKEN" ${this.dbx.client.host}/api/2.0/genie/spaces/${id}\n`,
        );
        throw e;
      }
    })();
    return this.#trashing;
  }

  /** The id, once the create has answered (for a message on a second Ctrl-C). */
  async idIfMade(): Promise<string | undefined> {
    return this.#creating?.catch(() => undefined);
  }
}

/** The server rewrites what it stores (docs/api-behaviour.md, "The document"): compared by meaning. */
function sameDocument(sent: string, stored: string): boolean {
  try {
    return stableStringify(canonicalize(sent)) === stableStringify(canonicalize(stored));
  } catch {
    return false;
  }
}

/**
 * Runs `work` until it settles or SIGINT / SIGTERM arrives, whichever is first. A second signal,
 * while the caller cleans up after the first, ends the process at once with exit 2 (`onSecond`
 * says what is left behind).
 */
export async function untilSignal<T>(
  work: Promise<T>,
  onSecond: () => void,
): Promise<{ value: T } | { signal: NodeJS.Signals }> {
  let received: NodeJS.Signals | undefined;
  let stop: (s: NodeJS.Signals) => void = () => undefined;
  const signalled = new Promise<{ signal: NodeJS.Signals }>((resolve) => {
    stop = (s) => {
      if (received !== undefined) {
        onSecond();
        process.exit(2);
      }
      received = s;
      resolve({ signal: s });
    };
  });
  const onInt = () => stop("SIGINT");
  const onTerm = () => stop("SIGTERM");
  process.on("SIGINT", onInt);
  process.on("SIGTERM", onTerm);
  try {
    return await Promise.race([work.then((value) => ({ value })), signalled]);
  } finally {
    // Still listening while the caller cleans up, so a second signal is the one that ends it.
    if (received === undefined) {
      process.off("SIGINT", onInt);
      process.off("SIGTERM", onTerm);
    }
  }
}
