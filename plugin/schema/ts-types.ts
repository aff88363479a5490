import type * as TS from "typescript";
import { type Declarations, docOf, type Member, membersOf, reference, ts } from "./declarations";
import { enumValue, type ObjectType, type PropertySpec, type SchemaTypes, token } from "./types";

/**
 * The schema of a TypeScript type, as the package's declarations write the resources' arguments:
 * `Input<string>` is a string, `Input<Input<GenieGrant>[]>` a list of the `GenieGrant` object
 * type, a union of string literals an enum, an anonymous object a type named after where it
 * stands. What another language cannot be handed (a `databricks.SqlTable` resource, an object
 * built on another package's types) is left out: `undefined`, and an optional property that
 * needs it is dropped (a required one drops its whole object).
 */
const ANY: PropertySpec = { $ref: "pulumi.json#/Any" };
const WRAPPERS = new Set(["Input", "In", "Output"]);

const pascal = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

export class DeclaredTypes {
  constructor(
    readonly types: SchemaTypes,
    private readonly sources: readonly Declarations[],
    /** Named types the schema gives from elsewhere (the spec from the field table, the levels). */
    private readonly links: ReadonlyMap<string, PropertySpec>,
  ) {}

  /** A property's schema, or undefined when it cannot be offered; `context` names new types. */
  map(type: TS.TypeNode | undefined, context: string): PropertySpec | undefined {
    const t = ts();
    if (type === undefined) return undefined;
    switch (type.kind) {
      case t.SyntaxKind.StringKeyword:
        return { type: "string" };
      case t.SyntaxKind.BooleanKeyword:
        return { type: "boolean" };
      case t.SyntaxKind.NumberKeyword:
        return { type: "number" };
      case t.SyntaxKind.UnknownKeyword:
      case t.SyntaxKind.AnyKeyword:
        return ANY;
    }
    if (t.isParenthesizedTypeNode(type)) return this.map(type.type, context);
    if (t.isArrayTypeNode(type)) {
      const items = this.map(type.elementType, context);
      return items === undefined ? undefined : { type: "array", items };
    }
    if (t.isTypeLiteralNode(type)) return this.object(membersOf(type), context);
    if (t.isUnionTypeNode(type)) return this.union(type.types, context);
    const ref = reference(type);
    if (ref === undefined) return undefined;
    if (WRAPPERS.has(ref.name) && ref.args.length === 1) return this.map(ref.args[0], context);
    const link = this.links.get(ref.name);
    if (link !== undefined) return link;
    if (ref.name === "Record" && ref.args.length === 2) {
      const value = this.map(ref.args[1], context);
      return value === undefined || value === ANY
        ? ANY
        : { type: "object", additionalProperties: value };
    }
    if (ref.name === "Omit" && ref.args.length === 2) return this.omit(ref.args, context);
    // Another package's types (databricks.SqlTable) cannot be declared for other languages.
    if (ref.qualifier !== undefined) return undefined;
    return this.named(ref.name);
  }

  /** The object type of `members`, registered as `name`; undefined if a required member cannot be. */
  object(members: Member[], name: string, description?: string): PropertySpec | undefined {
    const tok = token(name);
    if (this.types[tok] === undefined) {
      const type: ObjectType = { type: "object", properties: {} };
      if (description !== undefined) type.description = description;
      this.types[tok] = type;
      const required: string[] = [];
      for (const m of members) {
        const p = this.map(m.type, `${name}${pascal(m.name)}`);
        if (p === undefined) {
          if (m.optional) continue;
          delete this.types[tok];
          return undefined;
        }
        type.properties[m.name] = m.doc === undefined ? p : { ...p, description: m.doc };
        if (!m.optional) required.push(m.name);
      }
      if (required.length > 0) type.required = required;
    }
    return { $ref: `#/types/${tok}` };
  }

  /** The properties of an interface or class of the declarations, by name. */
  membersOfNamed(name: string): Member[] | undefined {
    for (const d of this.sources) {
      const node = d.interfaces.get(name) ?? d.classes.get(name);
      if (node !== undefined) return membersOf(node);
    }
    return undefined;
  }

