import { strict as assert } from "node:assert";
import { execFileSync } from "node:child_process";
import * as path from "node:path";

/**
 * What a call loads, in a fresh node process as the provider host is one: the runtime as the
 * serialized provider requires it (from dist/), then check and diff of both resources. A preview
 * needs no HTTP client, and loading one (axios and the client's modules) was most of a fresh
 * host's first-call overhead (issue #13).
 */
const SCRIPT = `
const runtime = require("pulumi-databricks-genie/runtime");
const hash = "0".repeat(64);
const state = {
  title: "T", warehouseId: "a1b2c3d4e5f60718", spaceId: "01f0c3a1b2c3d4e5f60718293a4b5c6d",
  url: "https://example/genie/rooms/x", etag: "1", serializedSpace: '{"version":2}',
  appliedHash: hash, canonicalVersion: 1,
};
const grants = { spaceId: "01f0c3a1b2c3d4e5f60718293a4b5c6d", grants: [{ groupName: "g", level: "CAN_RUN" }] };
(async () => {
  runtime.configure({ config: { get: () => undefined } });
  const checked = await runtime.dispatch("GenieSpace", "check", [{}, { title: "T", warehouseId: "a1b2c3d4e5f60718", space: { tables: ["dev.sales.orders"] } }]);
  const diffed = await runtime.dispatch("GenieSpace", "diff", ["x", state, checked.inputs]);
  const pchecked = await runtime.dispatch("GenieSpacePermissions", "check", [{}, grants]);
  const pdiffed = await runtime.dispatch("GenieSpacePermissions", "diff", ["x", { ...grants, drift: [] }, pchecked.inputs]);
  const loaded = Object.keys(require.cache).map((f) => f.split(require("path").sep).join("/"));
  process.stdout.write(JSON.stringify({ failures: [...checked.failures, ...pchecked.failures], diffed, pdiffed, loaded }));
})().catch((e) => { process.stderr.write(String(e && e.stack)); process.exit(1); });
`;

interface Run {
  failures: unknown[];
  diffed: { changes: boolean };
  pdiffed: { changes: boolean };
  loaded: string[];
}

describe("what a call loads", function () {
  this.timeout(30_000);

  it("check and diff of both resources load no HTTP client (no axios, no client module but two pure ones) and, for a valid spec, no zod", () => {
    const out = execFileSync(process.execPath, ["-e", SCRIPT], {
      cwd: path.join(__dirname, "..", ".."),
      env: { ...process.env, NODE_OPTIONS: "" },
      encoding: "utf8",
    });
    const run = JSON.parse(out) as Run;
    // The calls really ran: a valid check, a diff that found the changed document.
    assert.deepEqual(run.failures, []);
    assert.equal(run.diffed.changes, true);
    assert.equal(run.pdiffed.changes, false);
    assert.ok(
      run.loaded.some((f) => f.endsWith("dist/provider/resources/genie-space-diff.js")),
      "the diff module was loaded from dist/",
    );
    assert.deepEqual(
      run.loaded.filter((f) => /\/node_modules\/axios\//.test(f)),
      [],
      "axios is loaded",
    );
    // A valid spec is vouched for without zod (model/spec-check.ts): zod loads for a bad one only.
    assert.deepEqual(
      run.loaded.filter((f) => /\/node_modules\/zod\//.test(f)),
      [],
      "zod is loaded",
    );
    const client = run.loaded
      .filter((f) => f.includes("/dist/provider/client/"))
      .map((f) => f.replace(/.*\/dist\/provider\/client\//, ""));
    assert.deepEqual(client.sort(), ["folders.js", "permission-levels.js"]);
    assert.deepEqual(
      run.loaded.filter((f) => /genie-space-(permissions-)?provider\.js$/.test(f)),
      [],
      "a provider module that writes is loaded",
    );
  });
});
