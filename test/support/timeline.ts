import { strict as assert } from "node:assert";
import type { Emulator } from "../../emulator";

/** The emulator's timeline from `from` on, one line per change: `create table dev.sales.orders`. */
export function timelineEvents(emu: Emulator, from = 0): string[] {
  return emu.timeline.slice(from).map((e) => `${e.action} ${e.object} ${e.name}`);
}

/**
 * The space was created after the dev stack's two tables, its four grants and its folder (the
 * order the component declares with dependsOn), each of which happened.
 */
export function assertSpaceAfterItsDependencies(seen: string[], spaceId: string): void {
  const space = seen.indexOf(`create space ${spaceId}`);
  const before = seen.filter(
    (e) =>
      e.startsWith("create table ") ||
      e.startsWith("grant grant ") ||
      e === "create folder /Shared/genie/dev",
  );
  assert.equal(before.length, 2 + 4 + 1, seen.join("\n"));
  for (const e of before)
    assert.ok(seen.indexOf(e) < space, `${e} comes before the space:\n${seen.join("\n")}`);
}
