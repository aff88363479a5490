import { strict as assert } from "node:assert";
import { execFileSync } from "node:child_process";
import * as path from "node:path";

/**
 * What the plugin loads to answer a preview, in a fresh node as the plugin is one: its server
 * module and the previewing calls (check, diff, the preview of a create and of an update), from
 * dist/. A preview makes no request, and needs no HTTP client (issue #13's rule, kept by the
 * plugin: test/resources/lazy-loading.test.ts pins it for the dynamic resources).
 */
const SCRIPT = `
const pb = require("@pulumi/pulumi/proto/provider_pb");
const { Struct } = require("google-protobuf/google/protobuf/struct_pb");
require("./dist/plugin/server");
const calls = require("./dist/plugin/resource-calls");
const s = (v) => Struct.fromJavaScript(v);
const T = "genie:index:GenieSpace";
const inputs = { title: "T", warehouseId: "a1b2c3d4e5f60718", space: { tables: ["dev.sales.orders"] } };
const state = { ...inputs, spaceId: "01f0c3a1b2c3d4e5f60718293a4b5c6d", url: "https://example/genie/rooms/x",
  etag: "1", serializedSpace: '{"version":2}', appliedHash: "0".repeat(64), canonicalVersion: 1, drift: [] };
(async () => {
  const c = new pb.CheckRequest(); c.setType(T); c.setNews(s(inputs)); c.setOlds(s({}));
  const checked = await calls.check(c);
  const d = new pb.DiffRequest(); d.setType(T); d.setId("x"); d.setOlds(s(state)); d.setNews(checked.getInputs()); d.setOldInputs(s(inputs));
  const diffed = await calls.diff(d);
  const cr = new pb.CreateRequest(); cr.setType(T); cr.setProperties(checked.getInputs()); cr.setPreview(true);
  await calls.create(cr);
  const u = new pb.UpdateRequest(); u.setType(T); u.setId("x"); u.setOlds(s(state)); u.setNews(checked.getInputs()); u.setPreview(true);
  const updated = await calls.update(u);
  const loaded = Object.keys(require.cache).map((f) => f.split(require("path").sep).join("/"));
  process.stdout.write(JSON.stringify({ failures: checked.getFailuresList().length, changes: diffed.getChanges(),
    detailed: [...diffed.getDetaileddiffMap().keys()], spaceId: updated.getProperties().toJavaScript().spaceId, loaded }));
})().catch((e) => { process.stderr.write(String(e && e.stack)); process.exit(1); });
`;

describe("what the plugin loads for a preview", function () {
  this.timeout(30_000);

  it("check, diff and the previews of create and update load no HTTP client, no zod and no provider module that writes", () => {
    const run = JSON.parse(
      execFileSync(process.execPath, ["-e", SCRIPT], {
        cwd: path.join(__dirname, "..", ".."),
        env: { ...process.env, NODE_OPTIONS: "" },
        encoding: "utf8",
      }),
    ) as {
      failures: number;
      changes: number;
      detailed: string[];
      spaceId: string;
      loaded: string[];
    };
    assert.equal(run.failures, 0);
    assert.equal(run.changes, 2, "the changed document was found");
    assert.deepEqual(run.detailed, ["space"]);
    assert.equal(run.spaceId, "01f0c3a1b2c3d4e5f60718293a4b5c6d");
    assert.deepEqual(
      run.loaded.filter((f) => /\/node_modules\/(axios|zod)\//.test(f)),
      [],
    );
    assert.deepEqual(
      run.loaded.filter((f) =>
        /genie-space-(permissions-)?provider\.js$|\/client\/(http|genie|index)\.js$/.test(f),
      ),
      [],
    );
  });
});
