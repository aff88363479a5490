import type * as pulumi from "@pulumi/pulumi";
import {
  type GenieSpaceInfo,
  InvalidParameterError,
  normalizeFolder,
  NotFoundError,
  type UpdateSpaceRequest,
} from "../client";
import { diffSpaces, formatDifferences } from "../model/diff";
import { serializeSpace } from "../model/serialize";
import { api } from "./context";
import {
  CANONICAL_VERSION,
  canonicalHash,
  containsUnknown,
  declaredDocument,
  type SpaceInputs,
  type SpaceState,
  UNKNOWN,
} from "./inputs";
import { goneOnUpdate, orphaned, sameDocument } from "./trash";

/**
 * GenieSpace's provider, run inside Pulumi's dynamic-provider host. Converges by meaning (DESIGN.md,
 * "Converging against a server that rewrites what it stores"): a local change is "the canonical
 * form of the declared document differs from the one last applied"; a remote change is "the etag
 * moved", and refresh names what moved by comparing canonical forms.
 */

function check(_olds: unknown, news: Record<string, unknown>): Promise<pulumi.dynamic.CheckResult> {
  const failures: pulumi.dynamic.CheckFailure[] = [];
  const fail = (property: string, reason: string) => failures.push({ property, reason });
  const isText = (v: unknown) => typeof v === "string" && v.trim() !== "";

  if (!isText(news["title"])) fail("title", "title is required: the space's name in the Genie UI");
  if (!isText(news["warehouseId"]))
    fail(
      "warehouseId",
      "warehouseId is required: the id of the SQL warehouse that runs the space's queries",
    );
  for (const k of ["description", "parentPath", "adoptSpaceId"]) {
    if (news[k] !== undefined && typeof news[k] !== "string") fail(k, `${k} must be a string`);
  }
  if (
    typeof news["parentPath"] === "string" &&
    news["parentPath"] !== UNKNOWN &&
    !news["parentPath"].startsWith("/")
  ) {
    fail(
      "parentPath",
      "parentPath must be an absolute workspace folder, e.g. /Workspace/Shared/genie",
    );
  }
  const hasSpace = news["space"] !== undefined;
  const hasDoc = news["serializedSpace"] !== undefined;
  if (hasSpace === hasDoc) {
    fail(
      hasSpace ? "serializedSpace" : "space",
      "give exactly one of space (the friendly spec) or serializedSpace (a raw document)",
    );
  }
  const vars = news["variables"];
  const varsOk =
    vars === undefined ||
    (typeof vars === "object" &&
      vars !== null &&
      Object.values(vars).every((v) => typeof v === "string"));
  if (!varsOk) fail("variables", 'variables must map names to strings, e.g. { catalog: "dev" }');
  // The document is checked whenever it can be, so a missing title does not hide a bad table.
  // Values other resources will produce are unknown during preview: accept them, check nothing
  // that depends on them (the real values are checked again before the update runs).
  if (
    hasSpace !== hasDoc &&
    varsOk &&
    !containsUnknown(news["space"]) &&
    !containsUnknown(news["serializedSpace"]) &&
    !containsUnknown(vars)
  ) {
    const { problems, property } = declaredDocument(news as unknown as SpaceInputs);
    for (const p of problems)
      fail(p.path === "" ? property : `${property}.${p.path}`, `${p.message} (fix: ${p.fix})`);
  }
  return Promise.resolve({ inputs: news, failures });
}

function diff(
  _id: string,
  olds: SpaceState,
  news: SpaceInputs,
): Promise<pulumi.dynamic.DiffResult> {
  return Promise.resolve({
    changes: changed(olds, news).length > 0,
    replaces: [],
    deleteBeforeReplace: false,
  });
}

/** What differs between the state and the program; no HTTP (a no-op preview makes no request). */
export function changed(olds: SpaceState, news: SpaceInputs): string[] {
  if (containsUnknown(news)) return ["(values known after other resources are created)"];
  const out: string[] = [];
  const applied = olds.applied ?? {
    title: olds.title,
    description: olds.description ?? "",
    warehouseId: olds.warehouseId,
    parentPath: olds.parentPath ?? "",
  };
  if (news.title !== olds.title || news.title !== applied.title) out.push("title");
  if ((news.description ?? "") !== (olds.description ?? "")) out.push("description");
  if (news.warehouseId !== olds.warehouseId) out.push("warehouseId");
  const folder = normalizeFolder(news.parentPath);
  if (folder !== undefined && folder !== normalizeFolder(olds.parentPath)) out.push("parentPath");
  const { document } = declaredDocument(news, olds.serializedSpace);
  if (document !== undefined) {
    const same =
      olds.canonicalVersion === CANONICAL_VERSION
        ? canonicalHash(document) === olds.appliedHash
        : // State from a release with another canonical form: compare with what the server holds.
          diffSpaces(document, olds.driftBaseline ?? olds.serializedSpace).length === 0;
    if (!same) out.push("space");
  }
  if ((olds.drift ?? []).length > 0) out.push("drift");
  return out;
}

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

