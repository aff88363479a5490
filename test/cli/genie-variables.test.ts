import { strict as assert } from "node:assert";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import fc from "fast-check";
import ts from "typescript";
import { canonicalize, toSerializedSpace } from "../../provider";
import { stableStringify } from "../../provider/model";
import { emulator } from "../support/emulator";
import { emulatorEnv, genie } from "../support/genie-cli";
import { inProcess } from "../support/in-process";
import { trickyText } from "../support/arbitraries";

/** What a program from `genie generate` passes to `new GenieSpace(...)`, run against stubs. */
function declared(code: string): Record<string, unknown> {
  const js = ts.transpileModule(code, {
    compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022 },
  }).outputText;
  let args: Record<string, unknown> | undefined;
  const stubs: Record<string, unknown> = {
    "@pulumi/pulumi": {
      Config: class {
        get = () => undefined;
      },
      getStack: () => "dev",
    },
    "pulumi-databricks-genie": {
      GenieSpace: class {
        constructor(_name: string, a: Record<string, unknown>) {
          args = a;
        }
      },
    },
  };
  const module = { exports: {} };
  new Function("require", "module", "exports", js)((m: string) => stubs[m], module, module.exports);
  assert.ok(args !== undefined, "the program declares no GenieSpace");
  return args;
}

/** The space a declaration means, substituted as GenieSpace substitutes it. */
function meaning(args: Record<string, unknown>): string {
  const variables = args["variables"] as Record<string, string> | undefined;
  const input = (args["space"] ?? args["serializedSpace"]) as object;
  return stableStringify(canonicalize(input, variables === undefined ? {} : { variables }));
}

