import { strict as assert } from "node:assert";
import * as fs from "node:fs";
import * as path from "node:path";
import { type Emulator, startEmulator } from "../../emulator";
import { adminCaller, WAREHOUSE } from "../support/emulator";
import { OFFLINE_NPM, repositoryCopy, typescriptProject } from "../support/plugin-project";
import { PulumiProject, requirePulumi, STACK_TRACE } from "../support/pulumi-cli";

type Body = Record<string, unknown>;

/** The program on the dynamic resources, as a TypeScript user has it before the move. */
const DYNAMIC = `import * as pulumi from "@pulumi/pulumi";
import { GenieSpace, GenieSpacePermissions } from "pulumi-databricks-genie";
const config = new pulumi.Config();
const sales = new GenieSpace("sales", {
  title: "Sales",
  warehouseId: "${WAREHOUSE}",
  space: { tables: ["dev.sales.orders"], instructions: config.get("instructions") ?? "Amounts are in EUR." },
});
new GenieSpacePermissions("sales-acl", { spaceId: sales.id, grants: [{ groupName: "analysts", level: "CAN_RUN" }] });
export const spaceId = sales.spaceId;
`;

/**
 * The same program on the plugin's SDK. The aliases say these are the resources the dynamic
 * ones were: the engine asks the new provider for a diff, which finds no change, so the space
 * (its id, its conversations) stays. The ACL takes the spaceId output: the plugin previews
 * updates, so it stays known.
 */
const PLUGIN = `import * as pulumi from "@pulumi/pulumi";
import * as genie from "@pulumi/genie";
const config = new pulumi.Config();
const sales = new genie.GenieSpace("sales", {
  title: "Sales",
  warehouseId: "${WAREHOUSE}",
  space: { tables: ["dev.sales.orders"], instructions: config.get("instructions") ?? "Amounts are in EUR." },
}, { aliases: [{ type: "pulumi-nodejs:dynamic/genie:GenieSpace" }] });
new genie.GenieSpacePermissions("sales-acl", {
  spaceId: sales.spaceId,
  grants: [{ groupName: "analysts", level: genie.PermissionLevel.CanRun }],
}, { aliases: [{ type: "pulumi-nodejs:dynamic/genie:GenieSpacePermissions" }] });
export const spaceId = sales.spaceId;
`;

/**
 * Engine tier (a real `pulumi`; skipped with the reason where none is on PATH): a TypeScript
 * project moves a deployed stack from the dynamic resources to the genie provider plugin without
 * a new space, then lives on the plugin: UI edit, refresh, preview --diff, a dependent that
 * previews no change, `pulumi import`, destroy. Its packages come from the npm cache this
 * repository's install filled (prefer-offline), the package itself from `npm pack`.
 */
