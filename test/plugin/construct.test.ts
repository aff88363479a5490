import { strict as assert } from "node:assert";
import { Struct } from "google-protobuf/google/protobuf/struct_pb";
import * as proto from "@pulumi/pulumi/proto/provider_pb";
import { WAREHOUSE } from "../support/emulator";
import type { Props } from "../support/host";
import { type Registration, RecordingMonitor, UNKNOWN } from "../support/monitor";
import { ACL_TYPE, PluginClient, SPACE_TYPE } from "../support/plugin";

const COMPONENT = "genie:index:GenieAnalyticsSpace";
const SPACE_ID = "01f0aaaabbbbccccddddeeeeffff0000";

/**
 * Construct of the component, as the engine asks for it (a Python or TypeScript program's
 * `GenieAnalyticsSpace` from the plugin's SDK): the plugin builds it with Pulumi's own runtime,
 * which registers the component and its children with the resource monitor named in the
 * request; here a recording one.
 */
async function construct(
  dryRun: boolean,
  inputs: Props,
): Promise<{ monitor: RecordingMonitor; res?: proto.ConstructResponse; error?: Error }> {
  const monitor = await RecordingMonitor.start({
    project: "plugin-test",
    stack: "dev",
    dryRun,
    responder: (reg: Registration, dry: boolean) => ({
      id: reg.custom && !dry ? (reg.type === SPACE_TYPE ? SPACE_ID : `${reg.name}-id`) : "",
      outputs:
        reg.type === SPACE_TYPE && !dry
          ? { ...reg.inputs, spaceId: SPACE_ID, url: `https://ws/genie/rooms/${SPACE_ID}` }
          : reg.inputs,
    }),
  });
  const plugin = await PluginClient.start({ engine: monitor.address });
  try {
    const req = new proto.ConstructRequest();
    req.setProject("plugin-test");
    req.setStack("dev");
    req.setDryrun(dryRun);
    req.setParallel(4);
    req.setMonitorendpoint(monitor.address);
    req.setType(COMPONENT);
    req.setName("sales");
    req.setInputs(Struct.fromJavaScript(inputs as never));
    req.setAcceptsOutputValues(true);
    req.getConfigMap().set("databricks:host", "https://ws");
    const res = await plugin.unary<proto.ConstructRequest, proto.ConstructResponse>(
      "construct",
      req,
    );
    return { monitor, res };
  } catch (e) {
    return { monitor, error: e as Error };
  } finally {
    plugin.stop();
    await monitor.stop();
  }
}

const INPUTS: Props = {
  title: "Sales analytics",
  warehouse: { id: WAREHOUSE, managePermissions: true },
  tables: ["${catalog}.sales.orders"],
  variables: { catalog: "dev" },
  space: { instructions: "Amounts are in EUR." },
  consumers: { groups: ["analysts"] },
};

describe("Construct of GenieAnalyticsSpace by the plugin, against a recording resource monitor", function () {
  this.timeout(60_000);

  it("registers the component, its Databricks children, and the plugin's own space and ACL, the ACL on the space's id", async () => {
    const { monitor, res, error } = await construct(false, INPUTS);
    assert.equal(error, undefined);
    const types = monitor.registrations.map((r) => r.type);
    assert.equal(types[0], COMPONENT);
    for (const t of [
      "databricks:index/permissions:Permissions",
      "databricks:index/grant:Grant",
      SPACE_TYPE,
      ACL_TYPE,
    ])
      assert.ok(types.includes(t), `${t} registered`);
    const component = monitor.of(COMPONENT)[0] as Registration;
    for (const r of monitor.registrations.slice(1))
      assert.equal(r.parent, component.urn, `${r.type} is the component's child`);
    const space = monitor.of(SPACE_TYPE)[0] as Registration;
    assert.equal(space.inputs["warehouseId"], WAREHOUSE);
    assert.deepEqual(space.inputs["space"], {
      instructions: "Amounts are in EUR.",
      tables: ["dev.sales.orders"],
    });
    const grants = monitor.of("databricks:index/grant:Grant").map((g) => g.urn);
    assert.ok(
      grants.every((g) => space.dependencies.includes(g)),
      "the space waits for its grants",
    );
    const acl = monitor.of(ACL_TYPE)[0] as Registration;
    assert.equal(acl.inputs["spaceId"], SPACE_ID);
    assert.deepEqual(acl.inputs["grants"], [{ groupName: "analysts", level: "CAN_RUN" }]);
    assert.equal(res?.getUrn(), component.urn);
    const state = res?.getState()?.toJavaScript() as Props;
    assert.equal(state["spaceId"], SPACE_ID);
    assert.equal(state["warehouseId"], WAREHOUSE);
    assert.deepEqual(monitor.unserved, []);
  });

  it("in a preview, the space's id is unknown and nothing fails", async () => {
    const { monitor, error } = await construct(true, INPUTS);
    assert.equal(error, undefined);
    assert.equal(monitor.of(ACL_TYPE)[0]?.inputs["spaceId"], UNKNOWN);
  });

  it("arguments the component refuses fail Construct with its message, and no stack trace", async () => {
    const bad = await construct(false, { ...INPUTS, tables: ["orders"] });
    assert.match(bad.error?.message ?? "", /GenieAnalyticsSpace sales:\n\s+tables\[0\]/);
    assert.doesNotMatch(bad.error?.message ?? "", /\n\s+at .+:\d+:\d+/);
  });
});
