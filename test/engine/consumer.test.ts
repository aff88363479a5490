import { strict as assert } from "node:assert";
import * as fs from "node:fs";
import * as path from "node:path";
import { type Emulator, startEmulator } from "../../emulator";
import { consumerProject, typescriptProject } from "../support/consumer";
import { WAREHOUSE } from "../support/emulator";
import { fixtureText } from "../support/fixtures";
import { PulumiProject, requirePulumi, STACK_TRACE } from "../support/pulumi-cli";

/**
 * Engine tier (a real `pulumi`; skipped with a reason where none is on PATH): a user's project, laid
 * out as `pulumi new typescript` makes one, with the package installed from `npm pack`: a space
 * from a spec with variables, one from a raw exported file, an ACL, and an adopted space, through
 * the whole lifecycle against the emulator.
 */
const PROGRAM = `import * as fs from "fs";
import * as pulumi from "@pulumi/pulumi";
import { GenieSpace, GenieSpacePermissions } from "pulumi-databricks-genie";

const config = new pulumi.Config();
const sales = new GenieSpace("sales", {
  title: "Sales",
  warehouseId: config.require("warehouseId"),
  parentPath: "/Workspace/Shared/genie",
  space: {
    tables: [config.get("table") ?? "\${catalog}.sales.orders"],
    instructions: config.get("instructions") ?? "Amounts are in EUR.",
    sampleQuestions: ["What was revenue last month?"],
  },
  variables: { catalog: config.require("catalog") },
});
const taxi = new GenieSpace("taxi", {
  title: "Taxi",
  warehouseId: config.require("warehouseId"),
  serializedSpace: fs.readFileSync("taxi.geniespace.json", "utf8"),
});
new GenieSpacePermissions("sales-acl", {
  spaceId: sales.spaceId,
  grants: [{ groupName: "analysts", level: "CAN_RUN" }],
});
const adopted = config.get("adopt");
if (adopted !== undefined) {
  new GenieSpace("legacy", {
    title: "Legacy (managed)",
    warehouseId: config.require("warehouseId"),
    space: { tables: ["\${catalog}.sales.customers"] },
    variables: { catalog: config.require("catalog") },
    adoptSpaceId: adopted,
  });
}
export const salesId = sales.spaceId;
export const taxiId = taxi.spaceId;
`;

interface Live {
  space_id: string;
  title: string;
}

describe("engine tier: a consumer project (npm pack) through the whole lifecycle", function () {
  this.timeout(900_000);
  let emu: Emulator;
  let project: PulumiProject;
  const token = "emulator-token-admin";
  const call = async (method: string, p: string, body?: unknown) => {
    const res = await fetch(`${emu.url}${p}`, {
      method,
      headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    return (text === "" ? {} : JSON.parse(text)) as Record<string, unknown>;
  };
  const spaces = async () =>
    ((await call("GET", "/api/2.0/genie/spaces"))["spaces"] ?? []) as Live[];
  const document = async (id: string) =>
    String(
      (await call("GET", `/api/2.0/genie/spaces/${id}?include_serialized_space=true`))[
        "serialized_space"
      ],
    );

  before(async function () {
    requirePulumi(this);
    emu = await startEmulator({ config: { trashLagMs: 0, staleReadMs: 0 } });
    const dir = consumerProject();
    typescriptProject(dir, "genie-consumer", PROGRAM);
    fs.writeFileSync(
      path.join(dir, "taxi.geniespace.json"),
      fixtureText("nyc_taxi.v2.geniespace.json"),
    );
    project = new PulumiProject(dir, "dev");
    await project.init(
      {
        "genie-consumer:warehouseId": WAREHOUSE,
        "genie-consumer:catalog": "dev",
        "databricks:host": emu.url,
      },
      { "databricks:token": token },
    );
  });
  after(async () => {
    project?.remove();
    await emu?.stop();
  });

  it("up creates both spaces and the ACL; a second preview shows no change", async () => {
    await project.must(["up"]);
    assert.equal((await spaces()).length, 2);
    await project.must(["preview", "--expect-no-changes"]);
  });

  it("the state holds no credential in the clear, and each serialized provider is at most 4 KB", async () => {
    const exported = await project.exported();
    assert.ok(!exported.includes(token), "the token appears in the clear in the state");
    const providers = await project.providers();
    assert.equal(providers.length, 3);
    for (const p of providers) assert.ok(Buffer.byteLength(p) <= 4096, `${p.length} bytes`);
  });

  it("a UI edit is found by refresh, named by preview --diff, and undone by up", async () => {
    const { salesId } = (await project.outputs()) as { salesId: string };
    await call("POST", `/__emulator/spaces/${salesId}/edit`, { instructions: "Edited in the UI" });
    await project.must(["refresh"]);
    const diff = await project.must(["preview", "--diff"]);
    assert.match(diff.stdout, /instructions\s*: "Edited in the UI" => "Amounts are in EUR\."/);
    assert.doesNotMatch(diff.stdout, /to replace/);
    await project.must(["up"]);
    assert.match(await document(salesId), /Amounts are in EUR\./);
    await project.must(["preview", "--expect-no-changes"]);
  });

  it("a changed instruction updates the same space in place", async () => {
    const before = (await project.outputs())["salesId"];
    await project.must(["config", "set", "instructions", "Amounts are in USD."]);
    const up = await project.must(["up"]);
    assert.match(up.stdout, /1 updated/);
    assert.equal((await project.outputs())["salesId"], before);
    assert.match(await document(before as string), /Amounts are in USD\./);
  });

  it("a bad table fails the preview with its property path, and no stack trace", async () => {
    await project.must(["config", "set", "table", "orders"]);
    const r = await project.pulumi(["preview"]);
    await project.must(["config", "rm", "table"]);
    assert.notEqual(r.code, 0);
    assert.match(r.stdout + r.stderr, /space\.tables\[0\]/);
    assert.doesNotMatch(r.stdout + r.stderr, STACK_TRACE);
  });

  it("a space trashed outside Pulumi is dropped by refresh and made again by up", async () => {
    const { taxiId } = (await project.outputs()) as { taxiId: string };
    await call("DELETE", `/api/2.0/genie/spaces/${taxiId}`);
    await project.must(["refresh"]);
    await project.must(["up"]);
    const now = (await project.outputs())["taxiId"];
    assert.notEqual(now, taxiId);
    assert.equal((await spaces()).length, 2);
  });

  it("adoptSpaceId takes over a space made in the UI: no new space, brought to the declared state", async () => {
    const made = await call("POST", "/api/2.0/genie/spaces", {
      warehouse_id: WAREHOUSE,
      title: "Legacy",
      serialized_space: fixtureText("server_export.v2.geniespace.json"),
    });
    await project.must(["config", "set", "adopt", made["space_id"] as string]);
    await project.must(["up"]);
    const live = await spaces();
    assert.equal(live.length, 3);
    assert.equal(live.find((s) => s.space_id === made["space_id"])?.title, "Legacy (managed)");
    await project.must(["preview", "--expect-no-changes"]);
  });

  it("destroy trashes every space it manages", async () => {
    const d = await project.must(["destroy"]);
    assert.doesNotMatch(d.stdout + d.stderr, STACK_TRACE);
    assert.deepEqual(await spaces(), []);
  });
});
