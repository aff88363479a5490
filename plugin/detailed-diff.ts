/**
 * A detailed diff in the program's own terms: for each argument the resource's diff names as
 * changed, the leaves where the new inputs differ from those last recorded (the program's, or
 * those a refresh wrote back in the program's terms), as Pulumi property paths:
 * `space.instructions`, `space.tables[1].columns.order_id.synonyms[0]`, `title`. Old values are
 * the old inputs (`inputDiff`), so `pulumi preview --diff` shows exactly what the next `up` puts
 * back. Whether anything changed is the resource's decision, never this walk's: inputs that
 * differ only where the server's meaning does not (a reordered table list) show nothing.
 */
export type DiffKind = "add" | "delete" | "update";

const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === "object" && v !== null && !Array.isArray(v);

/** JSON with sorted keys: equal values, equal text. */
function same(a: unknown, b: unknown): boolean {
  const sorted = (v: unknown): unknown =>
    Array.isArray(v)
      ? v.map(sorted)
      : isRecord(v)
        ? Object.fromEntries(
            Object.keys(v)
              .sort()
              .map((k) => [k, sorted(v[k])]),
          )
        : v;
  return JSON.stringify(sorted(a)) === JSON.stringify(sorted(b));
}

/** A property path segment: `.name` when it is an identifier, else `["name"]`. */
function key(path: string, k: string): string {
  if (/^[A-Za-z_$][A-Za-z0-9_$]*$/.test(k)) return path === "" ? k : `${path}.${k}`;
  return `${path}[${JSON.stringify(k)}]`;
}

/** Every leaf where `news` differs from `olds`, under `path`. */
export function leafDiffs(olds: unknown, news: unknown, path: string): Map<string, DiffKind> {
  const out = new Map<string, DiffKind>();
  const walk = (a: unknown, b: unknown, at: string) => {
    if (same(a, b)) return;
    if (a === undefined) out.set(at, "add");
    else if (b === undefined) out.set(at, "delete");
    else if (Array.isArray(a) && Array.isArray(b))
      for (let i = 0; i < Math.max(a.length, b.length); i++) walk(a[i], b[i], `${at}[${i}]`);
    else if (isRecord(a) && isRecord(b))
      for (const k of [...new Set([...Object.keys(a), ...Object.keys(b)])].sort())
        walk(a[k], b[k], key(at, k));
    else out.set(at, "update");
  };
  walk(olds, news, path);
  return out;
}

/**
 * The detailed diff of the arguments in `changed`; an argument whose change the inputs do not
 * show (drift found by refresh on a state without the program's inputs) is named whole.
 */
export function detailedDiff(
  changed: readonly string[],
  oldInputs: Record<string, unknown>,
  news: Record<string, unknown>,
): Map<string, DiffKind> {
  const out = new Map<string, DiffKind>();
  for (const property of changed) {
    const leaves = leafDiffs(oldInputs[property], news[property], key("", property));
    if (leaves.size === 0) out.set(key("", property), "update");
    for (const [p, k] of leaves) out.set(p, k);
  }
  return out;
}
