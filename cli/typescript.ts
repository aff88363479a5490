/**
 * Values as TypeScript source a person reviews: bare keys where they are identifiers, text with
 * line breaks as one quoted line per line joined by `+`, short lists of strings on one line.
 */
export function literal(value: unknown, indent = ""): string {
  const inner = indent + "  ";
  if (typeof value === "string") return text(value, inner);
  if (value === undefined || value === null) return "undefined";
  if (typeof value !== "object") return JSON.stringify(value);
  if (Array.isArray(value)) {
    if (value.length === 0) return "[]";
    if (value.every((v) => typeof v === "string" && !v.includes("\n"))) {
      const flat = `[${value.map((v) => JSON.stringify(v)).join(", ")}]`;
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

export function key(k: string): string {
  // `"__proto__": x` in a literal sets the prototype; the computed form makes a property.
  if (k === "__proto__") return `["__proto__"]`;
  return /^[A-Za-z_$][A-Za-z0-9_$]*$/.test(k) ? k : JSON.stringify(k);
}

function text(s: string, inner: string): string {
  const lines = s.split(/(?<=\n)/);
  if (lines.length <= 1) return JSON.stringify(s);
  return lines.map((l) => JSON.stringify(l)).join(` +\n${inner}`);
}

/** A camelCase identifier for TypeScript from a resource name (`sales-analytics` -> `salesAnalytics`). */
export function identifier(name: string): string {
  const words = name.split(/[^A-Za-z0-9]+/).filter((w) => w !== "");
  const id = words
    .map((w, i) => (i === 0 ? w.toLowerCase() : w[0]?.toUpperCase() + w.slice(1).toLowerCase()))
    .join("");
  return /^[A-Za-z_]/.test(id) ? id : `space${id}`;
}

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
