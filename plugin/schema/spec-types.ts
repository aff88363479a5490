import {
  type Collection,
  COLLECTION_TREE,
  type CollectionDescription,
  type Field,
  specName,
} from "../../provider/model/fields";
import { specFields } from "../../provider/model/schema";
import { declarations, docOf, literalMembers, type Member, ts } from "./declarations";
import { enumValue, type ObjectType, type PropertySpec, type SchemaTypes, token } from "./types";

/**
 * The friendly spec's types, from the field table (provider/model/fields.ts), walked as
 * model/schema.ts walks it for zod: every collection a property of `GenieSpaceSpec`, every field
 * a property of its item's type, under the same names, optional where the table says so. Doc
 * strings are the table's doc comments as the published declarations carry them
 * (dist/provider/model/fields.d.ts), and the type's own from spec.ts (`TableSpec`, ...).
 */

export const SPEC = token("GenieSpaceSpec");

/** A field's docs, and those of the fields nested in it. */
interface Docs {
  doc?: string;
  fields: Map<string, Docs>;
}

function fieldDocs(members: Member[]): Map<string, Docs> {
  return new Map(
    members.map((m) => {
      const t = ts();
      const inner =
        m.type !== undefined && t.isTypeLiteralNode(m.type)
          ? literalMembers(membersOf(m.type, "fields"))
          : [];
      return [m.name, { doc: m.doc, fields: fieldDocs(inner) }];
    }),
  );
}

/** The type of a member called `name` of a type literal. */
function membersOf(literal: import("typescript").TypeLiteralNode, name: string) {
  const t = ts();
  for (const m of literal.members)
    if (t.isPropertySignature(m) && t.isIdentifier(m.name) && m.name.text === name) return m.type;
  return undefined;
}

const pascal = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);
const singular = (s: string) => (s.endsWith("s") ? s.slice(0, -1) : s);