function state(inputs: SpaceInputs, live: GenieSpaceInfo, documentHash: string): SpaceState {
  const parentPath = live.parent_path ?? normalizeFolder(inputs.parentPath) ?? "";
  const description = inputs.description ?? "";
  return {
    ...inputs,
    // Right after a write, GET may still show the old title, description and warehouse
    // (API-FACTS): the values just written are the truth.
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
  };
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
      { sameDocument },
    ),
  );
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
    throw e;
  }
  const live = await dbx.genie.get(spaceId, { includeSerializedSpace: true });
  return { id: spaceId, outs: state(inputs, live, canonicalHash(doc)) };
}

async function read(id: string, props: SpaceState): Promise<pulumi.dynamic.ReadResult> {
  let live: GenieSpaceInfo;
  try {
    live = await api().genie.get(id, { includeSerializedSpace: true });
  } catch (e) {
    // Gone or trashed: an empty result drops it from the state; the next up creates it again.
    if (e instanceof NotFoundError) return {};
    throw e;
  }
  // Nothing moved since our last write or refresh: keep the state. Comparing the etag, not the
  // fields, is what keeps a GET that still shows pre-PATCH values from reading as drift.
  if (live.etag !== undefined && live.etag === props.etag)
    return { id, props, inputs: inputsOf(props) };

  const baseline = props.driftBaseline ?? props.serializedSpace;
  const applied = props.applied ?? {
    title: props.title,
    description: props.description ?? "",
    warehouseId: props.warehouseId,
    parentPath: props.parentPath ?? "",
  };
  const drift: string[] = [];
  const field = (name: string, was: string, now: string | undefined) => {
    if (now !== undefined && now !== was)
      drift.push(`~ ${name}: ${JSON.stringify(was)} => ${JSON.stringify(now)}`);
  };
  field("title", applied.title, live.title);
  field("description", applied.description, live.description);
  field("warehouseId", applied.warehouseId, live.warehouse_id);
  field("parentPath", applied.parentPath, live.parent_path);
  if (baseline !== undefined && baseline !== "" && live.serialized_space !== undefined) {
    const text = formatDifferences(diffSpaces(baseline, live.serialized_space));
    if (text !== "")
      drift.push(...text.split("\n").map((l) => `${l.slice(0, 2)}serializedSpace.${l.slice(2)}`));
  }
  const next: SpaceState = {
    ...props,
    title: live.title ?? props.title,
    description: live.description ?? props.description,
    warehouseId: live.warehouse_id ?? props.warehouseId,
    parentPath: live.parent_path ?? props.parentPath,
    etag: live.etag ?? "",
    serializedSpace: live.serialized_space ?? props.serializedSpace,
    applied,
    drift,
    driftBaseline: drift.length > 0 ? baseline : undefined,
  };
  if (next.driftBaseline === undefined) delete next.driftBaseline;
  return { id, props: next, inputs: inputsOf(next) };
}

/** The inputs as they stand in the workspace, so previews after a refresh show what drifted. */
function inputsOf(s: SpaceState): Record<string, unknown> {
  const out: Record<string, unknown> = {
    title: s.title,
    description: s.description,
    warehouseId: s.warehouseId,
  };
  for (const k of ["parentPath", "space", "variables", "adoptSpaceId"] as const)
    if (s[k] !== undefined) out[k] = s[k];
  if (s.space === undefined) out["serializedSpace"] = s.serializedSpace;
  return out;
}

async function update(
  id: string,
  olds: SpaceState,
  news: SpaceInputs,
): Promise<pulumi.dynamic.UpdateResult> {
  const dbx = api();
  const what = changed(olds, news);
  const doc = document(news, olds.serializedSpace);
  const req: UpdateSpaceRequest = {};
  // Title only when it changed: seed 001 reports that a PATCH carrying title appends " (updated)".
  if (what.includes("title")) req.title = news.title;
  if (what.includes("description") || (olds.drift ?? []).some((d) => d.startsWith("~ description")))
    req.description = news.description ?? "";
  if (what.includes("warehouseId") || (olds.drift ?? []).some((d) => d.startsWith("~ warehouseId")))
    req.warehouse_id = news.warehouseId;
  if (what.includes("parentPath")) req.parent_path = news.parentPath;
  if (what.includes("space") || (olds.drift ?? []).some((d) => d.includes("serializedSpace.")))
    req.serialized_space = serializeSpace(doc);
  if (Object.keys(req).length > 0)
    await inFolder(req.parent_path, () => dbx.genie.update(id, req)).catch((e: unknown) => {
      throw goneOnUpdate(e, id);
    });
  const live = await dbx.genie.get(id, { includeSerializedSpace: true }).catch((e: unknown) => {
    throw goneOnUpdate(e, id);
  });
  return { outs: state(news, live, canonicalHash(doc)) };
}

async function remove(id: string): Promise<void> {
  // Trashing loses the space's conversation history for good (API-FACTS); said in the README.
  console.warn(
    `pulumi-databricks-genie: trashing genie space ${id}; its conversation history is lost for good`,
  );
  // Already gone or trashed (a 404, or a 403 that a GET confirms) is what delete wanted.
  await api().genie.trashIfPresent(id);
}

export const genieSpaceProvider = { check, diff, create, read, update, delete: remove };
