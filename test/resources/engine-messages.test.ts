import { strict as assert } from "node:assert";
import { declare } from "../support/declare";
import { WAREHOUSE } from "../support/emulator";
import { Engine } from "../support/engine";
import { type Props, ProviderHost, secret } from "../support/host";
import { STACK_TRACE } from "../support/pulumi-cli";
import { type Stack, stack } from "../support/stack";

const URN = "urn:pulumi:dev::genie-reference::pulumi-nodejs:dynamic/genie:GenieSpace::big";

/**
 * What Pulumi prints for one CheckFailure (pulumi/pulumi pkg/resource/deploy, issueCheckFailures):
 * on a property, `... property 'P' value V has a problem: R` with V the top-level input named P
 * as Go's %v prints a PropertyValue (`{<nil>}` for a key that is not there); on the empty
 * property, `... resource 'N' has a problem: R`.
 */
function engineLine(f: { property: string; reason: string }, inputs: Props): string {
  const type = "pulumi-nodejs:dynamic/genie:GenieSpace";
  if (f.property === "") return `${type} resource 'big' has a problem: ${f.reason}`;
  const v = Object.hasOwn(inputs, f.property) ? `{${String(inputs[f.property])}}` : "{<nil>}";
  return `${type} resource 'big''s property '${f.property}' value ${v} has a problem: ${f.reason}`;
}

describe("messages the engine prints for our resources, through the real provider host", function () {
  this.timeout(120_000);
  let s: Stack;
  let provider: unknown;
  before(async () => {
    s = await stack();
    provider = (await declare("big", { title: "x", warehouseId: WAREHOUSE, space: {} }))[
      "__provider"
    ];
  });
  after(() => s.stop());

  it("a problem at the document's root (7 MB, not JSON): one short line, the path in it, not the document", async () => {
    const news = {
      title: "Big",
      warehouseId: WAREHOUSE,
      serializedSpace: `{"version": 2, "x": "${"x".repeat(7 * 1024 * 1024)}`,
      __provider: provider,
    };
    const { failures } = await s.host.check(URN, {}, news);
    assert.ok(failures.length > 0);
    const printed = failures.map((f) => engineLine(f, news));
    for (const line of printed) assert.ok(line.length < 2_000, line.slice(0, 500));
    assert.match(printed[0] ?? "", /resource 'big' has a problem: serializedSpace: /);
  });

  it("a problem at a nested path: the path in the line, never value {<nil>}", async () => {
    const news = {
      title: "Nested",
      warehouseId: WAREHOUSE,
      space: { tables: ["orders"] },
      __provider: provider,
    };
    const { failures } = await s.host.check(URN, {}, news);
    const printed = failures.map((f) => engineLine(f, news));
    assert.match(printed.join("\n"), /has a problem: space\.tables\[0\]/);
    assert.doesNotMatch(printed.join("\n"), /<nil>/);
  });

  it("a refused token at refresh: the engine gets the reason, and the host prints no echo of it with a stack trace", async () => {
    const inputs = await declare("refused", {
      title: "Refused",
      warehouseId: WAREHOUSE,
      space: { tables: ["dev.sales.orders"] },
    });
    await s.engine.up("refused", inputs);
    const revoked = await ProviderHost.start({
      "databricks:host": s.emu.url,
      "databricks:token": secret("revoked-token"),
    });
    try {
      const engine = new Engine(revoked);
      engine.state.set("refused", s.engine.state.get("refused") as never);
      await assert.rejects(engine.refresh("refused"), /HTTP 401/);
      // Node writes to a pipe synchronously on Linux: the host's stderr left before its answer;
      // one more round trip gives this process time to have read it.
      await revoked.check(URN, {}, { title: "x", __provider: provider });
      assert.doesNotMatch(revoked.stderr, /HTTP 401/, revoked.stderr);
      assert.doesNotMatch(revoked.stderr, STACK_TRACE);
    } finally {
      revoked.stop();
    }
  });

  it("a refused token from the stack config at refresh and destroy: the error says they use the config saved in the state, and what to run", async () => {
    const inputs = await declare("rotated", {
      title: "Rotated",
      warehouseId: WAREHOUSE,
      space: { tables: ["dev.sales.orders"] },
    });
    await s.engine.up("rotated", inputs);
    const saved = await ProviderHost.start({
      "databricks:host": s.emu.url,
      "databricks:token": secret("rotated-away-token"),
    });
    try {
      const engine = new Engine(saved);
      engine.state.set("rotated", s.engine.state.get("rotated") as never);
      const hint =
        /HTTP 401.*Pulumi config databricks:token.*saved in the state.*pulumi refresh --run-program/;
      await assert.rejects(engine.refresh("rotated"), hint);
      await assert.rejects(engine.destroy("rotated"), hint);
    } finally {
      saved.stop();
    }
  });

  it("a refused token from the environment: no word about the saved config, which did not give it", async () => {
    const inputs = await declare("from-env", {
      title: "From the environment",
      warehouseId: WAREHOUSE,
      space: { tables: ["dev.sales.orders"] },
    });
    await s.engine.up("from-env", inputs);
    const host = await ProviderHost.start({ "databricks:host": s.emu.url }, undefined, {
      DATABRICKS_TOKEN: "revoked-token",
      DATABRICKS_CONFIG_PROFILE: undefined,
    });
    try {
      const engine = new Engine(host);
      engine.state.set("from-env", s.engine.state.get("from-env") as never);
      await assert.rejects(engine.refresh("from-env"), (e: Error) => {
        assert.match(e.message, /HTTP 401.*environment DATABRICKS_TOKEN/);
        assert.doesNotMatch(e.message, /run-program/);
        return true;
      });
    } finally {
      host.stop();
    }
  });
});
