import { strict as assert } from "node:assert";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { startEmulator } from "../../emulator";
import { emulator, WAREHOUSE } from "../support/emulator";
import { fixtureText } from "../support/fixtures";

/**
 * The emulator as a service that keeps what it acknowledged (issue #23): a write lands whole or
 * fails with a 5xx and changes nothing, in memory too; no temporary file outlives a failure; a
 * write touches only its own space's file; the request log keeps no documents; page tokens skip
 * nothing; admin edits are all or nothing. Processes killed and raced: processes.test.ts.
 */
const SPACES = "/api/2.0/genie/spaces";

function tempDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), "genie-emu-durable-"));
}

/** Every file under `dir`, relative, sorted. */
function files(dir: string): string[] {
  return fs
    .readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => path.relative(dir, path.join(e.parentPath, e.name)))
    .sort();
}

/**
 * Plays a nearly full disk for files under `dir`: a write there stores at most `room` bytes and
 * then reports 0 bytes written (what write(2) does before ENOSPC), until `restore()`.
 */
function fillDisk(dir: string, room: number): { restore: () => void } {
  // The module itself (an `import * as` copy has only getters): the emulator's calls go through it.
  const mutableFs = process.getBuiltinModule("node:fs") as unknown as Record<string, unknown>;
  const realOpen = fs.openSync;
  const realWrite = fs.writeSync;
  const inside = new Set<number>();
  let left = room;
  mutableFs["openSync"] = (...args: Parameters<typeof fs.openSync>) => {
    const fd = realOpen(...args);
    if (String(args[0]).startsWith(dir)) inside.add(fd);
    return fd;
  };
  mutableFs["writeSync"] = (fd: number, buffer: Buffer, offset?: number, length?: number) => {
    if (!inside.has(fd))
      return (realWrite as (...a: unknown[]) => number)(fd, buffer, offset, length);
    const n = Math.min(left, length ?? buffer.length - (offset ?? 0));
    left -= n;
    return n === 0 ? 0 : realWrite(fd, buffer, offset ?? 0, n);
  };
  return {
    restore: () => {
      mutableFs["openSync"] = realOpen;
      mutableFs["writeSync"] = realWrite;
    },
  };
}

