import { strict as assert } from "node:assert";
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { docExample } from "./support/readme";

const ROOT = path.join(__dirname, "..");
const OUT = path.join(__dirname, "generated");

/** An example of docs/component.md, importing this repository instead of the package. */
function example(heading: string): string {
  return docExample("docs/component.md", heading).replace(
    /from "pulumi-databricks-genie"/g,
    'from "../../provider"',
  );
}

describe("docs/component.md examples", function () {
  this.timeout(120_000);

  it('"A whole stack in one file" typechecks strictly and declares a warehouse, two tables and a space shared with a group', async () => {
    fs.mkdirSync(OUT, { recursive: true });
    const file = path.join(OUT, "one-file-stack.ts");
    fs.writeFileSync(file, example("A whole stack in one file"));
    try {
      execFileSync(
        process.execPath,
        [
          require.resolve("typescript/bin/tsc"),
          "--noEmit",
          "--strict",
          "--skipLibCheck",
          "--esModuleInterop",
          "--module",
          "commonjs",
          "--target",
          "es2022",
          "--types",
          "node",
          file,
        ],
        { cwd: ROOT, encoding: "utf8" },
      );
    } catch (e) {
      assert.fail(
        `the docs/component.md example does not compile:\n${String((e as { stdout?: string }).stdout)}`,
      );
    }

    const types: string[] = [];
    const tableWarehouses: unknown[] = [];
    await pulumi.runtime.setMocks(
      {
        newResource: (a) => {
          types.push(`${a.type} ${a.name}`);
          if (a.type === "databricks:index/sqlTable:SqlTable")
            tableWarehouses.push(a.inputs["warehouseId"]);
          return {
            id: `${a.name}-id`,
            state: {
              ...a.inputs,
              ...(a.type.endsWith("GenieSpace")
                ? { spaceId: "01f0aaaabbbbccccddddeeeeffff0000" }
                : {}),
            },
          };
        },
        call: (a) => {
          throw new Error(`unmocked call ${a.token}`);
        },
      },
      "readme",
      "dev",
    );
    const program = (await import(file)) as { url: pulumi.Output<string> };
    await new Promise((r) => program.url.apply(r));
    while (!types.some((t) => t.includes("GenieSpacePermissions")))
      await new Promise((r) => setImmediate(r));
    for (const expected of [
      "databricks:index/sqlEndpoint:SqlEndpoint sales-warehouse",
      "databricks:index/sqlTable:SqlTable sales-table-dev-sales-orders",
      "databricks:index/sqlTable:SqlTable sales-table-dev-sales-customers",
      "pulumi-nodejs:dynamic/genie:GenieSpace sales-space",
      "pulumi-nodejs:dynamic/genie:GenieSpacePermissions sales-acl",
    ]) {
      assert.ok(types.includes(expected), `missing ${expected}: ${types.join(", ")}`);
    }
    assert.deepEqual(
      tableWarehouses,
      ["sales-warehouse-id", "sales-warehouse-id"],
      "the tables' DDL runs on the stack's warehouse, never on a cluster the provider would create",
    );
  });
});
