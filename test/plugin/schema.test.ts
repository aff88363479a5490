import { strict as assert } from "node:assert";
import * as path from "node:path";
import ts from "typescript";
import { PERMISSION_LEVELS } from "../../provider/client/permission-levels";
import { COLLECTION_TREE, COLLECTIONS, type Field, specName } from "../../provider/model/fields";
import { JOIN_RELATIONSHIPS } from "../../provider/model/joins";
import { checkGenieSpace } from "../../provider/resources/genie-space-check";
import { checkGenieSpacePermissions } from "../../provider/resources/genie-space-permissions-check";
import { packageSchema } from "../../plugin/schema";
import { PluginClient } from "../support/plugin";

interface Prop {
  type?: string;
  items?: Prop;
  additionalProperties?: Prop;
  $ref?: string;
  oneOf?: Prop[];
  description?: string;
  secret?: boolean;
}
interface ObjectType {
  type: string;
  properties?: Record<string, Prop>;
  required?: string[];
  enum?: { value: string; name?: string }[];
  description?: string;
}

const ROOT = path.join(__dirname, "..", "..");
const schema = packageSchema() as {
  name: string;
  types: Record<string, ObjectType>;
  resources: Record<
    string,
    {
      inputProperties: Record<string, Prop>;
      properties: Record<string, Prop>;
      requiredInputs?: string[];
      isComponent?: boolean;
    }
  >;
  config: { variables: Record<string, Prop> };
  provider: { inputProperties: Record<string, Prop> };
};
const type = (ref: string | undefined): ObjectType => {
  const t = schema.types[(ref ?? "").replace("#/types/", "")];
  assert.ok(t !== undefined, `no type ${ref}`);
  return t;
};
/** The object type an item of a list, a map or a union refers to. */
const itemType = (p: Prop): ObjectType =>
  type(
    p.$ref ??
      p.items?.$ref ??
      p.items?.oneOf?.find((o) => o.$ref)?.$ref ??
      p.additionalProperties?.$ref,
  );

/** What the schema must say for a field of the table: the oracle is the table's own kinds. */
function expectedKind(f: Field): string {
  const accepts = f.form?.accepts;
  if (accepts === "string") return "string";
  if (accepts === "string-or-list") return "string|string[]";
  if (accepts === "join-side") return "string|object";
  if (Array.isArray(accepts)) return "enum";
  return {
    text: "string",
    string: "string",
    id: "string",
    strings: "string[]",
    flag: "boolean",
    object: "object",
    list: f.keyedBy !== undefined ? "map" : "object[]",
  }[f.kind];
}
function kindOf(p: Prop): string {
  if (p.oneOf !== undefined)
    return p.oneOf
      .map((o) => (o.$ref !== undefined ? "object" : o.type === "array" ? "string[]" : o.type))
      .join("|");
  if (p.$ref !== undefined) return "enum" in type(p.$ref) ? "enum" : "object";
  if (p.type === "array") return p.items?.$ref !== undefined ? "object[]" : `${p.items?.type}[]`;
  if (p.type === "object" && p.additionalProperties !== undefined) return "map";
  return String(p.type);
}

/**
 * JSDoc as an editor shows it on each property of a TypeScript type: the language service's quick
 * info on the property written in an object literal of that type (a virtual file).
 */
function editorDocs(file: string, typeName: string): Map<string, string> {
  const probe = path.join(ROOT, "test", "__schema_probe__.ts");
  const names = (() => {
    const program = ts.createProgram([path.join(ROOT, file)], { strict: true, skipLibCheck: true });
    const checker = program.getTypeChecker();
    const source = program.getSourceFile(path.join(ROOT, file)) as ts.SourceFile;
    const module = checker.getSymbolAtLocation(source) as ts.Symbol;
    const symbol = checker.getExportsOfModule(module).find((s) => s.name === typeName);
    assert.ok(symbol !== undefined, `${file} exports no ${typeName}`);
    const t = checker.getNonNullableType(checker.getDeclaredTypeOfSymbol(symbol));
    return checker.getPropertiesOfType(t).map((p) => p.name);
  })();
  const module = `../${file.replace(/\.ts$/, "")}`;
  const text =
    `import type { ${typeName} } from "${module}";\n` +
    `export const probe: ${typeName} = {\n${names.map((n) => `  ${n}: undefined as never,`).join("\n")}\n};\n`;
  const host: ts.LanguageServiceHost = {
    getScriptFileNames: () => [probe],
    getScriptVersion: () => "1",
    getScriptSnapshot: (f) =>
      ts.ScriptSnapshot.fromString(f === probe ? text : (ts.sys.readFile(f) ?? "")),
    getCurrentDirectory: () => ROOT,
    getCompilationSettings: () => ({ strict: true, skipLibCheck: true }),
    getDefaultLibFileName: (o) => ts.getDefaultLibFilePath(o),
    fileExists: (f) => f === probe || ts.sys.fileExists(f),
    readFile: (f) => (f === probe ? text : ts.sys.readFile(f)),
  };
  const ls = ts.createLanguageService(host);
  const out = new Map<string, string>();
  for (const n of names) {
    const at = text.indexOf(`  ${n}: undefined`) + 2;
    const doc = ts.displayPartsToString(ls.getQuickInfoAtPosition(probe, at)?.documentation).trim();
    if (doc !== "") out.set(n, doc);
  }
  return out;
}

