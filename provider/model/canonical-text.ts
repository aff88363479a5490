import { type Field, ID_COLLECTIONS, TABLE_COLLECTIONS } from "./fields";
import { RELATIONSHIP_LINE, relationshipLine } from "./joins";
import { isObject } from "./json";

/**
 * The canonical form of a document as text, in one pass: the same string as
 * `stableStringify(canonicalOf(document))` (canonical.ts says what the form means), built without
 * cloning, pruning and re-serializing the document, nor serializing each item of a sorted list
 * twice. Its hash is the state's `appliedHash`, so the output must stay byte-identical:
 * test/model/canonical-equivalence.test.ts compares it with a frozen copy of the three-pass
 * implementation on the public fixtures and on random documents.
 *
 * The walk is driven by a tree built once from the field table: where text is joined, where ids
 * are dropped, which lists are sets (sorted by their items' canonical text).
 */

interface ObjectShape {
  kind: "object";
  /** Text fields: wire pieces joined into one, dropped when empty. */
  text: ReadonlySet<string>;
  children: ReadonlyMap<string, Shape>;
  /** Items of a collection with ids: the server assigns its own, so ids carry no meaning. */
  dropId: boolean;
  /** A join spec: its relationship line is written one way. */
  join: boolean;
}

interface ListShape {
  kind: "list";
  item: ObjectShape;
  /**
   * `set`: sorted by the items' canonical text. `columns`: the columns of a table, sorted in the
   * output, but in their given order in the text the table itself is sorted by (the three-pass
   * implementation sorted the tables before their columns; byte-identical output keeps that:
   * see tableTexts).
   */
  order: "kept" | "set" | "columns";
}

type Shape = ObjectShape | ListShape;

const EMPTY_OBJECT: ObjectShape = {
  kind: "object",
  text: new Set(),
  children: new Map(),
  dropId: false,
  join: false,
};

function objectShape(fields: readonly Field[], extra: Partial<ObjectShape> = {}): ObjectShape {
  const text = new Set<string>();
  const children = new Map<string, Shape>();
  for (const f of fields) {
    if (f.wire === undefined) continue;
    if (f.kind === "text") text.add(f.wire);
    else if (f.kind === "list")
      children.set(f.wire, { kind: "list", item: objectShape(f.fields ?? []), order: "kept" });
    else if (f.kind === "object") children.set(f.wire, objectShape(f.fields ?? []));
  }
  return { ...EMPTY_OBJECT, text, children, ...extra };
}

/** Adds `shape` at `path` below `root`, making the objects on the way. */
function place(root: Map<string, Shape>, path: readonly string[], shape: Shape): void {
  let children = root;
  for (const seg of path.slice(0, -1)) {
    let next = children.get(seg);
    if (next === undefined || next.kind !== "object") {
      next = { ...EMPTY_OBJECT, children: new Map() };
      children.set(seg, next);
    }
    children = next.children as Map<string, Shape>;
  }
  children.set(path[path.length - 1] ?? "", shape);
}

const DOCUMENT: ObjectShape = (() => {
  const root = new Map<string, Shape>();
  for (const c of TABLE_COLLECTIONS) {
    const item = objectShape(c.fields);
    const columns = item.children.get("column_configs");
    const columnItem = columns?.kind === "list" ? columns.item : EMPTY_OBJECT;
    (item.children as Map<string, Shape>).set("column_configs", {
      kind: "list",
      item: columnItem,
      order: "columns",
    });
    place(root, c.path, { kind: "list", item, order: "set" });
  }
  for (const c of ID_COLLECTIONS) {
    const item = objectShape(c.fields, { dropId: true, join: c.label === "join_spec" });
    place(root, c.path, { kind: "list", item, order: "set" });
  }
  return { ...EMPTY_OBJECT, children: root };
})();

/** `stableStringify(canonicalOf(document))`, in one pass. */
export function canonicalText(document: object): string {
  return objectText(document as Record<string, unknown>, DOCUMENT) ?? "{}";
}

/** Text pieces joined as canonical.ts's joinText does; `undefined` drops the field. */
function joinedText(v: unknown): unknown {
  if (!Array.isArray(v)) return v;
  let text = "";
  for (const s of v) {
    if (typeof s !== "string") return v;
    text += s;
  }
  return text === "" ? undefined : [text];
}

