import type { Databricks, GenieSpaceInfo } from "../provider/client";
import { toSerializedSpace } from "../provider/model";
import { isObject, type JsonObject } from "../provider/model/json";

export interface LiveSpace {
  info: GenieSpaceInfo;
  /** The document as the server stores it, version 2 (a v1 document is upgraded by the model). */
  document: JsonObject;
}

/** One space with its document (needs CAN EDIT: docs/api-behaviour.md, "Endpoints"). */
export async function readLive(dbx: Databricks, spaceId: string): Promise<LiveSpace> {
  const info = await dbx.genie.get(spaceId, { includeSerializedSpace: true });
  return { info, document: documentOf(info) };
}

export function documentOf(info: GenieSpaceInfo): JsonObject {
  const text = info.serialized_space;
  if (text === undefined)
    throw new Error(
      `space ${info.space_id} came back without its document: reading it needs CAN EDIT on the space`,
    );
  const parsed: unknown = JSON.parse(text);
  if (isObject(parsed) && parsed["version"] === 2) return parsed;
  // The server stores v2 (docs/api-behaviour.md, "The document"); anything else goes through the model.
  return toSerializedSpace(text).document as unknown as JsonObject;
}

/** JSON with every object's keys sorted, 2-space indent and a trailing newline: stable in git. */
export function stableJson(value: unknown): string {
  return JSON.stringify(sortKeys(value), null, 2) + "\n";
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (isObject(value)) {
    const out: JsonObject = {};
    for (const k of Object.keys(value).sort()) out[k] = sortKeys(value[k]);
    return out;
  }
  return value;
}

/** The folder as the server reports it, or the empty string. */
export function folderOf(info: GenieSpaceInfo): string {
  return info.parent_path ?? "";
}