  private named(name: string): PropertySpec | undefined {
    for (const d of this.sources) {
      const iface = d.interfaces.get(name);
      // An interface built on another type (NewTable on databricks.SqlTableArgs) is left out.
      if (iface !== undefined)
        return iface.heritageClauses === undefined
          ? this.object(membersOf(iface), name, docOf(iface))
          : undefined;
      const alias = d.aliases.get(name);
      if (alias !== undefined) return this.map(alias.type, name);
    }
    return undefined;
  }

  private union(members: readonly TS.TypeNode[], context: string): PropertySpec | undefined {
    const t = ts();
    const present = members.filter(
      (m) => m.kind !== t.SyntaxKind.UndefinedKeyword && m.kind !== t.SyntaxKind.NullKeyword,
    );
    const literals = present.map((m) =>
      t.isLiteralTypeNode(m) && t.isStringLiteral(m.literal) ? m.literal.text : undefined,
    );
    if (literals.every((l) => l !== undefined)) return this.enumOf(literals as string[], context);
    const mapped = present.flatMap((m, i) => {
      const p = this.map(m, `${context}${i}`);
      return p === undefined ? [] : [{ node: m, spec: p }];
    });
    if (mapped.length === 0) return undefined;
    if (mapped.length === 1) return mapped[0]?.spec;
    if (mapped.some((m) => m.spec === ANY)) return ANY;
    // Alternative objects (`{ id } | { create }`): one object whose members are all optional.
    if (mapped.every((m) => t.isTypeLiteralNode(m.node))) {
      for (const m of mapped) delete this.types[token(`${context}${mapped.indexOf(m)}`)];
      const all = mapped.flatMap((m) => membersOf(m.node as TS.TypeLiteralNode));
      return this.object(
        all.map((m) => ({ ...m, optional: true })),
        context,
      );
    }
    return { oneOf: mapped.map((m) => m.spec) };
  }

  /** An enum of string values; one with the same values is reused. */
  enumOf(values: readonly string[], name: string, description?: string): PropertySpec {
    const same = Object.entries(this.types).find(
      ([, v]) =>
        "enum" in v && JSON.stringify(v.enum.map((e) => e.value)) === JSON.stringify(values),
    );
    const tok = same?.[0] ?? token(name);
    if (same === undefined)
      this.types[tok] = {
        type: "string",
        ...(description === undefined ? {} : { description }),
        enum: values.map(enumValue),
      };
    return { $ref: `#/types/${tok}` };
  }

  private omit(args: readonly TS.TypeNode[], context: string): PropertySpec | undefined {
    const t = ts();
    const [base, keys] = args;
    const ref = base === undefined ? undefined : reference(base);
    const omitted = new Set(
      keys === undefined
        ? []
        : (t.isUnionTypeNode(keys) ? keys.types : [keys]).flatMap((k) =>
            t.isLiteralTypeNode(k) && t.isStringLiteral(k.literal) ? [k.literal.text] : [],
          ),
    );
    const link = ref === undefined ? undefined : this.links.get(ref.name);
    // The spec without some of its collections (the component's `space` has no `tables`).
    if (link?.$ref !== undefined) {
      const source = this.types[link.$ref.replace("#/types/", "")];
      if (source === undefined || !("properties" in source)) return undefined;
      const name = `${link.$ref.split(":").pop()}Without${[...omitted].map(pascal).join("")}`;
      const tok = token(name);
      this.types[tok] = {
        ...source,
        properties: Object.fromEntries(
          Object.entries(source.properties).filter(([k]) => !omitted.has(k)),
        ),
      };
      return { $ref: `#/types/${tok}` };
    }
    const members = ref === undefined ? undefined : this.membersOfNamed(ref.name);
    return members === undefined
      ? undefined
      : this.object(
          members.filter((m) => !omitted.has(m.name)),
          context,
        );
  }
}
