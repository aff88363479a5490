import type { DurableDir, FileChange } from "./durable";
import { ApiError } from "./errors";

/**
 * The emulator's state as records (one per space, the folders, the platform, ...), each saved as
 * one file, and every request as a transaction over them: a handler declares a record with
 * `write(key)` before it changes it; when the handler ends the changed records are saved together
 * (`durable.ts`), and when it throws, or the save fails, every declared record is put back as it
 * was, so a request that fails changes nothing, in memory or on disk. A write costs what its own
 * records cost, whatever else is stored.
 */
export interface RecordSource {
  /** The names of the records that exist (the part of the key after the prefix). */
  names(): Iterable<string>;
  /** A record as JSON-able data; undefined when it does not exist. */
  get(name: string): unknown;
  /** Puts a record back (or in place at start-up); undefined removes it. */
  set(name: string, value: unknown): void;
}

/** Something kept beside the records (the timeline) that a failed request must also undo. */
export type UndoHook = () => () => void;

export class Records {
  private readonly sources = new Map<string, RecordSource>();
  private readonly hooks: UndoHook[] = [];
  /** key -> the record's text when first declared in this transaction (undefined: absent). */
  private touched: Map<string, string | undefined> | undefined;
  /**
   * Check mode (tests): every record's text when the transaction began, to catch a handler that
   * changes a record it did not declare. (A test that changes a stored space between requests,
   * through `Emulator.space()`, is not a handler's mistake: each transaction starts afresh.)
   */
  private committed: Map<string, string> | undefined;

  constructor(
    private readonly dir: DurableDir | undefined,
    private readonly check: boolean,
  ) {}

  /** `prefix` is `spaces/` for many records (`spaces/<id>`), or a bare name for one. */
  register(prefix: string, source: RecordSource): void {
    this.sources.set(prefix, source);
  }

  onRollback(hook: UndoHook): void {
    this.hooks.push(hook);
  }

  /** Reads every record kept in the data directory into its source. */
  load(): void {
    if (this.dir === undefined) return;
    for (const [prefix, source] of this.sources) {
      const files = prefix.endsWith("/")
        ? this.dir.list(prefix).map((f) => prefix + f)
        : [`${prefix}.json`];
      for (const file of files) {
        const text = this.dir.read(file);
        if (text === undefined) continue;
        let value: unknown;
        try {
          value = JSON.parse(text);
        } catch (e) {
          throw new Error(
            `emulator data file ${this.dir.dir}/${file} is not valid JSON (${(e as Error).message}); move it away to start afresh`,
          );
        }
        source.set(prefix.endsWith("/") ? file.slice(prefix.length, -5) : "", value);
      }
    }
  }

  /** Declares that the current transaction changes (or creates, or removes) record `key`. */
  write(key: string): void {
    if (this.touched === undefined)
      throw new Error(`record ${key} changed outside a transaction (wrap it in run())`);
    if (this.touched.has(key)) return;
    const text = this.text(key);
    const before = this.committed?.get(key);
    if (this.committed !== undefined && text !== before)
      throw new Error(`record ${key} was changed before it was declared`);
    this.touched.set(key, text);
  }

  /** Runs `fn` as one transaction (or inside the one already running). */
  run<T>(fn: () => T): T {
    if (this.touched !== undefined) return fn();
    if (this.check) this.snapshot();
    this.touched = new Map();
    const undo = this.hooks.map((h) => h());
    try {
      const out = fn();
      this.commit();
      return out;
    } catch (e) {
      this.rollback(undo);
      throw e;
    } finally {
      this.touched = undefined;
    }
  }

  /** Every record as files, for a data directory's first write in this layout. */
  all(): FileChange[] {
    const out: FileChange[] = [];
    for (const [prefix, source] of this.sources) {
      const keys = prefix.endsWith("/") ? [...source.names()].map((n) => prefix + n) : [prefix];
      for (const key of keys) out.push({ file: `${key}.json`, text: this.text(key) ?? null });
    }
    return out;
  }

  private commit(): void {
    const touched = this.touched as Map<string, string | undefined>;
    const changes: FileChange[] = [];
    for (const [key, before] of touched) {
      const text = this.text(key);
      if (text !== before) changes.push({ file: `${key}.json`, text: text ?? null });
    }
    try {
      this.dir?.commit(changes);
    } catch (e) {
      throw new ApiError(
        500,
        "INTERNAL_ERROR",
        `The emulator could not save this change (${(e as Error).message}); nothing was changed.`,
      );
    }
    if (this.committed !== undefined) this.verify(touched);
  }

  private rollback(undo: (() => void)[]): void {
    for (const [key, before] of this.touched ?? [])
      this.locate(key).source.set(
        this.locate(key).name,
        before === undefined ? undefined : JSON.parse(before),
      );
    for (const u of undo.reverse()) u();
  }

  private text(key: string): string | undefined {
    const { source, name } = this.locate(key);
    const value = source.get(name);
    return value === undefined ? undefined : JSON.stringify(value);
  }

  private locate(key: string): { source: RecordSource; name: string } {
    const slash = key.indexOf("/");
    const prefix = slash < 0 ? key : key.slice(0, slash + 1);
    const source = this.sources.get(prefix);
    if (source === undefined) throw new Error(`no record source for ${key}`);
    return { source, name: slash < 0 ? "" : key.slice(slash + 1) };
  }

  private snapshot(): void {
    this.committed = new Map();
    for (const c of this.all())
      if (c.text !== null) this.committed.set(c.file.slice(0, -5), c.text);
  }

  /** Check mode: a record that changed without being declared would be lost by a restart. */
  private verify(touched: Map<string, string | undefined>): void {
    const committed = this.committed as Map<string, string>;
    const seen = new Set<string>();
    for (const c of this.all()) {
      const key = c.file.slice(0, -5);
      seen.add(key);
      if (!touched.has(key) && c.text !== (committed.get(key) ?? null))
        throw new Error(`record ${key} changed without being declared with write()`);
    }
    for (const key of committed.keys())
      if (!seen.has(key)) throw new Error(`record ${key} vanished without being declared`);
  }
}
