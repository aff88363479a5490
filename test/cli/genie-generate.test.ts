import { strict as assert } from "node:assert";
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import fc from "fast-check";
import ts from "typescript";
import { programFile, spaceBlock } from "../../cli/generate-code";
import { literal, resourceName } from "../../cli/typescript";
import { canonicalize, toSerializedSpace } from "../../provider";
import { splitIdentifier } from "../../provider/model";
import { templatize } from "../../provider/model/templatize";
import { spec } from "../support/arbitraries";
import { emulator, WAREHOUSE } from "../support/emulator";
import { DOCUMENT_FIXTURES, fixtureText } from "../support/fixtures";
import { PULUMI_TEMPLATE_COMPILER_OPTIONS } from "../support/consumer";
import { emulatorEnv, genie, ROOT } from "../support/genie-cli";

const TSCONFIG = { compilerOptions: PULUMI_TEMPLATE_COMPILER_OPTIONS };

/** Runs compiled programs under Pulumi's mocks and prints each GenieSpace's inputs by name. */
const RUNNER = `
const pulumi = require("@pulumi/pulumi");
const out = {};
process.on("beforeExit", () => { if (!process.exitCode) process.stdout.write(JSON.stringify(out)); out.done = 1; });
pulumi.runtime.setMocks({
  newResource: (a) => { out[a.name] = a.inputs; return { id: a.name, state: a.inputs }; },
  call: () => { throw new Error("unmocked"); },
}, "generated", "dev").then(() => { for (const f of process.argv.slice(2)) require(f); });
`;

function catalogAndSchema(document: string): Record<string, string> {
  const doc = JSON.parse(document) as { data_sources?: { tables?: { identifier: string }[] } };
  const [catalog, schema] = splitIdentifier(doc.data_sources?.tables?.[0]?.identifier ?? "") ?? [];
  return { catalog: catalog as string, schema: schema as string };
}

interface Made {
  id: string;
  name: string;
  title: string;
  description?: string;
  stored: string;
  vars?: Record<string, string>;
}

