import { strict as assert } from "node:assert";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { systemClock } from "../../emulator";
import {
  ACTIONS_REQUEST_TOKEN,
  ANALYST,
  authSeed,
  AZ_TOKENS,
  AZURE_SECRET,
  CLI_TOKENS,
  RESOURCE_ID,
  SP_ID,
  TENANT,
} from "../support/auth";
import { consumerProject, typescriptProject } from "../support/consumer";
import { emulator, WAREHOUSE } from "../support/emulator";
import { fakeTools, type FakeTools, goTime, isolatedEnv } from "../support/fake-tools";
import { PulumiProject, requirePulumi } from "../support/pulumi-cli";

/**
 * Engine tier (a real `pulumi`; skipped with a reason where none is on PATH): each way people log
 * in lets `pulumi up` manage a space, with no change to the program. The fake `databricks` and
 * `az` stand first on PATH and print tokens as the real ones do; the emulator answers the Azure
 * AD, IMDS and token-exchange calls. The folder the space lands in says whom the workspace saw.
 */
const PROGRAM = `import { GenieSpace } from "pulumi-databricks-genie";
const space = new GenieSpace("creds", {
  title: "Credentials",
  warehouseId: "${WAREHOUSE}",
  space: { tables: ["dev.sales.orders"] },
});
export const folder = space.parentPath;
`;
const SECRETS = [AZURE_SECRET, ACTIONS_REQUEST_TOKEN, ...CLI_TOKENS, ...AZ_TOKENS];
const ISSUED = /emulator-(aad|wif|oauth)-[0-9a-f]{32}/;

describe("engine tier: every way to log in lets pulumi up manage a space, with no change to the program", function () {
  this.timeout(600_000);
  let t: Awaited<ReturnType<typeof emulator>>;
  let tools: FakeTools;
  let dir: string;
  let scratch: string;

  before(async function () {
    requirePulumi(this);
    t = await emulator({ seed: authSeed(), clock: systemClock });
    dir = consumerProject();
    typescriptProject(dir, "genie-creds", PROGRAM);
    scratch = fs.mkdtempSync(path.join(os.tmpdir(), "genie-creds-"));
    tools = fakeTools({
      databricks: { loggedIn: [], tokens: CLI_TOKENS, expiry: goTime(Date.now() + 3600_000) },
      az: { loggedIn: false, tokens: AZ_TOKENS, managementToken: "arm-token", expiresOn: 0 },
    });
  });
  after(async () => {
    tools?.remove();
    fs.rmSync(scratch ?? "", { recursive: true, force: true });
    await t?.emu.stop();
  });

  /** up, then destroy, of the same program on its own stack; returns where the space was made. */
  async function upAs(
    stack: string,
    config: Record<string, string>,
    env: Record<string, string> = {},
  ): Promise<string> {
    const isolated = isolatedEnv(tools, env);
    // The fakes first, then what runs pulumi and node; no Databricks variable of this machine.
    isolated["PATH"] = `${tools.dir}${path.delimiter}${process.env["PATH"] ?? ""}`;
    const extra: NodeJS.ProcessEnv = {};
    for (const [k, v] of Object.entries(isolated)) if (v !== undefined) extra[k] = v;
    const project = new PulumiProject(dir, stack, extra);
    for (const k of Object.keys(project.env))
      if (isolated[k] === undefined && k in isolated) delete project.env[k];
    try {
      await project.init(config);
      await project.must(["up"]);
      const folder = String((await project.outputs())["folder"]);
      const exported = await project.exported();
      for (const s of SECRETS) assert.ok(!exported.includes(s), `the state holds a secret`);
      assert.doesNotMatch(exported, ISSUED, "the state holds an issued token");
      await project.must(["destroy"]);
      return folder;
    } finally {
      project.remove();
    }
  }

  it("a profile written by `databricks auth login` (auth_type = databricks-cli)", async () => {
    const cfg = path.join(scratch, "login.databrickscfg");
    fs.writeFileSync(cfg, `[genie]\nhost = ${t.emu.url}\nauth_type = databricks-cli\n`);
    tools.set({
      databricks: {
        loggedIn: ["genie"],
        tokens: CLI_TOKENS,
        expiry: goTime(Date.now() + 3600_000),
      },
    });
    const folder = await upAs(
      "cli",
      { "databricks:profile": "genie" },
      {
        DATABRICKS_CONFIG_FILE: cfg,
      },
    );
    assert.equal(folder, `/Users/${ANALYST}`);
  });

  it("the `az login` of the person running pulumi (azure-cli)", async () => {
    tools.set({
      az: {
        loggedIn: true,
        tokens: AZ_TOKENS,
        managementToken: "arm-token",
        expiresOn: Math.floor(Date.now() / 1000) + 3600,
      },
    });
    const folder = await upAs("az", {
      "databricks:host": t.emu.url,
      "databricks:azureWorkspaceResourceId": RESOURCE_ID,
    });
    assert.equal(folder, `/Users/${ANALYST}`);
  });

  it("an Azure service principal from ARM_CLIENT_ID, ARM_CLIENT_SECRET and ARM_TENANT_ID", async () => {
    const folder = await upAs(
      "sp",
      { "databricks:host": t.emu.url, "databricks:azureWorkspaceResourceId": RESOURCE_ID },
      {
        ARM_CLIENT_ID: SP_ID,
        ARM_CLIENT_SECRET: AZURE_SECRET,
        ARM_TENANT_ID: TENANT,
        GENIE_AZURE_AD_ENDPOINT: `${t.emu.url}/azure-ad`,
      },
    );
    assert.equal(folder, `/Users/${SP_ID}`);
  });

  it("workload identity federation from GitHub Actions (github-oidc), no secret configured", async () => {
    const folder = await upAs(
      "wif",
      { "databricks:host": t.emu.url, "databricks:clientId": SP_ID },
      {
        ACTIONS_ID_TOKEN_REQUEST_URL: `${t.emu.url}/github-actions/idtoken?api-version=2.0`,
        ACTIONS_ID_TOKEN_REQUEST_TOKEN: ACTIONS_REQUEST_TOKEN,
      },
    );
    assert.equal(folder, `/Users/${SP_ID}`);
  });
});
