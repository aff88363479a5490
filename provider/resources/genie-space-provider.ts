import type * as pulumi from "@pulumi/pulumi";
import {
  type GenieSpaceInfo,
  InvalidParameterError,
  normalizeFolder,
  NotFoundError,
  type UpdateSpaceRequest,
} from "../client";
import { serializeSpace } from "../model/serialize";
import { api } from "./context";
import { check } from "./genie-space-check";
import { driftSummary, fieldsToSend, findDrift, refreshedInputs } from "./drift";
import {
  CANONICAL_VERSION,
  canonicalHash,
  declaredDocument,
  type SpaceInputs,
  type SpaceState,
} from "./inputs";
import { parseSpaceState, usableSpaceState } from "./space-state";
import { changed, diff, diffGenieSpace } from "./genie-space-diff";
import { refusalOf } from "./refusals";
import { goneOnUpdate, orphaned, sameDocument as sameStoredDocument } from "./trash";

/**
 * GenieSpace's provider, run inside Pulumi's dynamic-provider host. Converges by meaning, because the
 * server rewrites what it stores (docs/api-behaviour.md, "The document"): a local change is "the canonical
 * form of the declared document differs from the one last applied"; a remote change is "the etag
 * moved", and refresh names what moved by comparing canonical forms.
 */

export { changed, diffGenieSpace };

const isMissingFolder = (e: unknown) =>
  e instanceof NotFoundError ||
  (e instanceof InvalidParameterError && /Tree node with path/.test(e.apiMessage));

/** Runs a write; if the folder is missing, makes it and tries once more (as bundles do). */
async function inFolder<T>(parentPath: string | undefined, write: () => Promise<T>): Promise<T> {
  try {
    return await write();
  } catch (e) {
    if (parentPath === undefined || !isMissingFolder(e)) throw e;
    await api().workspace.mkdirs(parentPath);
    return write();
  }
}

/** What the space showed before a write: a GET that lags the write may still show it. */
type Before = SpaceState["writtenOver"];

/** The state after a write (or a take-over by `pulumi import`), from the space read back. */
export function state(
  inputs: SpaceInputs,
  live: GenieSpaceInfo,
  documentHash: string,
  before?: Before,
): SpaceState {
  const parentPath = live.parent_path ?? normalizeFolder(inputs.parentPath) ?? "";
  const description = inputs.description ?? "";
  return {
    ...inputs,
    // Right after a write, GET may still show the old title, description and warehouse
    // (docs/api-behaviour.md, "Reads after a write"): the values just written are the truth.
    title: inputs.title,
    description,
    warehouseId: inputs.warehouseId,
    parentPath,
    spaceId: live.space_id,
    etag: live.etag ?? "",
    url: `${api().client.host}/genie/rooms/${live.space_id}`,
    serializedSpace: live.serialized_space ?? "",
    appliedHash: documentHash,
    canonicalVersion: CANONICAL_VERSION,
    applied: { title: inputs.title, description, warehouseId: inputs.warehouseId, parentPath },
    drift: [],
    driftRecord: [],
    declared: declaredInputs(inputs),
    ...(live.update_time !== undefined ? { writtenAt: live.update_time } : {}),
    ...(before !== undefined ? { writtenOver: before } : {}),
  };
}

/** The program's inputs exactly as given, for refresh to hand back (see SpaceState.declared). */
function declaredInputs(inputs: SpaceInputs): SpaceInputs {
  const out: SpaceInputs = { title: inputs.title, warehouseId: inputs.warehouseId };
  for (const k of [
    "description",
    "parentPath",
    "space",
    "serializedSpace",
    "variables",
    "adoptSpaceId",
  ] as const)
    if (inputs[k] !== undefined) (out as unknown as Record<string, unknown>)[k] = inputs[k];
  return out;
}

function document(inputs: SpaceInputs, previous?: string) {
  const declared = declaredDocument(inputs, previous);
  if (declared.document === undefined) {
    throw new Error(
      `the Genie space document is not valid:\n${declared.problems.map((p) => `  ${declared.property}.${p.path}: ${p.message} (fix: ${p.fix})`).join("\n")}`,
    );
  }
  return declared.document;
}