function relationship(sql: unknown): unknown {
  if (!Array.isArray(sql) || typeof sql[0] !== "string") return sql;
  const first: string = sql[0];
  const m = RELATIONSHIP_LINE.exec(first);
  if (m === null) return sql;
  return [`${first.slice(0, m.index)}\n${relationshipLine(m[1] ?? "")}`];
}

/** The pruned canonical text of an object, or undefined when it is all defaults. */
function objectText(
  obj: Record<string, unknown>,
  shape: ObjectShape | undefined,
): string | undefined {
  let out = "";
  for (const key of Object.keys(obj).sort()) {
    const s = fieldText(obj, key, shape);
    if (s !== undefined) out += (out === "" ? "{" : ",") + JSON.stringify(key) + ":" + s;
  }
  return out === "" ? undefined : out + "}";
}

function fieldText(
  obj: Record<string, unknown>,
  key: string,
  shape: ObjectShape | undefined,
): string | undefined {
  let v = obj[key];
  if (shape === undefined) return valueText(v, undefined);
  if (shape.dropId && key === "id") return undefined;
  if (shape.text.has(key)) {
    v = joinedText(v);
    // The common case, text joined into one piece, written at once.
    if (
      !(shape.join && key === "sql") &&
      Array.isArray(v) &&
      v.length === 1 &&
      typeof v[0] === "string"
    )
      return `[${JSON.stringify(v[0])}]`;
  }
  if (shape.join && key === "sql") v = relationship(v);
  return valueText(v, shape.children.get(key));
}

/**
 * A table's text as written (columns sorted) and the text it is sorted by among the tables
 * (columns as given), from one serialization of each of its fields.
 */
function tableTexts(obj: Record<string, unknown>, shape: ObjectShape): [string, string] {
  let out = "";
  let key = "";
  for (const k of Object.keys(obj).sort()) {
    const v = obj[k];
    let sorted: string | undefined;
    let given: string | undefined;
    if (k === "column_configs" && Array.isArray(v) && v.length > 0) {
      const columns = shape.children.get(k);
      const item = columns?.kind === "list" ? columns.item : undefined;
      const texts = v.map((c) => (isObject(c) ? (objectText(c, item) ?? "{}") : plain(c)));
      given = `[${texts.join(",")}]`;
      // The default order compares UTF-16 code units, as `<` does, without calling back.
      sorted = `[${texts.sort().join(",")}]`;
    } else {
      sorted = given = fieldText(obj, k, shape);
    }
    if (sorted === undefined || given === undefined) continue;
    const name = JSON.stringify(k);
    out += (out === "" ? "{" : ",") + name + ":" + sorted;
    key += (key === "" ? "{" : ",") + name + ":" + given;
  }
  return out === "" ? ["{}", "{}"] : [key + "}", out + "}"];
}

/** The pruned canonical text of any value (prune: null, false, "" and empty lists are defaults). */
function valueText(value: unknown, shape: Shape | undefined): string | undefined {
  if (value === null || value === undefined || value === false || value === "") return undefined;
  if (Array.isArray(value)) {
    if (value.length === 0) return undefined;
    return listText(value, shape?.kind === "list" ? shape : undefined);
  }
  if (typeof value === "object")
    return objectText(
      value as Record<string, unknown>,
      shape?.kind === "object" ? shape : undefined,
    );
  if (typeof value === "string" || typeof value === "number" || typeof value === "boolean")
    return JSON.stringify(value);
  return undefined;
}

const compare = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

function listText(items: unknown[], shape: ListShape | undefined): string {
  const item = shape?.item;
  if (shape?.order === "set" && item?.children.get("column_configs")?.kind === "list") {
    const pairs = items.map((v) => (isObject(v) ? tableTexts(v, item) : [plain(v), plain(v)]));
    pairs.sort((a, b) => compare(a[0] as string, b[0] as string));
    return `[${pairs.map((p) => p[1]).join(",")}]`;
  }
  const texts = items.map((v) => (isObject(v) ? (objectText(v, item) ?? "{}") : plain(v)));
  if (shape !== undefined && shape.order !== "kept") texts.sort();
  return `[${texts.join(",")}]`;
}

/** What canonical.ts's stableStringify gives for a list item that is no object (kept unpruned). */
function plain(value: unknown): string {
  if (typeof value === "string") return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(plain).join(",")}]`;
  if (isObject(value)) {
    return `{${Object.keys(value)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${plain(value[k])}`)
      .join(",")}}`;
  }
  return JSON.stringify(value) ?? "null";
}