describe("genie generate (against the emulator): code that compiles and declares the live space", function () {
  this.timeout(180_000);
  let t: Awaited<ReturnType<typeof emulator>>;
  let dir: string;
  const made: Made[] = [];
  let inputs: Record<string, Record<string, unknown>>;

  before(async () => {
    t = await emulator({ config: { extraKnownFields: ["data_sources.tables.future_flag"] } });
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "genie-generate-"));
    fs.symlinkSync(path.join(ROOT, "node_modules"), path.join(dir, "node_modules"), "junction");
    fs.writeFileSync(path.join(dir, "tsconfig.json"), JSON.stringify(TSCONFIG));
    const documents: [string, string][] = [
      ...DOCUMENT_FIXTURES.map((f): [string, string] => [
        f,
        JSON.stringify(toSerializedSpace(fixtureText(f)).document),
      ]),
      ...fc
        .sample(spec, { seed: 1414, numRuns: 12 })
        .map((s, i): [string, string] => [
          `random ${i}`,
          JSON.stringify(toSerializedSpace(s).document),
        ]),
    ];
    for (const [i, [title, document]] of documents.entries()) {
      const description = i % 2 === 0 ? `Space "${title}"\nwith a second line` : undefined;
      const space = await t.createSpace({
        title,
        serialized_space: document,
        ...(description === undefined ? {} : { description }),
        ...(i % 3 === 0 ? { parent_path: "/Shared/Genie" } : {}),
      });
      made.push({
        id: String(space["space_id"]),
        name: `s${i}`,
        title,
        ...(description === undefined ? {} : { description }),
        stored: String(space["serialized_space"]),
        ...(i % 2 === 1 ? { vars: catalogAndSchema(document) } : {}),
      });
    }
    const files: string[] = [];
    for (const m of made) {
      const file = `${m.name}.ts`;
      const templ =
        m.vars === undefined
          ? []
          : ["--templatize", `catalog=${m.vars["catalog"]},schema=${m.vars["schema"]}`];
      const r = await genie(["generate", m.id, "-o", file, "--name", m.name, ...templ], {
        cwd: dir,
        env: emulatorEnv(t.emu),
      });
      assert.equal(r.code, 0, r.stderr);
      files.push(file);
    }
    fs.writeFileSync(path.join(dir, "tsconfig.json"), JSON.stringify({ ...TSCONFIG, files }));
    fs.writeFileSync(path.join(dir, "runner.js"), RUNNER);
  });
  after(async () => {
    await t?.emu.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it("compiles with Pulumi's template tsconfig (strict, no skipLibCheck)", () => {
    try {
      execFileSync(
        process.execPath,
        [path.join(ROOT, "node_modules", "typescript", "bin", "tsc"), "-p", "."],
        {
          cwd: dir,
          encoding: "utf8",
        },
      );
    } catch (e) {
      assert.fail(`tsc failed:\n${String((e as { stdout?: string }).stdout)}`);
    }
    const out = execFileSync(
      process.execPath,
      ["runner.js", ...made.map((m) => `./bin/${m.name}.js`)],
      { cwd: dir, encoding: "utf8" },
    );
    inputs = JSON.parse(out) as typeof inputs;
    assert.equal(Object.keys(inputs).filter((k) => k !== "done").length, made.length);
  });

  it("declares title, description, warehouse, folder, and adoptSpaceId of the live space (for stack dev)", () => {
    for (const m of made) {
      const i = inputs[m.name] ?? {};
      assert.equal(i["adoptSpaceId"], m.id);
      assert.equal(i["title"], m.title);
      assert.equal(i["description"], m.description);
      assert.equal(i["warehouseId"], WAREHOUSE);
      assert.equal(i["parentPath"], t.emu.space(m.id)?.parent_path);
    }
  });

  it("public fixtures and random documents: toSerializedSpace of the generated spec, with its variables, is the live document by meaning", () => {
    for (const m of made) {
      const i = inputs[m.name] ?? {};
      assert.ok(i["space"] !== undefined, `${m.title}: declared as serializedSpace`);
      const variables = i["variables"] as Record<string, string> | undefined;
      assert.deepEqual(variables, m.vars);
      const document = toSerializedSpace(
        i["space"] as object,
        variables === undefined ? {} : { variables },
      ).document;
      assert.deepEqual(canonicalize(document), canonicalize(m.stored), m.title);
      if (m.vars !== undefined) assert.match(JSON.stringify(i["space"]), /\$\{catalog\}/);
    }
  });

  it("a document the spec cannot say all of (a field the server knows, this package not) is declared as serializedSpace", async () => {
    const doc = JSON.parse(made[2]?.stored ?? "{}") as {
      data_sources: { tables: Record<string, unknown>[] };
    };
    (doc.data_sources.tables[0] as Record<string, unknown>)["future_flag"] = true;
    const space = await t.createSpace({ title: "Future", serialized_space: JSON.stringify(doc) });
    const r = await genie(["generate", String(space["space_id"])], { env: emulatorEnv(t.emu) });
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /\n {2}serializedSpace: \{\n/);
    assert.match(r.stdout, /future_flag: true/);
    assert.match(r.stderr, /the friendly spec cannot say everything/);
  });

  it("--json without -o gives the program inside JSON on stdout", async () => {
    const m = made[0] as Made;
    const r = await genie(["generate", m.id, "--json"], { env: emulatorEnv(t.emu) });
    assert.equal(r.code, 0, r.stderr);
    const out = JSON.parse(r.stdout) as { id: string; form: string; code: string };
    assert.equal(out.id, m.id);
    assert.equal(out.form, "space");
    assert.match(out.code, /new GenieSpace\(/);
  });

  it("the resource name comes from the title; --name and --stack take only plain names (exit 2)", async () => {
    const r = await genie(["generate", made[0]?.id ?? ""], { env: emulatorEnv(t.emu) });
    assert.match(r.stdout, /new GenieSpace\("full-featured-v1-geniespace-json", \{/);
    assert.match(r.stdout, /adoptSpaceId: pulumi\.getStack\(\) === "dev" \?/);
    const bad = await genie(["generate", made[0]?.id ?? "", "--name", "a b"], {
      env: emulatorEnv(t.emu),
    });
    assert.equal(bad.code, 2);
  });
});

describe("generate's pieces, in process (fast-check)", () => {
  const evaluate = (code: string): unknown =>
    new Function(
      `${ts.transpile(`const value = ${code};`, { target: ts.ScriptTarget.ES2020 })}\nreturn value;`,
    )() as unknown;

  // fast-check's records have no prototype; the evaluated literals do.
  const plain = (v: unknown): unknown => JSON.parse(JSON.stringify(v)) as unknown;

  it("literal() is TypeScript that evaluates to the same value", () => {
    fc.assert(
      fc.property(spec, (s) => assert.deepEqual(evaluate(literal(s)), plain(s))),
      { numRuns: 100 },
    );
    assert.deepEqual(
      evaluate(literal({ __proto__x: 1, "a-b": "x\ny", ["__proto__"]: { k: "v" } })),
      {
        __proto__x: 1,
        "a-b": "x\ny",
        ["__proto__"]: { k: "v" },
      },
    );
  });

  it("a title that is a reserved word or a name the program declares still gives a program that parses, with one declaration of each name", () => {
    for (const title of [
      "Default",
      "config",
      "pulumi",
      "New",
      "class",
      "Public",
      "await",
      "2024",
    ]) {
      const options = { name: resourceName(title), stack: "dev", variables: {} };
      const info = { space_id: "01f0".padEnd(32, "0"), title, warehouse_id: WAREHOUSE };
      const code = programFile(spaceBlock(info, {}, options).code, options, "https://x");
      const out = ts.transpileModule(code, { reportDiagnostics: true });
      assert.deepEqual(
        out.diagnostics?.map((d) => d.messageText),
        [],
        title,
      );
      const declared = [...code.matchAll(/^(?:const|import \* as) (\w+)/gm)].map((m) => m[1]);
      assert.equal(new Set(declared).size, declared.length, `${title}: ${declared.join(", ")}`);
    }
  });

  it("random documents, templatized: the block declares the friendly spec, never the raw document", () => {
    fc.assert(
      fc.property(spec, (s) => {
        const document = toSerializedSpace(s).document;
        const text = JSON.stringify(document);
        const vars = catalogAndSchema(text);
        const templated = templatize(document, vars).value as unknown as Record<string, unknown>;
        const block = spaceBlock(
          {
            space_id: "01f0".padEnd(32, "0"),
            title: "T",
            warehouse_id: WAREHOUSE,
            serialized_space: text,
          },
          templated,
          { name: "t", stack: "dev", variables: vars },
        );
        assert.equal(block.form, "space");
      }),
      { numRuns: 100 },
    );
  });
});
