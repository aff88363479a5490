import { createHash } from "node:crypto";

/** The server checks ids as lowercase 32-hex ("Expected lowercase 32-hex UUID", docs/api-behaviour.md, "The document"). */
export const ID_PATTERN = /^[0-9a-f]{32}$/;

export function isValidId(value: unknown): value is string {
  return typeof value === "string" && ID_PATTERN.test(value);
}

/**
 * A stable id for an item that has none: derived from what the item is (its section and natural
 * key), so the same program yields the same ids on every run and machine and previews never churn.
 *
 * The hash is laid out as a version-4 UUID. No source shows the server checking randomness, but
 * one claims only `uuid4().hex` is accepted (docs/api-behaviour.md, "Not relied on"); a v4-shaped id satisfies
 * both readings at no cost.
 */
export function stableId(section: string, naturalKey: string, attempt = 0): string {
  const hex = createHash("sha256")
    .update(`${section}\u0000${naturalKey}\u0000${attempt}`)
    .digest("hex")
    .slice(0, 32)
    .split("");
  hex[12] = "4";
  hex[16] = ((parseInt(hex[16] ?? "0", 16) & 0x3) | 0x8).toString(16);
  return hex.join("");
}
