import { strict as assert } from "node:assert";
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import ts from "typescript";

const ROOT = path.join(__dirname, "..", "..");

/**
 * Consumers compile against our .d.ts files, often with Pulumi's template tsconfig, which neither
 * skips library checks nor enables esModuleInterop; zod 4's own typings fail there. So no
 * declaration reachable from a public entry point may import zod.
 */
describe("published typings", () => {
  let out: string;
  before(function () {
    this.timeout(120_000);
    out = fs.mkdtempSync(path.join(os.tmpdir(), "genie-dts-"));
    execFileSync(
      process.execPath,
      [
        require.resolve("typescript/bin/tsc"),
        "-p",
        "tsconfig.build.json",
        "--emitDeclarationOnly",
        "--outDir",
        out,
      ],
      { cwd: ROOT },
    );
  });
  after(() => fs.rmSync(out, { recursive: true, force: true }));

  function reachable(entry: string): Map<string, string> {
    const seen = new Map<string, string>();
    const visit = (file: string) => {
      if (seen.has(file)) return;
      const text = fs.readFileSync(file, "utf8");
      seen.set(file, text);
      for (const m of text.matchAll(/from "(\.[^"]+)"|import\("(\.[^"]+)"\)/g)) {
        const rel = (m[1] ?? m[2]) as string;
        const base = path.resolve(path.dirname(file), rel);
        visit(fs.existsSync(base + ".d.ts") ? base + ".d.ts" : path.join(base, "index.d.ts"));
      }
    };
    visit(path.join(out, entry));
    return seen;
  }

  for (const entry of ["provider/index.d.ts", "emulator/index.d.ts"]) {
    it(`no declaration reachable from ${entry} imports zod`, () => {
      const files = reachable(entry);
      assert.ok(files.size > 3, "walked the declarations");
      const offenders = [...files]
        .filter(([, text]) => /from "zod"|import\("zod"\)/.test(text))
        .map(([f]) => path.relative(out, f));
      assert.deepEqual(offenders, []);
    });
  }
});

/**
 * The published spec types are derived from the field table (model/fields.ts): what a consumer's
 * editor sees comes from the built declarations, so this asks the TypeScript language service,
 * with Pulumi's template settings, about a file that imports the built package.
 */
describe("the published spec types, as a consumer's editor sees them", () => {
  const file = path.join(ROOT, "test", "package", "__consumer__.ts");
  const source = [
    'import type { GenieSpaceSpec, SerializedSpaceV1, SerializedSpaceV2 } from "../../dist/provider";',
    "export const ok: GenieSpaceSpec = {",
    '  tables: ["main.s.a", { identifier: "main.s.b", columns: { c: { exclude: true } } }],',
    '  instructions: "Amounts in EUR.",',
    '  joins: [{ left: "main.s.a", right: { identifier: "main.s.b", alias: "b" }, sql: "a.id = b.id", relationship: "MANY_TO_ONE" }],',
    '  benchmarks: [{ question: "How many?", sql: "SELECT 1" }],',
    "};",
    'export const typo: GenieSpaceSpec = { tables: [{ identifier: "main.s.a", colums: {} }] };',
    'export const badJoin: GenieSpaceSpec = { joins: [{ left: "a", right: "b", sql: "x", relationship: "SOME" }] };',
    'export const v1: SerializedSpaceV1 = { version: 1, data_sources: { tables: [{ identifier: "main.s.a", column_configs: [{ column_name: "c", get_example_values: true }] }] } };',
    'export const v2: SerializedSpaceV2 = { version: 2, data_sources: { tables: [{ identifier: "main.s.a", column_configs: [{ column_name: "c", enable_format_assistance: true, description: ["x"] }] }] } };',
    'export const noQuestion: SerializedSpaceV2 = { version: 2, config: { sample_questions: [{ id: "x" }] } };',
  ].join("\n");
  let service: ts.LanguageService;
  before(() => {
    const options: ts.CompilerOptions = {
      strict: true,
      noEmit: true,
      module: ts.ModuleKind.CommonJS,
      target: ts.ScriptTarget.ES2020,
      moduleResolution: ts.ModuleResolutionKind.Node10,
    };
    service = ts.createLanguageService({
      getScriptFileNames: () => [file],
      getScriptVersion: () => "1",
      getScriptSnapshot: (f) =>
        f === file
          ? ts.ScriptSnapshot.fromString(source)
          : fs.existsSync(f)
            ? ts.ScriptSnapshot.fromString(fs.readFileSync(f, "utf8"))
            : undefined,
      getCurrentDirectory: () => ROOT,
      getCompilationSettings: () => options,
      getDefaultLibFileName: (o) => ts.getDefaultLibFilePath(o),
      fileExists: (f) => f === file || ts.sys.fileExists(f),
      readFile: (f) => (f === file ? source : ts.sys.readFile(f)),
    });
  });

  const errorsOn = (line: number): string[] =>
    [...service.getSemanticDiagnostics(file), ...service.getSyntacticDiagnostics(file)]
      .filter((d) => d.start !== undefined && source.slice(0, d.start).split("\n").length === line)
      .map((d) => ts.flattenDiagnosticMessageText(d.messageText, "\n"));
  const docAt = (needle: string): string => {
    const info = service.getQuickInfoAtPosition(file, source.indexOf(needle) + 1);
    return ts.displayPartsToString(info?.documentation);
  };

  it("accepts a spec using every form (plain strings, objects, keyed columns, a relationship)", function () {
    this.timeout(60_000);
    assert.deepEqual(errorsOn(2).concat(errorsOn(3), errorsOn(4), errorsOn(5), errorsOn(6)), []);
  });

  it("refuses a misspelt property and an unknown relationship", () => {
    assert.match(errorsOn(8).join("\n"), /colums/);
    assert.match(errorsOn(9).join("\n"), /"SOME"/);
  });

  it("names the column flags per document version, and requires a sample question's text", () => {
    assert.deepEqual(errorsOn(10).concat(errorsOn(11)), []);
    assert.match(errorsOn(12).join("\n"), /question/);
  });

  it("shows the field table's doc comments on the properties a person writes", () => {
    assert.equal(docAt("exclude: true"), "Hide the column from Genie.");
    assert.match(docAt("tables: ["), /three-part identifiers/);
    assert.match(docAt('relationship: "MANY'), /FROM_RELATIONSHIP_TYPE/);
  });
});
