/**
 * What the engine makes of two sets of inputs, as `pulumi preview --diff` shows them after a
 * refresh (the inputs stored by refresh against the program's): property by property, lists
 * index by index, strings that hold JSON compared as the JSON they hold, and `__`-keys ignored.
 * After Pulumi's own display code (pkg/backend/display/object_diff.go), without colours.
 */
type Value = unknown;

const isObject = (v: Value): v is Record<string, Value> =>
  typeof v === "object" && v !== null && !Array.isArray(v);

/** A string holding a JSON object or list, decoded, as the display decodes it. */
function decoded(v: Value): Value {
  if (typeof v !== "string") return v;
  try {
    const parsed = JSON.parse(v.trim()) as Value;
    return typeof parsed === "object" && parsed !== null ? parsed : v;
  } catch {
    return v;
  }
}

const same = (a: Value, b: Value) => JSON.stringify(a) === JSON.stringify(b);

/** Every leaf that differs, e.g. `space.instructions`, `serializedSpace.data_sources.tables[2]`. */
export function changedPaths(olds: Record<string, Value>, news: Record<string, Value>): string[] {
  const out: string[] = [];
  const walk = (a: Value, b: Value, path: string) => {
    a = decoded(a);
    b = decoded(b);
    if (same(a, b)) return;
    if (Array.isArray(a) && Array.isArray(b)) {
      for (let i = 0; i < Math.max(a.length, b.length); i++) walk(a[i], b[i], `${path}[${i}]`);
      return;
    }
    if (isObject(a) && isObject(b)) {
      for (const k of [...new Set([...Object.keys(a), ...Object.keys(b)])].sort())
        if (!k.startsWith("__")) walk(a[k], b[k], path === "" ? k : `${path}.${k}`);
      return;
    }
    out.push(path);
  };
  walk(olds, news, "");
  return out.sort();
}

/** The lines the engine prints for a resource being updated, its properties at `indent`. */
export function renderUpdate(
  header: { type: string; id: string; urn: string },
  olds: Record<string, Value>,
  news: Record<string, Value>,
): string {
  const lines = [
    `    ~ ${header.type}: (update)`,
    `        [id=${header.id}]`,
    `        [urn=${header.urn}]`,
  ];
  const keys = [...new Set([...Object.keys(olds), ...Object.keys(news)])]
    .filter((k) => !k.startsWith("__") && !same(olds[k], news[k]))
    .sort();
  const width = Math.max(0, ...keys.map((k) => k.length));
  for (const k of keys) diffProperty(lines, property(2, k.padEnd(width)), olds[k], news[k]);
  return lines.map((l) => l.trimEnd()).join("\n");
}

/** Indentation of a level, its last two characters replaced by the operation's sign. */
const pad = (level: number, sign?: string) =>
  sign === undefined ? " ".repeat(level * 4) : " ".repeat(level * 4 - 2) + sign + " ";

const quote = (s: string) => JSON.stringify(s);

/** Where a value's title goes: the line's start for a sign, and the level of what it holds. */
interface Slot {
  head: (sign?: string) => string;
  /** The level of the printer the value is printed with (its keys one deeper). */
  level: number;
}

const property = (level: number, title: string): Slot => ({
  head: (sign) => `${pad(level, sign)}${title}: `,
  level,
});
// An element of a list being diffed: title one level in, value printed two levels in.
const element = (level: number, i: number): Slot => ({
  head: (sign) => `${pad(level + 1, sign)}[${i}]: `,
  level: level + 2,
});