describe("engine tier: a TypeScript stack moves to the genie provider plugin, and lives on it", function () {
  this.timeout(1_200_000);
  let emu: Emulator;
  let project: PulumiProject;
  let dir: string;
  const token = "emulator-token-admin";
  const call = (method: string, p: string, body?: unknown) => adminCaller(emu)(method, p, body);
  const spaces = async () =>
    ((await call("GET", "/api/2.0/genie/spaces"))["spaces"] ?? []) as Body[];
  const program = (text: string) => fs.writeFileSync(path.join(dir, "index.ts"), text);

  before(async function () {
    requirePulumi(this);
    emu = await startEmulator({ port: 0, config: { trashLagMs: 0, staleReadMs: 0 } });
    dir = await typescriptProject("genie-move", DYNAMIC);
    project = new PulumiProject(dir, "dev", OFFLINE_NPM);
    await project.init(
      { "databricks:host": emu.url, "genie:host": emu.url },
      { "databricks:token": token, "genie:token": token },
    );
  });
  after(async () => {
    project?.remove();
    await emu?.stop();
  });

  it("the dynamic resources deploy the space and its ACL", async () => {
    await project.must(["up"]);
    assert.equal((await spaces()).length, 1);
  });

  it("dynamic resources too: after a UI edit and refresh, the ACL fed by the space's id previews no change (~ 1 to update)", async () => {
    const { spaceId } = (await project.outputs()) as { spaceId: string };
    await call("POST", `/__emulator/spaces/${spaceId}/edit`, { instructions: "Edited in the UI" });
    await project.must(["refresh"]);
    const preview = await project.must(["preview"]);
    assert.match(preview.stdout, /~ 1 to update/);
    assert.doesNotMatch(preview.stdout, /GenieSpacePermissions sales-acl update/);
    await project.must(["up"]);
  });

  it("pulumi package add generates the TypeScript SDK and adds @pulumi/genie", async () => {
    await project.mustWithoutStack(["package", "add", path.join(repositoryCopy(), "plugin")]);
    const pkg = JSON.parse(fs.readFileSync(path.join(dir, "package.json"), "utf8")) as {
      dependencies: Record<string, string>;
    };
    assert.equal(pkg.dependencies["@pulumi/genie"], "file:sdks/genie");
  });

  it("the move: with aliases, the preview shows no change, and up keeps the space, its id and its creation time (no trash)", async () => {
    const before = (await spaces())[0] as Body;
    program(PLUGIN);
    const preview = await project.must(["preview", "--diff"]);
    assert.doesNotMatch(preview.stdout, /to (replace|delete|create)|to update/);
    const deletes = () => emu.requests.filter((r) => r.method === "DELETE").length;
    const trashed = deletes();
    await project.must(["up"]);
    assert.equal(deletes(), trashed, "nothing was trashed");
    const after = await spaces();
    assert.equal(after.length, 1);
    assert.equal(after[0]?.["space_id"], before["space_id"]);
    assert.equal(after[0]?.["create_time"], before["create_time"]);
    const state = JSON.parse(await project.exported()) as {
      deployment: { resources: { type: string; id?: string }[] };
    };
    assert.deepEqual(
      state.deployment.resources
        .filter((r) => r.type.startsWith("genie:index"))
        .map((r) => [r.type, r.id]),
      [
        ["genie:index:GenieSpace", before["space_id"]],
        ["genie:index:GenieSpacePermissions", `${String(before["space_id"])}/permissions`],
      ],
    );
    await project.must(["preview", "--expect-no-changes"]);
  });

  it("on the plugin: a UI edit is named exactly by preview --diff after refresh, and a change to the space previews one update", async () => {
    const { spaceId } = (await project.outputs()) as { spaceId: string };
    await call("POST", `/__emulator/spaces/${spaceId}/edit`, { instructions: "Edited in the UI" });
    await project.must(["refresh"]);
    const diff = await project.must(["preview", "--diff"]);
    assert.match(diff.stdout, /~ instructions: "Edited in the UI" => "Amounts are in EUR\."/);
    assert.match(diff.stdout, /~ 1 to update/);
    await project.must(["config", "set", "instructions", "Amounts are in USD."]);
    const changed = await project.must(["preview"]);
    assert.match(changed.stdout, /~ 1 to update/);
    const up = await project.must(["up"]);
    assert.doesNotMatch(up.stdout + up.stderr, STACK_TRACE);
    await project.must(["preview", "--expect-no-changes"]);
  });

  it("pulumi import of a space made outside: the generated TypeScript compiles and previews no change", async () => {
    const made = await call("POST", "/api/2.0/genie/spaces", {
      warehouse_id: WAREHOUSE,
      title: "Made in the UI",
      serialized_space: JSON.stringify({
        version: 2,
        data_sources: { tables: [{ identifier: "dev.sales.orders" }] },
      }),
    });
    const out = path.join(project.backend, "imported.ts");
    await project.must([
      "import",
      "genie:index:GenieSpace",
      "legacy",
      String(made["space_id"]),
      "--out",
      out,
      "--yes",
    ]);
    const code = fs
      .readFileSync(out, "utf8")
      .split("\n")
      .filter((l) => !/^import /.test(l))
      .join("\n")
      .replace(/,\s*\{\s*protect: true,?\s*\}\)/, ")");
    program(PLUGIN + "\n" + code);
    await project.must(["state", "unprotect", "--all", "--yes"]);
    await project.must(["preview", "--expect-no-changes"]);
  });

  it("destroy trashes both spaces", async () => {
    await project.must(["destroy"]);
    assert.deepEqual(await spaces(), []);
  });
});

/**
 * Engine tier: examples/typescript-space from a fresh checkout (`pulumi install` builds the
 * plugin, generates the TypeScript SDK and installs the project's packages), up, a no-op preview,
 * destroy, against the emulator.
 */
describe("engine tier: examples/typescript-space on the genie provider plugin", function () {
  this.timeout(1_200_000);
  let emu: Emulator;
  let project: PulumiProject;

  before(async function () {
    requirePulumi(this);
    emu = await startEmulator({ port: 0, config: { trashLagMs: 0, staleReadMs: 0 } });
    const dir = path.join(repositoryCopy(), "examples", "typescript-space");
    project = new PulumiProject(dir, "dev", OFFLINE_NPM);
    await project.init(
      { "genie-typescript-space:warehouseId": WAREHOUSE, "genie:host": emu.url },
      { "genie:token": "emulator-token-admin" },
    );
  });
  after(async () => {
    project?.remove();
    await emu?.stop();
  });

  it("pulumi install, up, preview --expect-no-changes, destroy", async () => {
    await project.mustWithoutStack(["install"]);
    await project.must(["up"]);
    const { spaceId } = (await project.outputs()) as { spaceId: string };
    assert.match(spaceId, /^01f[0-9a-f]{29}$/);
    await project.must(["preview", "--expect-no-changes"]);
    await project.must(["destroy"]);
  });
});
