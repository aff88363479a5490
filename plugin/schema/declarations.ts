import * as fs from "node:fs";
import * as path from "node:path";
import type * as TS from "typescript";

/**
 * The package's published declarations (`dist/**.d.ts`), read with the TypeScript compiler's
 * parser: the JSDoc a TypeScript user reads in an editor, and the shapes of the resources'
 * arguments and outputs, for the schema. Declarations, not sources: they hold every property of
 * the field table spelled out with its doc comment (field-types.ts derives them). Only the parser
 * runs (no type checking), when `pulumi package add` asks for the schema.
 */

// eslint-disable-next-line @typescript-eslint/no-require-imports -- only GetSchema needs the parser
const ts = (): typeof TS => require("typescript") as typeof TS;

/** The package's root folder (the plugin runs from its `dist/`). */
export function packageRoot(): string {
  return path.dirname(require.resolve("pulumi-databricks-genie/package.json"));
}

export interface Declarations {
  file: string;
  interfaces: Map<string, TS.InterfaceDeclaration>;
  aliases: Map<string, TS.TypeAliasDeclaration>;
  classes: Map<string, TS.ClassDeclaration>;
  constants: Map<string, TS.VariableDeclaration>;
}

/** The top-level declarations of `dist/<relative>.d.ts`. */
export function declarations(relative: string): Declarations {
  const file = path.join(packageRoot(), "dist", `${relative}.d.ts`);
  const text = fs.readFileSync(file, "utf8");
  const t = ts();
  const source = t.createSourceFile(file, text, t.ScriptTarget.Latest, true);
  const out: Declarations = {
    file,
    interfaces: new Map(),
    aliases: new Map(),
    classes: new Map(),
    constants: new Map(),
  };
  for (const s of source.statements) {
    if (t.isInterfaceDeclaration(s)) out.interfaces.set(s.name.text, s);
    else if (t.isTypeAliasDeclaration(s)) out.aliases.set(s.name.text, s);
    else if (t.isClassDeclaration(s) && s.name !== undefined) out.classes.set(s.name.text, s);
    else if (t.isVariableStatement(s))
      for (const d of s.declarationList.declarations)
        if (t.isIdentifier(d.name)) out.constants.set(d.name.text, d);
  }
  return out;
}

/** A declaration's doc comment without its tags (`@example` code is TypeScript's own). */
export function docOf(node: TS.Node): string | undefined {
  const t = ts();
  const docs = t.getJSDocCommentsAndTags(node).filter(t.isJSDoc);
  const last = docs[docs.length - 1];
  const text = last === undefined ? undefined : t.getTextOfJSDocComment(last.comment);
  return text === undefined || text.trim() === "" ? undefined : text.trim();
}

export interface Member {
  name: string;
  optional: boolean;
  type: TS.TypeNode | undefined;
  doc?: string;
  node: TS.Node;
}

/** The properties of an interface, a class (its `readonly` fields) or a type literal, in order. */
export function membersOf(
  node: TS.InterfaceDeclaration | TS.ClassDeclaration | TS.TypeLiteralNode,
): Member[] {
  const t = ts();
  const out: Member[] = [];
  for (const m of node.members as TS.NodeArray<TS.Node>) {
    if (!(t.isPropertySignature(m) || t.isPropertyDeclaration(m))) continue;
    const name = t.isIdentifier(m.name) || t.isStringLiteral(m.name) ? m.name.text : undefined;
    if (name === undefined) continue;
    out.push({
      name,
      optional: m.questionToken !== undefined,
      type: m.type,
      doc: docOf(m),
      node: m,
    });
  }
  return out;
}

/** The members of a type node that is a type literal (after `Fields<{...}>` or as it is). */
export function literalMembers(type: TS.TypeNode | undefined): Member[] {
  const t = ts();
  if (type === undefined) return [];
  if (t.isTypeLiteralNode(type)) return membersOf(type);
  // `Fields<{...}>`, or as declarations write it, `import("./field-kinds").Fields<{...}>`.
  if ((t.isTypeReferenceNode(type) || t.isImportTypeNode(type)) && type.typeArguments?.length === 1)
    return literalMembers(type.typeArguments[0]);
  return [];
}

/** The name a type reference gives (`pulumi.Input` -> `Input`), with its type arguments. */
export function reference(
  type: TS.TypeNode,
): { name: string; qualifier?: string; args: readonly TS.TypeNode[] } | undefined {
  const t = ts();
  if (!t.isTypeReferenceNode(type)) return undefined;
  const n = type.typeName;
  const args = type.typeArguments ?? [];
  if (t.isIdentifier(n)) return { name: n.text, args };
  return { name: n.right.text, qualifier: n.left.getText(), args };
}

export { ts };
