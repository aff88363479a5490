import { normalizeFolder } from "../client/folders";
import { fieldsToSend } from "./fields-to-send";
import { changed } from "./genie-space-diff";
import { containsUnknown, type SpaceInputs, UNKNOWN } from "./inputs";
import { usableSpaceState } from "./space-state";

/*
 * What create and update of a GenieSpace will answer, as far as it is known without a request, for
 * a host that previews them (the provider plugin; Pulumi's dynamic-provider host previews no
 * update). An update keeps the space's id and URL, so whatever takes them (the permissions, a
 * stack output) previews no change it will not make; what the write itself decides is unknown
 * (UNKNOWN, Pulumi's placeholder). Pure functions: no HTTP, no client.
 */

/** The outputs of a create, before it: the declared values, and unknowns for what the server assigns. */
export function previewCreate(inputs: SpaceInputs): Record<string, unknown> {
  const folder = normalizeFolder(inputs.parentPath);
  return {
    ...inputs,
    description: inputs.description ?? "",
    // The default folder is the deployer's home, which only the server knows.
    parentPath: folder ?? UNKNOWN,
    spaceId:
      inputs.adoptSpaceId !== undefined && inputs.adoptSpaceId !== ""
        ? inputs.adoptSpaceId
        : UNKNOWN,
    etag: UNKNOWN,
    url: UNKNOWN,
    serializedSpace: UNKNOWN,
    drift: [],
  };
}

/**
 * The outputs of an update, before it (update's own `fieldsToSend` says what it will write): the
 * state, with the new inputs, the same id and URL, and the document and its etag unknown only
 * when the document will be written.
 */
export function previewUpdate(
  id: string,
  raw: unknown,
  news: SpaceInputs,
): Record<string, unknown> {
  const olds = usableSpaceState(raw, id);
  const send = fieldsToSend(olds, news, changed(olds, news));
  // A document with values other resources will produce may change once they are known.
  const writesDocument =
    send.has("serializedSpace") ||
    containsUnknown([news.space, news.serializedSpace, news.variables]);
  return {
    ...olds,
    ...news,
    title: news.title,
    description: news.description ?? "",
    warehouseId: news.warehouseId,
    parentPath: send.has("parentPath")
      ? (normalizeFolder(news.parentPath) ?? olds.parentPath)
      : olds.parentPath,
    spaceId: olds.spaceId,
    url: olds.url,
    etag: writesDocument ? UNKNOWN : olds.etag,
    serializedSpace: writesDocument ? UNKNOWN : olds.serializedSpace,
    drift: [],
    driftRecord: [],
  };
}