function diffProperty(out: string[], slot: Slot, a: Value, b: Value): void {
  if (a === undefined) return printValue(out, slot.head("+"), slot.level, "+", b);
  if (b === undefined) return printValue(out, slot.head("-"), slot.level, "-", a);
  const level = slot.level;
  const head = slot.head("~");
  if (typeof a === "string" && typeof b === "string") {
    const da = decoded(a);
    const db = decoded(b);
    if (da !== a && db !== b)
      return diffProperty(out, { head: (sign) => `${slot.head(sign)}(json) `, level }, da, db);
    if (!a.includes("\n") && !b.includes("\n"))
      return void out.push(`${head}${quote(a)} => ${quote(b)}`);
    out.push(head);
    for (const [sign, line] of lineDiff(a, b))
      out.push(`${pad(level + 1, sign === " " ? undefined : sign)}${line}`);
    return;
  }
  if (isObject(a) && isObject(b)) {
    out.push(`${head}{`);
    const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])].sort();
    const width = Math.max(0, ...keys.map((k) => k.length));
    for (const k of keys) {
      const sub = property(level + 1, k.padEnd(width));
      if (same(a[k], b[k])) printValue(out, sub.head(), sub.level, undefined, a[k]);
      else diffProperty(out, sub, a[k], b[k]);
    }
    out.push(`${pad(level)}}`);
    return;
  }
  if (Array.isArray(a) && Array.isArray(b)) {
    out.push(`${head}[`);
    for (let i = 0; i < Math.max(a.length, b.length); i++) {
      const sub = element(level, i);
      if (same(a[i], b[i])) printValue(out, sub.head(), sub.level, undefined, a[i]);
      else diffProperty(out, sub, a[i], b[i]);
    }
    out.push(`${pad(level)}]`);
    return;
  }
  // Of different kinds: the old value removed, the new one added.
  printValue(out, slot.head("-"), level, "-", a);
  printValue(out, slot.head("+"), level, "+", b);
}

/** A whole value after its `head`, every line signed (`+`, `-`) or not (unchanged). */
function printValue(
  out: string[],
  head: string,
  level: number,
  sign: string | undefined,
  v: Value,
): void {
  if (isObject(v)) {
    out.push(`${head}{`);
    const keys = Object.keys(v).sort();
    const width = Math.max(0, ...keys.map((k) => k.length));
    for (const k of keys)
      printValue(out, `${pad(level + 1, sign)}${k.padEnd(width)}: `, level + 1, sign, v[k]);
    out.push(`${pad(level)}}`);
  } else if (Array.isArray(v)) {
    out.push(`${head}[`);
    v.forEach((x, i) => printValue(out, `${pad(level, sign)}    [${i}]: `, level + 1, sign, x));
    out.push(`${pad(level)}]`);
  } else {
    out.push(`${head}${typeof v === "string" ? quote(v) : String(v)}`);
  }
}

/** Lines of `a` and `b`, each kept (" "), removed ("-") or added ("+"), by longest common subsequence. */
function lineDiff(a: string, b: string): [string, string][] {
  const x = a.split("\n");
  const y = b.split("\n");
  // lcs[i][j]: the longest common subsequence of x[i..] and y[j..].
  const lcs = Array.from({ length: x.length + 1 }, () => new Array<number>(y.length + 1).fill(0));
  const at = (i: number, j: number) => lcs[i]?.[j] ?? 0;
  for (let i = x.length - 1; i >= 0; i--)
    for (let j = y.length - 1; j >= 0; j--)
      (lcs[i] as number[])[j] =
        x[i] === y[j] ? at(i + 1, j + 1) + 1 : Math.max(at(i + 1, j), at(i, j + 1));
  const out: [string, string][] = [];
  let i = 0;
  let j = 0;
  while (i < x.length || j < y.length) {
    if (i < x.length && j < y.length && x[i] === y[j]) {
      out.push([" ", x[i] as string]);
      i++;
      j++;
    } else if (i < x.length && (j >= y.length || at(i + 1, j) >= at(i, j + 1))) {
      // Removals before additions, as Pulumi's line diff shows them.
      out.push(["-", x[i++] as string]);
    } else {
      out.push(["+", y[j++] as string]);
    }
  }
  return out.filter(([, l]) => l.trim() !== "");
}
