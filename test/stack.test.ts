import { strict as assert } from "node:assert";
import * as fs from "node:fs";
import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { validateSpace } from "../provider";

/** `key: value` lines under `config:` of a stack file (ours are flat, no nesting). */
function stackConfig(file: string): Record<string, string> {
  const text = fs.readFileSync(path.join(__dirname, "..", file), "utf8");
  const out: Record<string, string> = {};
  for (const m of text.matchAll(/^\s+([\w-]+:[\w-]+):\s*(.+?)\s*$/gm))
    out[m[1] as string] = m[2] as string;
  return out;
}

describe("reference stack (index.ts) under Pulumi mocks with the dev config", () => {
  let program: { serializedSpace: unknown };

  before(async () => {
    pulumi.runtime.setAllConfig(stackConfig("Pulumi.dev.yaml"));
    await pulumi.runtime.setMocks(
      {
        newResource: (args) => {
          throw new Error(`unmocked resource ${args.type} ${args.name}`);
        },
        call: (args) => {
          throw new Error(`unmocked call ${args.token}`);
        },
      },
      "genie-reference",
      "dev",
    );
    program = (await import("../index")) as { serializedSpace: unknown };
  });

  it("substitutes the dev catalog and schema into the space", () => {
    const text = JSON.stringify(program.serializedSpace);
    assert.ok(text.includes('"dev.sales.orders"'));
    assert.ok(!text.includes("${"), "no placeholder left");
  });

  it("exports a document the validator accepts", () => {
    assert.deepEqual(validateSpace(program.serializedSpace).errors, []);
  });
});
