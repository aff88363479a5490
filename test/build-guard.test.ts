import { strict as assert } from "node:assert";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { describeStale, staleOutputs } from "./support/build-guard";

/** A project tree with one source file and its output, each with the given age in seconds. */
function tree(sourceAge: number, outputAge: number | undefined): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), "genie-guard-"));
  const source = path.join(root, "provider", "resources", "check.ts");
  fs.mkdirSync(path.dirname(source), { recursive: true });
  fs.writeFileSync(source, "export const x = 1;\n");
  const now = Date.now() / 1000;
  fs.utimesSync(source, now - sourceAge, now - sourceAge);
  if (outputAge !== undefined) {
    const output = path.join(root, "dist", "provider", "resources", "check.js");
    fs.mkdirSync(path.dirname(output), { recursive: true });
    fs.writeFileSync(output, "exports.x = 1;\n");
    fs.utimesSync(output, now - outputAge, now - outputAge);
  }
  return root;
}

describe("the build guard: host and engine tests never run a dist/ older than the source", () => {
  it("finds a source file changed after the last build, and names it", () => {
    const stale = staleOutputs(tree(10, 60));
    assert.deepEqual(
      stale.map((s) => [s.source, s.why]),
      [[path.join("provider", "resources", "check.ts"), "older"]],
    );
    assert.equal(
      describeStale(stale),
      `dist/ is older than ${path.join("provider", "resources", "check.ts")}`,
    );
  });

  it("finds a source file that was never built", () => {
    assert.deepEqual(
      staleOutputs(tree(10, undefined)).map((s) => s.why),
      ["missing"],
    );
  });

  it("finds nothing when every output is newer than its source", () => {
    assert.deepEqual(staleOutputs(tree(60, 10)), []);
  });

  it("left this repository's dist/ current before the first test ran (mocha's global setup)", () => {
    const root = path.join(__dirname, "..");
    assert.equal(describeStale(staleOutputs(root)), "dist/ is current");
  });
});