describe("genie: variables, one rule in every command (against the emulator)", function () {
  this.timeout(180_000);
  let t: Awaited<ReturnType<typeof emulator>>;
  let dir: string;
  let env: NodeJS.ProcessEnv;
  const at = (f: string) => path.join(dir, f);
  const read = (f: string) => fs.readFileSync(at(f), "utf8");
  const live = (id: string) =>
    stableStringify(canonicalize(JSON.stringify(t.emu.space(id)?.document)));
  const make = async (spec: object) =>
    String(
      (
        await t.createSpace({
          serialized_space: JSON.stringify(toSerializedSpace(spec).document),
        })
      )["space_id"],
    );
  const run = async (args: string[]) => {
    const r = inProcess(args, env);
    const code = await r.done;
    return { code, ...r.output() };
  };

  before(async () => {
    t = await emulator();
    env = emulatorEnv(t.emu);
  });
  beforeEach(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), "genie-vars-"))));
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));
  after(async () => await t?.emu.stop());

  it("generate without --templatize on a space using Spark ${...}: a program that declares it as it is", async () => {
    const id = await make({
      tables: ["dev.sales.orders"],
      instructions: "Filter on '${region}' and ${day}.",
    });
    const r = await genie(["generate", id, "--json"], { env });
    assert.equal(r.code, 0, r.stderr);
    const args = declared((JSON.parse(r.stdout) as { code: string }).code);
    assert.equal(args["variables"], undefined);
    assert.equal(meaning(args), live(id));
  });

  it("pull into a program generated without --templatize, after a Spark ${...} is added in the UI", async () => {
    const id = await make({ tables: ["dev.sales.orders"], instructions: "Plain" });
    assert.equal((await run(["generate", id, "-o", at("p.ts")])).code, 0);
    t.emu.edit(id, { instructions: "Now with ${day}" });
    const r = await run(["pull", id, at("p.ts")]);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(meaning(declared(read("p.ts"))), live(id));
  });

  it("${ and its } on different lines: generate --templatize and pull into a spec file work", async () => {
    const id = await make({
      tables: ["dev.sales.orders"],
      instructions: "SELECT ${\n amount} FROM dev.sales.orders",
    });
    const g = await run(["generate", id, "--templatize", "catalog=dev", "--json"]);
    assert.equal(g.code, 0, g.stderr);
    assert.equal(meaning(declared((JSON.parse(g.stdout) as { code: string }).code)), live(id));
    fs.writeFileSync(at("spec.json"), JSON.stringify({ tables: ["${catalog}.sales.orders"] }));
    const p = await run(["pull", id, at("spec.json")]);
    assert.equal(p.code, 0, p.stderr);
    const spec = JSON.parse(read("spec.json")) as object;
    assert.equal(stableStringify(canonicalize(spec, { variables: { catalog: "dev" } })), live(id));
  });

  it("a template holding $${...} literals but no placeholder: read as written unless --vars, and said so", async () => {
    const id = await make({ tables: ["dev.sales.orders"], instructions: "Day ${day}" });
    const e = await run([
      "export",
      id,
      "-o",
      at("t.geniespace.json"),
      "--templatize",
      "catalog=prod",
    ]);
    assert.equal(e.code, 0, e.stderr);
    assert.match(read("t.geniespace.json"), /"Day \$\$\{day\}"/);
    t.emu.edit(id, { addTable: "dev.sales.returns" });
    const asWritten = await run(["diff", id, at("t.geniespace.json")]);
    assert.equal(asWritten.code, 1);
    assert.match(
      asWritten.stderr,
      /holds \$\$\{\.\.\.\} but no placeholder of a name: read as written/,
    );
    const r = await run(["pull", id, at("t.geniespace.json"), "--vars", "catalog=prod"]);
    assert.equal(r.code, 0, r.stderr);
    assert.match(read("t.geniespace.json"), /"Day \$\$\{day\}"/);
    assert.match(read("t.geniespace.json"), /dev\.sales\.returns/);
    assert.equal(
      stableStringify(canonicalize(read("t.geniespace.json"), { variables: { catalog: "prod" } })),
      live(id),
    );
  });

  it("property: Spark ${...}, $${...} and placeholders across lines through export, validate, generate, pull and diff", async () => {
    const vars = "catalog=dev,schema=sales";
    const V = { catalog: "dev", schema: "sales" };
    await fc.assert(
      fc.asyncProperty(trickyText, trickyText, async (instructions, sql) => {
        const id = await make({
          tables: ["dev.sales.orders"],
          instructions,
          exampleSqls: [{ question: "How much?", sql: `SELECT 1 -- ${sql}` }],
        });
        const want = live(id);
        // export, raw and templatized, then validate each as it is deployed.
        const raw = await run(["export", id, "-o", at("raw.geniespace.json")]);
        assert.equal(raw.code, 0, raw.stderr);
        assert.equal(stableStringify(canonicalize(read("raw.geniespace.json"))), want);
        assert.equal((await run(["validate", at("raw.geniespace.json")])).code, 0);
        const tpl = await run(["export", id, "-o", at("t.geniespace.json"), "--templatize", vars]);
        assert.equal(tpl.code, 0, tpl.stderr);
        assert.equal(
          stableStringify(canonicalize(read("t.geniespace.json"), { variables: V })),
          want,
        );
        const v = await run(["validate", at("t.geniespace.json"), "--vars", vars]);
        assert.equal(v.code, 0, v.stdout);
        // diff infers the template's variables: no difference with either file.
        for (const f of ["raw.geniespace.json", "t.geniespace.json"]) {
          const d = await run(["diff", id, at(f)]);
          assert.equal(d.code, 0, `${f}: ${d.stdout}${d.stderr}`);
        }
        // generate, without and with --templatize.
        for (const extra of [[], ["--templatize", vars]]) {
          const g = await run(["generate", id, "--json", ...extra]);
          assert.equal(g.code, 0, g.stderr);
          assert.equal(meaning(declared((JSON.parse(g.stdout) as { code: string }).code)), want);
        }
        // pull into specs: one with placeholders (inferred), one without.
        for (const [file, spec, variables] of [
          ["ts.json", { tables: ["${catalog}.${schema}.orders"] }, V],
          ["rs.json", { tables: ["dev.sales.orders"] }, undefined],
        ] as const) {
          fs.writeFileSync(at(file), JSON.stringify(spec));
          let p = await run(["pull", id, at(file)]);
          // Text naming another x.sales.orders makes ${catalog} ambiguous: then --vars says it.
          if (p.code === 2 && /cannot tell the values of/.test(p.stderr))
            p = await run(["pull", id, at(file), "--vars", vars]);
          assert.equal(p.code, 0, p.stderr);
          const pulled = JSON.parse(read(file)) as object;
          assert.equal(
            stableStringify(canonicalize(pulled, variables === undefined ? {} : { variables })),
            want,
          );
        }
      }),
      { numRuns: 50 },
    );
  });
});