async function create(inputs: SpaceInputs): Promise<pulumi.dynamic.CreateResult> {
  const dbx = api();
  if (inputs.adoptSpaceId !== undefined && inputs.adoptSpaceId !== "")
    return adopt(inputs, inputs.adoptSpaceId);
  const doc = document(inputs);
  const made = await inFolder(inputs.parentPath, () =>
    dbx.genie.create(
      {
        warehouse_id: inputs.warehouseId,
        serialized_space: serializeSpace(doc),
        title: inputs.title,
        description: inputs.description,
        parent_path: inputs.parentPath,
      },
      { sameDocument: sameStoredDocument },
    ),
  ).catch(async (e: unknown) => {
    throw await refusalOf(dbx, e, inputs, { warehouse: true, document: true });
  });
  try {
    // The create answer's etag may already be stale (the v1 migration bumps it after answering).
    const live = await dbx.genie.get(made.space_id, { includeSerializedSpace: true });
    return { id: made.space_id, outs: state(inputs, live, canonicalHash(doc)) };
  } catch (e) {
    // Keep create transactional: a space Pulumi does not record would be left behind unmanaged.
    // If it cannot be trashed either, the error names it so it can be adopted or removed.
    try {
      await dbx.genie.trashIfPresent(made.space_id);
    } catch (trashError) {
      throw orphaned(made.space_id, e, trashError);
    }
    throw e;
  }
}

/** Takes over an existing space: it is brought to the declared state and managed from then on. */
async function adopt(inputs: SpaceInputs, spaceId: string): Promise<pulumi.dynamic.CreateResult> {
  const dbx = api();
  let current: GenieSpaceInfo;
  try {
    current = await dbx.genie.get(spaceId, { includeSerializedSpace: true });
  } catch (e) {
    if (e instanceof NotFoundError)
      throw new Error(
        `cannot adopt genie space ${spaceId}: it does not exist (or was trashed); check adoptSpaceId`,
      );
    throw e;
  }
  const doc = document(inputs, current.serialized_space);
  const req: UpdateSpaceRequest = {
    serialized_space: serializeSpace(doc),
    warehouse_id: inputs.warehouseId,
    description: inputs.description ?? "",
  };
  if (current.title !== inputs.title) req.title = inputs.title;
  const folder = normalizeFolder(inputs.parentPath);
  if (folder !== undefined && folder !== current.parent_path) req.parent_path = inputs.parentPath;
  try {
    await inFolder(req.parent_path, () => dbx.genie.update(spaceId, req));
  } catch (e) {
    // GET still shows a space for a while after it is trashed; the write says it at once.
    if (e instanceof NotFoundError && req.parent_path === undefined)
      throw new Error(
        `cannot adopt genie space ${spaceId}: it has been trashed (${e.apiMessage}); check adoptSpaceId`,
      );
    throw await refusalOf(dbx, e, inputs, { warehouse: true, document: true });
  }
  const live = await dbx.genie.get(spaceId, { includeSerializedSpace: true });
  const before = {
    title: current.title,
    description: current.description,
    warehouseId: current.warehouse_id,
  };
  return { id: spaceId, outs: state(inputs, live, canonicalHash(doc), before) };
}

/**
 * The live title, description, warehouse and folder are those the state records, or, for a GET
 * that lags our last write (same update_time), still those from before it: a GET right after a
 * PATCH may show the old title, description and warehouse for a short while
 * (docs/api-behaviour.md, "Reads after a write").
 */
function sameMetadata(props: SpaceState, live: GenieSpaceInfo): boolean {
  const lagging = live.update_time !== undefined && live.update_time === props.writtenAt;
  const before = lagging ? props.writtenOver : undefined;
  const same = (recorded: string, old: string | undefined, now: string | undefined) =>
    now === undefined || now === recorded || (old !== undefined && now === old);
  const folder = normalizeFolder(props.parentPath) ?? "";
  return (
    same(props.title, before?.title, live.title) &&
    same(props.description ?? "", before?.description, live.description) &&
    same(props.warehouseId, before?.warehouseId, live.warehouse_id) &&
    same(folder, undefined, live.parent_path ?? folder)
  );
}