describe("emulator: a write lands whole or changes nothing", () => {
  it("a short write on a nearly full disk answers 500, changes nothing in memory or on disk, and leaves no temporary file", async () => {
    const dir = tempDir();
    try {
      const t = await emulator({ dataDir: dir });
      const id = String((await t.createSpace({ title: "Kept" }))["space_id"]);
      const before = files(dir);
      const disk = fillDisk(dir, 100);
      let res;
      try {
        res = await t.call("PATCH", `${SPACES}/${id}`, { title: "Lost" });
      } finally {
        disk.restore();
      }
      assert.equal(res.status, 500);
      assert.equal(res.body["error_code"], "INTERNAL_ERROR");
      assert.match(String(res.body["message"]), /could not save.*short write.*nothing was changed/);
      assert.equal((await t.call("GET", `${SPACES}/${id}`)).body["title"], "Kept");
      const listed = (await t.call("GET", SPACES)).body["spaces"] as { title: string }[];
      assert.deepEqual(
        listed.map((s) => s.title),
        ["Kept"],
      );
      assert.deepEqual(files(dir), before, "no temporary file is left");
      // The next write saves its own change, not the refused one.
      assert.equal((await t.call("PATCH", `${SPACES}/${id}`, { description: "d" })).status, 200);
      await t.emu.stop();
      const again = await emulator({ dataDir: dir });
      const got = (await again.call("GET", `${SPACES}/${id}`)).body;
      assert.deepEqual([got["title"], got["description"]], ["Kept", "d"]);
      await again.emu.stop();
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it("a create refused by a full disk leaves no space behind: not listed, not found after a restart", async () => {
    const dir = tempDir();
    try {
      const t = await emulator({ dataDir: dir });
      const disk = fillDisk(dir, 0);
      let res;
      try {
        res = await t.call("POST", SPACES, {
          warehouse_id: WAREHOUSE,
          serialized_space: fixtureText("server_export.v2.geniespace.json"),
        });
      } finally {
        disk.restore();
      }
      assert.equal(res.status, 500);
      assert.deepEqual((await t.call("GET", SPACES)).body["spaces"], []);
      assert.deepEqual(
        t.emu.timeline.filter((e) => e.object === "space"),
        [],
        "no timeline event of a create that did not happen",
      );
      await t.emu.stop();
      const again = await emulator({ dataDir: dir });
      assert.deepEqual((await again.call("GET", SPACES)).body["spaces"], []);
      await again.emu.stop();
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it("a warehouse refused by a full disk is not there afterwards (the platform's record too)", async () => {
    const dir = tempDir();
    try {
      const t = await emulator({ dataDir: dir });
      const disk = fillDisk(dir, 10);
      let res;
      try {
        res = await t.call("POST", "/api/2.0/sql/warehouses", { name: "w", cluster_size: "Small" });
      } finally {
        disk.restore();
      }
      assert.equal(res.status, 500);
      const names = (
        (await t.call("GET", "/api/2.0/sql/warehouses")).body["warehouses"] as { name: string }[]
      ).map((w) => w.name);
      assert.ok(!names.includes("w"), `listed: ${names.join(", ")}`);
      await t.emu.stop();
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it("a title-only PATCH rewrites its own space's file and no other", async () => {
    const dir = tempDir();
    try {
      const t = await emulator({ dataDir: dir });
      const ids: string[] = [];
      for (let i = 0; i < 4; i++) ids.push(String((await t.createSpace())["space_id"]));
      const stamp = () =>
        Object.fromEntries(
          files(dir).map((f) => [
            f,
            fs.statSync(path.join(dir, f)).ino + ":" + fs.statSync(path.join(dir, f)).mtimeMs,
          ]),
        );
      const before = stamp();
      assert.equal((await t.call("PATCH", `${SPACES}/${ids[2]}`, { title: "New" })).status, 200);
      const after = stamp();
      const changed = Object.keys(after).filter((f) => after[f] !== before[f]);
      assert.deepEqual(changed, [`spaces/${ids[2]}.json`]);
      await t.emu.stop();
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it("temporary files left by a kill are swept at the next start", async () => {
    const dir = tempDir();
    try {
      const t = await emulator({ dataDir: dir });
      await t.createSpace();
      await t.emu.stop();
      fs.writeFileSync(path.join(dir, "spaces", "01f0abc.json.4242.0.tmp"), "{half");
      fs.writeFileSync(path.join(dir, "journal.json.4242.1.tmp"), "{half");
      const again = await startEmulator({ dataDir: dir });
      await again.stop();
      assert.deepEqual(
        files(dir).filter((f) => f.endsWith(".tmp")),
        [],
      );
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it("a data directory of version 0.1 (one workspace.json) is moved to one file per space, and its spaces answer", async () => {
    const dir = tempDir();
    try {
      const space = {
        space_id: "01f0aaaaaaaaaaaa0000000000000001",
        title: "From 0.1",
        description: "",
        warehouse_id: WAREHOUSE,
        parent_path: "/Shared",
        document: { version: 2 },
        etag: "e1",
        revision: 1,
        create_time: 1,
        update_time: 1,
        creator: "admin@example.com",
      };
      fs.writeFileSync(
        path.join(dir, "workspace.json"),
        JSON.stringify({
          spaces: { [space.space_id]: space },
          acls: { [space.space_id]: { "user_name:admin@example.com": "CAN_MANAGE" } },
          folders: ["/", "/Shared", "/Shared/Old"],
        }),
      );
      const t = await emulator({ dataDir: dir });
      assert.equal((await t.call("GET", `${SPACES}/${space.space_id}`)).body["title"], "From 0.1");
      assert.equal(
        (await t.call("GET", `/api/2.0/workspace/get-status?path=/Shared/Old`)).status,
        200,
      );
      await t.emu.stop();
      assert.deepEqual(files(dir), ["folders.json", `spaces/${space.space_id}.json`]);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("emulator: one emulator per data directory (in one process)", () => {
  it("a second emulator on a folder in use is refused, naming the holder and how to go on; after stop the folder is free", async () => {
    const dir = tempDir();
    try {
      const first = await startEmulator({ dataDir: dir });
      await assert.rejects(startEmulator({ dataDir: dir }), (e: Error) => {
        assert.match(e.message, /data directory .* is in use by another emulator \(this process/);
        assert.match(e.message, /stop it, or pass another --data-dir/);
        return true;
      });
      await first.stop();
      const next = await startEmulator({ dataDir: dir });
      await next.stop();
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("emulator: bounded memory", () => {
  it("the request log keeps no documents: 30 PATCHes of a 1 MB document log a few kilobytes", async () => {
    const t = await emulator();
    const id = String((await t.createSpace())["space_id"]);
    const doc = JSON.parse(fixtureText("server_export.v2.geniespace.json")) as {
      instructions: { text_instructions: { content: string[] }[] };
    };
    for (let i = 0; i < 30; i++) {
      // 50 lines of 20,000 characters: a 1 MB document within the 25,000 characters a string.
      const line = `${i} `.repeat(10_000).slice(0, 19_999) + "\n";
      doc.instructions.text_instructions[0]!.content = Array.from({ length: 50 }, () => line);
      const res = await t.call("PATCH", `${SPACES}/${id}`, {
        serialized_space: JSON.stringify(doc),
      });
      assert.equal(res.status, 200);
    }
    const patches = t.emu.requests.filter((r) => r.method === "PATCH");
    assert.equal(patches.length, 30);
    const logged = String((patches[0]?.body as Record<string, unknown>)["serialized_space"]);
    assert.ok(/^\[\d+ characters\]$/.test(logged), `logged: ${logged.slice(0, 80)}...`);
    assert.ok(JSON.stringify(t.emu.requests).length < 20_000);
    await t.emu.stop();
  });

  it("the request log holds the newest requestLogLimit requests", async () => {
    const t = await emulator({ config: { requestLogLimit: 100 } });
    for (let i = 0; i < 250; i++) await fetch(`${t.emu.url}/__emulator/timeline?i=${i}`);
    await t.call("GET", SPACES);
    assert.ok(t.emu.requests.length <= 100, `${t.emu.requests.length} kept`);
    assert.ok(t.emu.requests.length >= 90);
    assert.equal(t.emu.requests.at(-1)?.path, SPACES, "the newest is kept");
    await t.emu.stop();
  });
});

describe("emulator: list pages while spaces are trashed", () => {
  it("trashing spaces of the first page before asking for the second skips no live space and repeats none", async () => {
    const t = await emulator();
    const ids: string[] = [];
    for (let i = 0; i < 7; i++) {
      ids.push(String((await t.createSpace({ title: `S${i}` }))["space_id"]));
      t.clock.advance(1);
    }
    const first = (await t.call("GET", `${SPACES}?page_size=3`)).body;
    const page1 = (first["spaces"] as { space_id: string }[]).map((s) => s.space_id);
    for (const id of page1.slice(0, 2))
      assert.equal((await t.call("DELETE", `${SPACES}/${id}`)).status, 200);
    const seen = [...page1];
    let token = first["next_page_token"] as string | undefined;
    while (token !== undefined) {
      const page = (await t.call("GET", `${SPACES}?page_size=3&page_token=${token}`)).body;
      seen.push(...(page["spaces"] as { space_id: string }[]).map((s) => s.space_id));
      token = page["next_page_token"] as string | undefined;
    }
    assert.deepEqual(seen, ids);
    assert.equal((await t.call("GET", `${SPACES}?page_token=not-a-token`)).status, 400);
    await t.emu.stop();
  });
});

describe("emulator: admin edits", () => {
  it("an edit with a warehouse it refuses changes nothing, not even its title", async () => {
    const t = await emulator();
    const id = String((await t.createSpace({ title: "Before" }))["space_id"]);
    const res = await t.call("POST", `/__emulator/spaces/${id}/edit`, {
      title: "After",
      warehouseId: "0123456789abcdef",
    });
    assert.equal(res.status, 400);
    assert.match(String(res.body["message"]), /Warehouse 0123456789abcdef does not exist/);
    assert.equal(t.emu.space(id)?.title, "Before");
    assert.throws(
      () => t.emu.edit(id, { title: "After", parentPath: "/Nowhere" }),
      /doesn't exist/,
    );
    assert.equal(t.emu.space(id)?.title, "Before");
    await t.emu.stop();
  });

  it("an edit may pick a warehouse made through the API, not only the seed's", async () => {
    const t = await emulator();
    const id = String((await t.createSpace())["space_id"]);
    const made = await t.call("POST", "/api/2.0/sql/warehouses", {
      name: "new",
      cluster_size: "Small",
    });
    const wid = String(made.body["id"]);
    assert.equal(
      (await t.call("POST", `/__emulator/spaces/${id}/edit`, { warehouseId: wid })).status,
      200,
    );
    assert.equal(t.emu.space(id)?.warehouse_id, wid);
    await t.emu.stop();
  });
});
