import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { startEmulator, systemClock } from "../../emulator";
import { toSerializedSpace } from "../../provider";
import { WAREHOUSE } from "../support/emulator";
import { median, ms, out, ratio, timeAsync } from "./measure";
import { LARGEST, sizedSpace } from "./spaces";

/**
 * The emulator's store with a data directory (docs/emulator-store.md): what a title-only PATCH
 * and a document PATCH of one space cost while N spaces of the largest size are stored. A cost
 * independent of N is the goal; the ratio of N=max to N=5 says how close it is.
 * `npx ts-node --transpile-only test/bench/emulator-store.ts [5 20 50]` runs it alone.
 */
export async function emulatorStore(counts: number[] = [5, 20, 50]): Promise<void> {
  const doc = JSON.stringify(toSerializedSpace(sizedSpace(LARGEST)).document);
  out(
    `emulator store with a data directory, spaces of ${(Buffer.byteLength(doc) / 1e6).toFixed(2)} MB (medians of 15):`,
  );
  const title: number[] = [];
  for (const n of counts) {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "genie-bench-store-"));
    const emu = await startEmulator({ dataDir: dir, clock: systemClock, checkWrites: false });
    try {
      const call = (method: string, p: string, body: unknown) =>
        fetch(emu.url + p, {
          method,
          headers: { authorization: `Bearer ${emu.token}`, "content-type": "application/json" },
          body: JSON.stringify(body),
        }).then(async (r) => {
          if (r.status !== 200) throw new Error(`${method} ${p}: ${r.status} ${await r.text()}`);
          return (await r.json()) as Record<string, unknown>;
        });
      const ids: string[] = [];
      for (let i = 0; i < n; i++)
        ids.push(
          String(
            (
              await call("POST", "/api/2.0/genie/spaces", {
                warehouse_id: WAREHOUSE,
                serialized_space: doc,
                title: `S${i}`,
              })
            )["space_id"],
          ),
        );
      const id = ids[Math.floor(n / 2)] as string;
      const patchTitle: number[] = [];
      const patchDoc: number[] = [];
      for (let i = 0; i < 15; i++) {
        patchTitle.push(
          await timeAsync(() => call("PATCH", `/api/2.0/genie/spaces/${id}`, { title: `T${i}` })),
        );
        patchDoc.push(
          await timeAsync(() =>
            call("PATCH", `/api/2.0/genie/spaces/${id}`, { serialized_space: doc }),
          ),
        );
      }
      title.push(median(patchTitle));
      out(
        `  ${n} spaces stored: title-only PATCH ${ms(median(patchTitle))}, document PATCH ${ms(median(patchDoc))}`,
      );
    } finally {
      await emu.stop();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }
  out(
    `  title-only PATCH with ${counts.at(-1)} spaces / with ${counts[0]}: ${ratio(title.at(-1) ?? 0, title[0] ?? 1)}`,
  );
}

if (require.main === module)
  emulatorStore(process.argv.length > 2 ? process.argv.slice(2).map(Number) : undefined).catch(
    (e: unknown) => {
      process.stderr.write(`bench failed: ${(e as Error).stack ?? String(e)}\n`);
      process.exit(1);
    },
  );
