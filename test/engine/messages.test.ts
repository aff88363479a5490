import { strict as assert } from "node:assert";
import * as fs from "node:fs";
import { consumerProject, typescriptProject } from "../support/consumer";
import { emulator, WAREHOUSE } from "../support/emulator";
import { PulumiProject, requirePulumi, STACK_TRACE } from "../support/pulumi-cli";

/**
 * Engine tier (a real `pulumi`; skipped with a reason where none is on PATH): what the engine
 * prints for our refusals is short, says the property, and carries neither the document nor
 * `{<nil>}` nor a stack trace (issues #24 and #22).
 */
const BIG = 7 * 1024 * 1024;

function program(body: string): string {
  return `import * as pulumi from "@pulumi/pulumi";
import { GenieSpace } from "pulumi-databricks-genie";
const config = new pulumi.Config();
const which = config.require("case");
${body}
`;
}

const CASES = program(`
if (which === "big") {
  // A document of megabytes that is not JSON: a problem at its root.
  const doc = '{"version": 2, "x": "' + "x".repeat(${BIG});
  new GenieSpace("big", { title: "Big", warehouseId: "${WAREHOUSE}", serializedSpace: doc });
}
if (which === "nested") {
  new GenieSpace("nested", { title: "Nested", warehouseId: "${WAREHOUSE}", space: { tables: ["orders"] } });
}
if (which === "surrogate") {
  new GenieSpace("cut", { title: "Sales \\ud83d", warehouseId: "${WAREHOUSE}", space: {} });
}
if (which === "surrogate-output") {
  const later = pulumi.output(Promise.resolve("Notes \\udc00 here"));
  new GenieSpace("cut", { title: "Sales", warehouseId: "${WAREHOUSE}", space: { instructions: later } });
}
if (which === "ok") {
  new GenieSpace("ok", { title: "Fine", warehouseId: "${WAREHOUSE}", space: { tables: ["dev.sales.orders"] } });
}
`);

describe("engine tier: what pulumi prints for a refused input or credential is one short, clear line", function () {
  this.timeout(900_000);
  let t: Awaited<ReturnType<typeof emulator>>;
  let dir: string;
  const projects: PulumiProject[] = [];
  before(async function () {
    requirePulumi(this);
    t = await emulator();
    dir = consumerProject();
    typescriptProject(dir, "genie-messages", CASES);
  });
  after(async () => {
    for (const p of projects) p.remove();
    await t?.emu.stop();
    if (dir !== undefined) fs.rmSync(dir, { recursive: true, force: true });
  });

  async function preview(which: string): Promise<string> {
    const p = new PulumiProject(dir, which.replace(/[^a-z]/g, ""));
    projects.push(p);
    await p.init(
      { case: which, "databricks:host": t.emu.url },
      { "databricks:token": t.emu.token },
    );
    const r = await p.pulumi(["preview"]);
    assert.notEqual(r.code, 0, `${which}: the preview passed`);
    return r.stdout + r.stderr;
  }

  it("a problem at the document's root: one line naming serializedSpace, not the 7 MB document (nor twice)", async () => {
    const out = await preview("big");
    assert.ok(out.length < 20_000, `${out.length} characters printed:\n${out.slice(0, 3000)}`);
    assert.match(out, /resource 'big' has a problem: serializedSpace: /);
    assert.doesNotMatch(out, /x{1000}/);
  });

  it("a problem at a nested path: the path in the line, no value {<nil>}", async () => {
    const out = await preview("nested");
    assert.match(out, /resource 'nested' has a problem: space\.tables\[0\]/);
    assert.doesNotMatch(out, /<nil>/);
  });

  for (const which of ["surrogate", "surrogate-output"])
    it(`a lone surrogate in a string input (${which === "surrogate" ? "plain" : "an Output"}): refused with the property named, no stack trace`, async () => {
      const out = await preview(which);
      assert.match(
        out,
        which === "surrogate"
          ? /title holds a lone surrogate/
          : /space\.instructions holds a lone surrogate/,
      );
      assert.doesNotMatch(out, STACK_TRACE);
      assert.doesNotMatch(out, /invalid UTF-8|grpc/i);
    });

  it("refresh --run-program with a refused token: the reason once, on one line, no stack trace", async () => {
    const p = new PulumiProject(dir, "refused");
    projects.push(p);
    await p.init({ case: "ok", "databricks:host": t.emu.url }, { "databricks:token": t.emu.token });
    await p.must(["up"]);
    await p.must(["config", "set", "--secret", "databricks:token", "revoked-token"]);
    const r = await p.pulumi(["refresh", "--run-program"]);
    assert.notEqual(r.code, 0);
    const out = r.stdout + r.stderr;
    assert.doesNotMatch(out, STACK_TRACE, out);
    // The host's echo (the error's class, its stack) is gone; what is left is the engine's own
    // report of the one reason (it adds "Preview failed:" to it).
    assert.doesNotMatch(out, /UnauthenticatedError/, out);
    const reasons = new Set(
      out
        .split("\n")
        .filter((l) => /HTTP 401/.test(l))
        .map((l) => l.slice(l.indexOf("cannot read"))),
    );
    assert.equal(reasons.size, 1, out);
    assert.doesNotMatch(out, /revoked-token/);
    await p.pulumi(["config", "set", "--secret", "databricks:token", t.emu.token]);
    await p.pulumi(["destroy"]);
  });
});
