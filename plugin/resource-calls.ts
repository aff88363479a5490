import type * as proto from "@pulumi/pulumi/proto/provider_pb";
import { dispatch } from "../provider/runtime";
import { type DiffKind, detailedDiff } from "./detailed-diff";
import { kindOf, type Kind } from "./kinds";
import { fromStruct, type Props, secretKeys, toStruct, unwrap, withSecrets } from "./wire";

/**
 * Check, Diff, Create, Read, Update and Delete of the plugin's resources: each request's
 * properties, secrets unwrapped, handed to the resource's own function (provider/runtime.ts's
 * `dispatch`, the same code the dynamic resources run), and the answer put back on the wire. What
 * only this host can do is done here from the resources' own rules: previews of create and update
 * (no request to Databricks), a detailed diff in the program's terms, and import by id.
 */

// eslint-disable-next-line @typescript-eslint/no-require-imports -- the generated messages, loaded once
const pb = require("@pulumi/pulumi/proto/provider_pb") as typeof proto;

interface CheckResult {
  inputs?: Props;
  failures?: { property: string; reason: string }[];
}
interface DiffResult {
  changes?: boolean;
  replaces?: string[];
  deleteBeforeReplace?: boolean;
}

/** Outputs, with everything a secret input may have flowed into wrapped as a secret. */
function secretOutputs(kind: Kind, outs: Props, secretInputs: Set<string>): Props {
  if (secretInputs.size === 0) return outs;
  return withSecrets(
    outs,
    Object.keys(outs).filter((k) => !kind.plain.includes(k)),
  );
}

export async function check(req: proto.CheckRequest): Promise<proto.CheckResponse> {
  const kind = kindOf(req.getType(), req.getUrn());
  const news = fromStruct(req.getNews());
  const res = (await dispatch(kind.kind, "check", [
    unwrap(fromStruct(req.getOlds())),
    unwrap(news),
  ])) as CheckResult;
  const out = new pb.CheckResponse();
  out.setInputs(toStruct(withSecrets(res.inputs ?? {}, secretKeys(news))));
  out.setFailuresList(
    (res.failures ?? []).map((f) => {
      const failure = new pb.CheckFailure();
      failure.setProperty(f.property);
      failure.setReason(f.reason);
      return failure;
    }),
  );
  return out;
}

const KINDS: Record<DiffKind, proto.PropertyDiff.Kind> = {
  add: 0, // ADD
  delete: 2, // DELETE
  update: 4, // UPDATE
};

export async function diff(req: proto.DiffRequest): Promise<proto.DiffResponse> {
  const kind = kindOf(req.getType(), req.getUrn());
  const id = req.getId();
  const olds = unwrap(fromStruct(req.getOlds())) as Props;
  const news = unwrap(fromStruct(req.getNews())) as Props;
  const res = (await dispatch(kind.kind, "diff", [id, olds, news])) as DiffResult;
  const out = new pb.DiffResponse();
  out.setChanges(res.changes === true ? 2 : 1); // DIFF_SOME : DIFF_NONE
  out.setReplacesList(res.replaces ?? []);
  out.setDeletebeforereplace(res.deleteBeforeReplace === true);
  if (res.changes === true) {
    const changed = kind.changed(id, olds, news);
    const recorded = unwrap(fromStruct(req.getOldInputs())) as Props;
    // An engine that sends no old inputs: the state holds the inputs as last applied.
    const oldInputs = Object.keys(recorded).length > 0 ? recorded : olds;
    out.setDiffsList(changed);
    const map = out.getDetaileddiffMap();
    for (const [path, k] of detailedDiff(changed, oldInputs, news)) {
      const d = new pb.PropertyDiff();
      d.setKind(KINDS[k]);
      d.setInputdiff(true);
      map.set(path, d);
    }
  }
  out.setHasdetaileddiff(true);
  return out;
}

export async function create(req: proto.CreateRequest): Promise<proto.CreateResponse> {
  const kind = kindOf(req.getType(), req.getUrn());
  const raw = fromStruct(req.getProperties());
  const inputs = unwrap(raw) as Props;
  const out = new pb.CreateResponse();
  if (req.getPreview()) {
    out.setProperties(toStruct(secretOutputs(kind, kind.previewCreate(inputs), secretKeys(raw))));
    return out;
  }
  const made = (await dispatch(kind.kind, "create", [inputs])) as { id: string; outs?: Props };
  out.setId(made.id);
  out.setProperties(toStruct(secretOutputs(kind, made.outs ?? {}, secretKeys(raw))));
  return out;
}

export async function read(req: proto.ReadRequest): Promise<proto.ReadResponse> {
  const kind = kindOf(req.getType(), req.getUrn());
  const rawProps = fromStruct(req.getProperties());
  const rawInputs = fromStruct(req.getInputs());
  const props = unwrap(rawProps) as Props;
  // No state: `pulumi import`, or the `import` option (the engine reads by id, then checks).
  const res = (
    Object.keys(props).length === 0
      ? await kind.importById(req.getId())
      : await dispatch(kind.kind, "read", [req.getId(), props])
  ) as { id?: string; props?: Props; inputs?: Props };
  const out = new pb.ReadResponse();
  if (res.id === undefined || res.id === "") return out; // gone: dropped from the state
  const secrets = new Set([...secretKeys(rawProps), ...secretKeys(rawInputs)]);
  out.setId(res.id);
  out.setProperties(toStruct(secretOutputs(kind, res.props ?? {}, secrets)));
  out.setInputs(
    res.inputs !== undefined ? toStruct(withSecrets(res.inputs, secrets)) : toStruct(rawInputs),
  );
  return out;
}

export async function update(req: proto.UpdateRequest): Promise<proto.UpdateResponse> {
  const kind = kindOf(req.getType(), req.getUrn());
  const rawNews = fromStruct(req.getNews());
  const olds = unwrap(fromStruct(req.getOlds())) as Props;
  const news = unwrap(rawNews) as Props;
  const secrets = secretKeys(rawNews);
  const out = new pb.UpdateResponse();
  const outs = req.getPreview()
    ? kind.previewUpdate(req.getId(), olds, news)
    : ((await dispatch(kind.kind, "update", [req.getId(), olds, news])) as { outs?: Props }).outs;
  out.setProperties(toStruct(secretOutputs(kind, outs ?? {}, secrets)));
  return out;
}

export async function remove(req: proto.DeleteRequest): Promise<void> {
  const kind = kindOf(req.getType(), req.getUrn());
  await dispatch(kind.kind, "delete", [req.getId(), unwrap(fromStruct(req.getProperties()))]);
}