describe("the plugin's schema, derived from the field table and the declarations", function () {
  this.timeout(60_000);

  it("GenieSpaceSpec has every collection of the field table, at its spec path, with its kind", () => {
    const spec = type("genie:index:GenieSpaceSpec");
    for (const c of COLLECTIONS) {
      const [head, sub] = c.spec.split(".") as [string, string | undefined];
      const p =
        sub === undefined
          ? spec.properties?.[head]
          : type(spec.properties?.[head]?.$ref).properties?.[sub];
      assert.ok(p !== undefined, `no ${c.spec}`);
      const kind =
        c.single !== undefined
          ? "string"
          : c.shorthand !== undefined
            ? "string|object[]"
            : "object[]";
      const got =
        c.single !== undefined
          ? kindOf(p)
          : p.items?.oneOf !== undefined
            ? "string|object[]"
            : kindOf(p);
      assert.equal(got, kind, c.spec);
    }
    assert.deepEqual(Object.keys(spec.properties ?? {}), Object.keys(COLLECTION_TREE));
  });

  it("every item type has the table's fields, in the spec's names, with their kinds and optionality", () => {
    const walk = (fields: readonly Field[], t: ObjectType, at: string, keyedBy?: string) => {
      const expected = fields.filter(
        (f) => specName(f) !== undefined && (keyedBy === undefined || f.wire !== keyedBy),
      );
      assert.deepEqual(
        Object.keys(t.properties ?? {}).sort(),
        expected.map((f) => specName(f) as string).sort(),
        at,
      );
      for (const f of expected) {
        const name = specName(f) as string;
        const p = t.properties?.[name] as Prop;
        assert.equal(kindOf(p), expectedKind(f), `${at}.${name}`);
        const required = (t.required ?? []).includes(name);
        if (f.form?.accepts !== "join-side" || name !== "identifier")
          assert.equal(required, f.optional !== true, `${at}.${name} required`);
        if ((f.kind === "list" || f.kind === "object") && f.form === undefined)
          walk(f.fields ?? [], itemType(p), `${at}.${name}`, f.keyedBy);
      }
    };
    const spec = type("genie:index:GenieSpaceSpec");
    for (const c of COLLECTIONS.filter((x) => x.single === undefined)) {
      const [head, sub] = c.spec.split(".") as [string, string | undefined];
      const p =
        sub === undefined
          ? spec.properties?.[head]
          : type(spec.properties?.[head]?.$ref).properties?.[sub];
      walk(c.fields, itemType(p as Prop), c.spec);
    }
  });

  it("a field added to the table appears in the schema with nothing else edited", () => {
    const tables = COLLECTION_TREE.tables.fields as unknown as Field[];
    tables.push({ wire: "brand_new", spec: "brandNew", kind: "flag", optional: true });
    try {
      const again = packageSchema() as typeof schema;
      assert.deepEqual(again.types["genie:index:TableSpec"]?.properties?.["brandNew"], {
        type: "boolean",
      });
    } finally {
      tables.pop();
    }
  });

  it("enums hold the values the resources accept, named for code generators", () => {
    const values = (t: string) => type(`#/types/${t}`).enum?.map((e) => e.value);
    assert.deepEqual(values("genie:index:JoinRelationship"), JOIN_RELATIONSHIPS);
    assert.deepEqual(values("genie:index:PermissionLevel"), PERMISSION_LEVELS);
    assert.deepEqual(values("genie:index:GenieSpacePermissionsMode"), [
      "additive",
      "authoritative",
    ]);
    assert.deepEqual(
      type("genie:index:PermissionLevel").enum?.map((e) => e.name),
      ["CanRead", "CanRun", "CanEdit", "CanManage"],
    );
  });

  it("doc strings are the JSDoc an editor shows on the TypeScript types", () => {
    const pairs: [string, string, string][] = [
      ["provider/model/spec.ts", "GenieSpaceSpec", "genie:index:GenieSpaceSpec"],
      ["provider/model/spec.ts", "TableSpec", "genie:index:TableSpec"],
      ["provider/model/spec.ts", "ColumnSpec", "genie:index:ColumnSpec"],
      ["provider/model/spec.ts", "SampleQuestionSpec", "genie:index:SampleQuestionSpec"],
      ["provider/model/spec.ts", "JoinSpec", "genie:index:JoinSpec"],
      ["provider/model/spec.ts", "BenchmarkSpec", "genie:index:BenchmarkSpec"],
      ["provider/resources/genie-space-permissions.ts", "GenieGrant", "genie:index:GenieGrant"],
    ];
    let compared = 0;
    for (const [file, name, tok] of pairs) {
      const docs = editorDocs(file, name);
      for (const [prop, p] of Object.entries(type(`#/types/${tok}`).properties ?? {})) {
        assert.equal(p.description, docs.get(prop), `${name}.${prop}`);
        if (p.description !== undefined) compared++;
      }
    }
    assert.ok(compared >= 8, `compared ${compared} doc strings`);
    const args = editorDocs("provider/resources/genie-space.ts", "GenieSpaceArgs");
    for (const [prop, p] of Object.entries(
      schema.resources["genie:index:GenieSpace"]?.inputProperties ?? {},
    ))
      assert.equal(p.description, args.get(prop), `GenieSpaceArgs.${prop}`);
  });

  it("the resources' inputs are exactly the arguments their check takes", () => {
    const space = schema.resources["genie:index:GenieSpace"];
    const news = Object.fromEntries(
      Object.keys(space?.inputProperties ?? {}).map((k) => [k, undefined]),
    );
    const unknown = (failures: { reason: string }[]) =>
      failures.filter((f) => /unknown property/.test(f.reason));
    assert.deepEqual(unknown(checkGenieSpace({ ...news }).failures ?? []), []);
    assert.equal(unknown(checkGenieSpace({ nope: 1 }).failures ?? []).length, 1);
    assert.deepEqual(space?.requiredInputs, ["title", "warehouseId"]);
    const acl = schema.resources["genie:index:GenieSpacePermissions"];
    assert.deepEqual(Object.keys(acl?.inputProperties ?? {}), ["spaceId", "grants", "mode"]);
    assert.deepEqual(
      unknown(
        checkGenieSpacePermissions({ spaceId: undefined, grants: [], mode: undefined }).failures ??
          [],
      ),
      [],
    );
    assert.equal(schema.resources["genie:index:GenieAnalyticsSpace"]?.isComponent, true);
  });

  it("is what code generators need: every reference resolves, required names exist, no reserved or default values, credentials secret", () => {
    const text = JSON.stringify(schema);
    for (const m of text.matchAll(/"\$ref":"#\/types\/([^"]+)"/g))
      assert.ok(schema.types[m[1] as string] !== undefined, `dangling ${m[1]}`);
    assert.doesNotMatch(text, /"default":/);
    for (const t of [...Object.values(schema.types), ...Object.values(schema.resources)]) {
      const props =
        "inputProperties" in t
          ? { ...t.inputProperties, ...t.properties }
          : ((t as ObjectType).properties ?? {});
      for (const r of ("requiredInputs" in t ? t.requiredInputs : (t as ObjectType).required) ?? [])
        assert.ok(r in props, `required ${r} is no property`);
      for (const k of Object.keys(props)) assert.match(k, /^[a-z][A-Za-z0-9]*$/);
    }
    for (const r of Object.values(schema.resources))
      for (const k of Object.keys({ ...r.inputProperties, ...r.properties }))
        assert.ok(!["id", "urn", "provider"].includes(k), `reserved name ${k}`);
    const secrets = Object.entries(schema.config.variables)
      .filter(([, v]) => v.secret === true)
      .map(([k]) => k);
    assert.deepEqual(secrets.sort(), [
      "actionsIdTokenRequestToken",
      "azureClientSecret",
      "clientSecret",
      "token",
    ]);
    assert.deepEqual(schema.provider.inputProperties, schema.config.variables);
    assert.equal(schema.name, "genie");
  });

  it("GetSchema over gRPC answers the same schema", async () => {
    const plugin = await PluginClient.start();
    try {
      assert.deepEqual(await plugin.schema(), JSON.parse(JSON.stringify(schema)));
    } finally {
      plugin.stop();
    }
  });
});
