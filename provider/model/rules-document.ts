import { camelCase, SECTIONS, V1_TO_V2_COLUMN_FLAGS } from "./fields";
import { isValidId } from "./ids";
import { formatPath } from "./problems";
import type { Reporter } from "./report";
import {
  columnsOf,
  compareKeys,
  ID_COLLECTIONS,
  type JsonObject,
  listAt,
  serverSortKey,
  TABLE_COLLECTIONS,
} from "./structure";

/**
 * Rules on a document as it is to be sent: what the server would answer about its top-level
 * fields, ids, order and column flags. A friendly spec never breaks these (the model writes ids,
 * order and flags itself), so they run on documents only.
 */
export function documentRules(doc: JsonObject, r: Reporter): void {
  topLevel(doc, r);
  ids(doc, r);
  sorting(doc, r);
  columnFlags(doc, r);
}

const KNOWN_TOP_LEVEL = new Set<string>(["version", ...SECTIONS]);
// Fields people put in the document that belong to the space itself; the server answers
// "Cannot find field: description in message GenieSpaceExport" (docs/api-behaviour.md, "Errors").
const SPACE_FIELDS = new Set(["title", "description", "warehouse_id", "parent_path", "space_id"]);

const SORT_FIX =
  "sort the list as the message says, or build the document with toSerializedSpace, which sorts it";

function topLevel(doc: JsonObject, r: Reporter): void {
  for (const key of Object.keys(doc)) {
    if (KNOWN_TOP_LEVEL.has(key)) continue;
    if (SPACE_FIELDS.has(key)) {
      r.error(
        { path: [key] },
        "unknown-field",
        `Cannot find field: ${key} in message GenieSpaceExport`,
        `set ${key} as an argument of the space (e.g. GenieSpace's ${camelCase(key)}), not inside serialized_space`,
      );
    } else {
      r.warn(
        { path: [key] },
        "unknown-field",
        `field '${key}' is not known to this version of pulumi-databricks-genie; it is kept as is`,
        "check the spelling: the server rejects fields it does not know",
      );
    }
  }
}

function ids(doc: JsonObject, r: Reporter): void {
  const seen = new Map<string, string>();
  for (const c of ID_COLLECTIONS) {
    listAt(doc, c.path).forEach((item, i) => {
      const path = [...c.path, i, "id"];
      const id = item["id"];
      if (id === undefined) {
        r.error(
          { path },
          "id-required",
          `${c.label}.id is required`,
          "add a lowercase 32-hex id, or build the document with toSerializedSpace",
        );
      } else if (!isValidId(id)) {
        r.error(
          { path },
          "id-format",
          `Invalid id for ${c.label}.id: '${String(id)}'. Expected lowercase 32-hex UUID`,
          "use 32 lowercase hex digits without dashes, or leave ids to toSerializedSpace",
        );
      } else if (seen.has(id)) {
        r.error(
          { path },
          "id-unique",
          `id '${id}' is also used at ${seen.get(id)}`,
          "give every item of the space its own id",
        );
      } else {
        seen.set(id, formatPath(path));
      }
    });
  }
}

/** The server's words: `data_sources.table(X).column_configs must be sorted by column_name`. */
function sorting(doc: JsonObject, r: Reporter): void {
  const unsorted = (keys: string[][]) =>
    keys.some((k, i) => i > 0 && compareKeys(keys[i - 1] ?? [], k) > 0);
  const by = (fields: readonly string[]) =>
    fields.length === 1 ? fields.join("") : `(${fields.join(", ")})`;
  for (const c of [...TABLE_COLLECTIONS, ...ID_COLLECTIONS]) {
    const items = listAt(doc, c.path);
    if (unsorted(items.map((item) => serverSortKey(c, item))))
      r.error(
        { path: [...c.path] },
        "sorted",
        `${c.path.join(".")} must be sorted by ${by(c.sortBy)}`,
        SORT_FIX,
      );
    for (const f of c.fields) {
      if (f.kind !== "list" || f.wire === undefined || f.sortBy === undefined) continue;
      const [sub, sortBy] = [f.wire, f.sortBy];
      items.forEach((item, i) => {
        if (!unsorted(listAt(item, [sub]).map((x) => serverSortKey({ sortBy }, x)))) return;
        const [section, list] = c.path;
        r.error(
          { path: [...c.path, i, sub] },
          "sorted",
          `${section}.${String(list).replace(/s$/, "")}(${String(item["identifier"])}).${sub} must be sorted by ${by(sortBy)}`,
          SORT_FIX,
        );
      });
    }
  }
}

/** A v2 document carrying v1 flag names is rejected, and the other way round. */
function columnFlags(doc: JsonObject, r: Reporter): void {
  const version = doc["version"];
  for (const { column, path } of columnsOf(doc)) {
    for (const [v1, v2] of Object.entries(V1_TO_V2_COLUMN_FLAGS)) {
      const [wrong, right] = version === 2 ? [v1, v2] : [v2, v1];
      if (wrong in column) {
        r.error(
          { path: [...path, wrong] },
          "column-flag-version",
          `'${wrong}' is a version ${version === 2 ? 1 : 2} column flag in a version ${String(version)} document`,
          `rename it to '${right}'`,
        );
      }
    }
  }
}