async function read(id: string, raw: unknown): Promise<pulumi.dynamic.ReadResult> {
  let live: GenieSpaceInfo;
  try {
    live = await api().genie.get(id, { includeSerializedSpace: true });
  } catch (e) {
    // Gone or trashed: an empty result drops it from the state; the next up creates it again.
    if (e instanceof NotFoundError) return {};
    throw e;
  }
  // A state that cannot be used is rebuilt here, from the live space: refresh is the way out
  // that diff and update name.
  const { state: props, problems } = parseSpaceState(raw, {
    spaceId: id,
    url: `${api().client.host}/genie/rooms/${id}`,
    title: live.title ?? "",
    description: live.description ?? "",
    warehouseId: live.warehouse_id ?? "",
    parentPath: live.parent_path ?? "",
    serializedSpace: live.serialized_space ?? "",
  });
  // Nothing moved since our last write or refresh: keep the state, and the engine keeps the
  // inputs it has (the program's, or those of the refresh that found the drift). The etag says
  // whether the document moved; it stays on a PATCH of title, description, warehouse or folder
  // alone (docs/api-behaviour.md, "Etags"), so those are compared too, unless the GET is our
  // own write seen late (see sameMetadata).
  const sameDocument = live.etag !== undefined && live.etag === props.etag;
  if (problems.length === 0 && sameDocument && sameMetadata(props, live))
    return { id, props: raw as SpaceState };

  const changes = findDrift(props, live);
  const next: SpaceState = {
    ...props,
    title: live.title ?? props.title,
    description: live.description ?? props.description,
    warehouseId: live.warehouse_id ?? props.warehouseId,
    parentPath: live.parent_path ?? props.parentPath,
    etag: live.etag ?? "",
    serializedSpace: live.serialized_space ?? props.serializedSpace,
    drift: driftSummary(changes),
    driftRecord: changes,
    driftBaseline: changes.length > 0 ? (props.driftBaseline ?? props.serializedSpace) : undefined,
  };
  if (next.driftBaseline === undefined) delete next.driftBaseline;
  return { id, props: next, inputs: refreshedInputs(props, live, changes) };
}

async function update(
  id: string,
  raw: unknown,
  news: SpaceInputs,
): Promise<pulumi.dynamic.UpdateResult> {
  const dbx = api();
  const olds = usableSpaceState(raw, id);
  const doc = document(news, olds.serializedSpace);
  const send = fieldsToSend(olds, news, changed(olds, news));
  const req: UpdateSpaceRequest = {};
  if (send.has("title")) req.title = news.title;
  if (send.has("description")) req.description = news.description ?? "";
  if (send.has("warehouseId")) req.warehouse_id = news.warehouseId;
  if (send.has("parentPath")) req.parent_path = news.parentPath;
  if (send.has("serializedSpace")) req.serialized_space = serializeSpace(doc);
  if (Object.keys(req).length > 0)
    await inFolder(req.parent_path, () => dbx.genie.update(id, req)).catch(async (e: unknown) => {
      const sent = {
        warehouse: req.warehouse_id !== undefined,
        document: req.serialized_space !== undefined,
      };
      throw await refusalOf(dbx, goneOnUpdate(e, id), news, sent);
    });
  const live = await dbx.genie.get(id, { includeSerializedSpace: true }).catch((e: unknown) => {
    throw goneOnUpdate(e, id);
  });
  const before = {
    title: olds.title,
    description: olds.description,
    warehouseId: olds.warehouseId,
  };
  return { outs: state(news, live, canonicalHash(doc), before) };
}

async function remove(id: string): Promise<void> {
  // Trashing loses the space's conversation history for good (docs/api-behaviour.md, "Trash"); said in the README.
  console.warn(
    `pulumi-databricks-genie: trashing genie space ${id}; its conversation history is lost for good`,
  );
  // Already gone or trashed (a 404, or a 403 that a GET confirms) is what delete wanted.
  await api().genie.trashIfPresent(id);
}

export const genieSpaceProvider = { check, diff, create, read, update, delete: remove };
