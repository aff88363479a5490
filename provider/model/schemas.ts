/**
 * The zod schemas (schema.ts), loaded on first use: zod and the schemas built from the field table
 * take tens of milliseconds to load, which a fresh provider host would pay on its first check
 * even for a spec that spec-check.ts finds valid without them (issue #13).
 */
export function schemas(): typeof import("./schema") {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded on first use, see above
  return require("./schema") as typeof import("./schema");
}
