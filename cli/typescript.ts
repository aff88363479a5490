/**
 * Values as TypeScript source a person reviews: bare keys where they are identifiers, text with
 * line breaks as one quoted line per line joined by `+`, short lists of strings on one line.
 */
export function literal(value: unknown, indent = ""): string {
  const inner = indent + "  ";
  if (typeof value === "string") return text(value, inner);
  if (value === undefined || value === null) return "undefined";
  if (typeof value !== "object") return quote(value);
  if (Array.isArray(value)) {
    if (value.length === 0) return "[]";
    if (value.every((v) => typeof v === "string" && !v.includes("\n"))) {
      const flat = `[${value.map((v) => quote(v)).join(", ")}]`;
      if (flat.length + indent.length <= 80) return flat;
    }
    return `[\n${value.map((v) => `${inner}${literal(v, inner)},\n`).join("")}${indent}]`;
  }
  const entries = Object.entries(value as Record<string, unknown>).filter(
    ([, v]) => v !== undefined,
  );
  if (entries.length === 0) return "{}";
  return `{\n${entries.map(([k, v]) => `${inner}${key(k)}: ${literal(v, inner)},\n`).join("")}${indent}}`;
}

/**
 * A value as source text: JSON, with the characters JSON leaves raw but that change how a
 * reviewer reads the code escaped too: DEL and C1 controls, the bidi overrides and isolates of
 * Trojan Source (CVE-2021-42574), and the line separators. The value is the same.
 */
export function quote(value: unknown): string {
  return JSON.stringify(value).replace(
    /[\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g,
    (c) => `\\u${(c.codePointAt(0) ?? 0).toString(16).padStart(4, "0")}`,
  );
}

export function key(k: string): string {
  // `"__proto__": x` in a literal sets the prototype; the computed form makes a property.
  if (k === "__proto__") return `["__proto__"]`;
  return /^[A-Za-z_$][A-Za-z0-9_$]*$/.test(k) ? k : quote(k);
}

function text(s: string, inner: string): string {
  const lines = s.split(/(?<=\n)/);
  if (lines.length <= 1) return quote(s);
  return lines.map((l) => quote(l)).join(` +\n${inner}`);
}

/** A camelCase identifier for TypeScript from a resource name (`sales-analytics` -> `salesAnalytics`). */
export function identifier(name: string): string {
  const words = name.split(/[^A-Za-z0-9]+/).filter((w) => w !== "");
  const id = words
    .map((w, i) => (i === 0 ? w.toLowerCase() : w[0]?.toUpperCase() + w.slice(1).toLowerCase()))
    .join("");
  const safe = /^[A-Za-z_]/.test(id) ? id : `space${id}`;
  // `const default = ...` does not parse, and `const config` would clash with the program's own.
  return TAKEN.has(safe) ? `${safe}Space` : safe;
}

/** Words a `const` cannot be named in a module (strict mode), and the names a program declares. */
const TAKEN = new Set(
  (
    "break case catch class const continue debugger default delete do else enum export extends " +
    "false finally for function if import in instanceof new null return super switch this throw " +
    "true try typeof var void while with yield let static implements interface package private " +
    "protected public await arguments eval undefined pulumi config"
  ).split(" "),
);

/** A Pulumi resource name from a title: `Sales analytics (dev)` -> `sales-analytics-dev`. */
export function resourceName(title: string): string {
  const slug = title
    .toLowerCase()
    .normalize("NFKD")
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 40)
    .replace(/-+$/, "");
  return slug === "" ? "space" : slug;
}