/** The types the friendly spec needs, built once from the table. */
export function specTypes(): SchemaTypes {
  const fieldsDts = declarations("provider/model/fields");
  const specDts = declarations("provider/model/spec");
  const tree = fieldsDts.constants.get("COLLECTION_TREE")?.type;
  const t = ts();
  if (tree === undefined || !t.isTypeLiteralNode(tree))
    throw new Error(`${fieldsDts.file} declares no COLLECTION_TREE: rebuild the package`);
  const treeMembers = new Map(literalMembers(tree).map((m) => [m.name, m]));
  const typeDoc = (name: string) => {
    const alias = specDts.aliases.get(name);
    return alias === undefined ? undefined : docOf(alias);
  };

  const types: SchemaTypes = {};
  const named = new Map<readonly Field[], string>();

  /** The object type of an item made of `fields`; the same fields (tables, metric views) share it. */
  const itemType = (fields: readonly Field[], name: string, docs: Map<string, Docs>): string => {
    const known = named.get(fields);
    if (known !== undefined) return known;
    const tok = token(`${name}Spec`);
    named.set(fields, tok);
    const type: ObjectType = { type: "object", properties: {}, required: [] };
    const description = typeDoc(`${name}Spec`);
    if (description !== undefined) type.description = description;
    types[tok] = type;
    for (const f of specFields(fields)) {
      const prop = specName(f);
      if (prop === undefined) continue;
      type.properties[prop] = withDoc(fieldType(f, name, prop, docs.get(prop)), docs.get(prop));
      if (f.optional !== true) type.required?.push(prop);
    }
    if (type.required?.length === 0) delete type.required;
    return tok;
  };

  const fieldType = (f: Field, owner: string, prop: string, docs?: Docs): PropertySpec => {
    const inner = docs?.fields ?? new Map<string, Docs>();
    const accepts = f.form?.accepts;
    if (accepts === "string") return { type: "string" };
    if (accepts === "string-or-list")
      return { oneOf: [{ type: "string" }, { type: "array", items: { type: "string" } }] };
    if (accepts === "join-side")
      return {
        oneOf: [
          { type: "string" },
          { $ref: `#/types/${joinSource(f.fields ?? [], owner, inner)}` },
        ],
      };
    if (Array.isArray(accepts)) {
      const tok = token(`${owner}${pascal(prop)}`);
      types[tok] = { type: "string", enum: accepts.map((value: string) => enumValue(value)) };
      return { $ref: `#/types/${tok}` };
    }
    switch (f.kind) {
      case "text":
      case "string":
      case "id":
        return { type: "string" };
      case "strings":
        return { type: "array", items: { type: "string" } };
      case "flag":
        return { type: "boolean" };
      case "object":
        return { $ref: `#/types/${itemType(f.fields ?? [], pascal(singular(prop)), inner)}` };
      case "list": {
        const key = f.keyedBy;
        const fields = (f.fields ?? []).filter((g) => key === undefined || g.wire !== key);
        const item = { $ref: `#/types/${itemType(fields, pascal(singular(prop)), inner)}` };
        return key === undefined
          ? { type: "array", items: item }
          : { type: "object", additionalProperties: item };
      }
    }
  };

  /** A join side written as an object: its identifier, and the alias it otherwise defaults to. */
  const joinSource = (fields: readonly Field[], owner: string, docs: Map<string, Docs>) => {
    const tok = itemType(fields, `${owner}Source`, docs);
    // The form fills in every field but the first (the alias defaults to the table's name).
    const type = types[tok] as ObjectType;
    const first = fields[0] === undefined ? undefined : specName(fields[0]);
    if (first !== undefined) type.required = [first];
    return tok;
  };

  const collectionProperty = (c: CollectionDescription, name: string, docs?: Docs) => {
    const fields = c.fields;
    if (c.single !== undefined) return { type: "string" } satisfies PropertySpec;
    const item = {
      $ref: `#/types/${itemType(fields, pascal(singular(name)), docs?.fields ?? new Map())}`,
    };
    return {
      type: "array",
      items: c.shorthand === undefined ? item : { oneOf: [{ type: "string" }, item] },
    } satisfies PropertySpec;
  };

  const collectionDocs = (member: Member | undefined): Docs => {
    const literal = member?.type;
    const fieldsType =
      literal !== undefined && t.isTypeLiteralNode(literal)
        ? membersOf(literal, "fields")
        : undefined;
    return { doc: member?.doc, fields: fieldDocs(literalMembers(fieldsType)) };
  };

  const root: ObjectType = { type: "object", properties: {} };
  const rootDoc = typeDoc("GenieSpaceSpec");
  if (rootDoc !== undefined) root.description = rootDoc;
  types[SPEC] = root;
  for (const [name, node] of Object.entries(COLLECTION_TREE)) {
    const member = treeMembers.get(name);
    if (isCollection(node)) {
      const docs = collectionDocs(member);
      root.properties[name] = withDoc(collectionProperty(node, name, docs), docs);
      continue;
    }
    // A group (snippets): an object of its collections, items named after the group.
    const groupTok = token(`${pascal(name)}Spec`);
    const group: ObjectType = { type: "object", properties: {} };
    if (member?.doc !== undefined) group.description = member.doc;
    types[groupTok] = group;
    const literal = member?.type;
    const subs = new Map(
      (literal !== undefined && t.isTypeLiteralNode(literal) ? literalMembers(literal) : []).map(
        (m) => [m.name, m],
      ),
    );
    for (const [sub, c] of Object.entries(node)) {
      const docs = collectionDocs(subs.get(sub));
      group.properties[sub] = withDoc(collectionProperty(c, name, docs), docs);
    }
    root.properties[name] = withDoc(
      { $ref: `#/types/${groupTok}` },
      { doc: member?.doc, fields: new Map() },
    );
  }
  return types;
}

function isCollection(node: unknown): node is Collection {
  return typeof node === "object" && node !== null && Array.isArray((node as Collection).path);
}

function withDoc(p: PropertySpec, docs: Docs | undefined): PropertySpec {
  return docs?.doc === undefined ? p : { ...p, description: docs.doc };
}
