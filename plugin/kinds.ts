import type { ResourceKind } from "../provider/resources/shim";
import type { Props } from "./wire";

/**
 * The plugin's custom resources: each type token, the resource kind whose functions answer it
 * (the very functions the dynamic resources run, through provider/runtime.ts's `dispatch`), and
 * the few functions only a host that previews updates, shows detailed diffs and imports needs
 * (next to the resource's own files in provider/resources). Modules load on first use, as
 * runtime.ts loads them: a preview loads no HTTP client.
 */
export interface Kind {
  token: string;
  kind: ResourceKind;
  /** Outputs that never carry what a secret input held (ids, hashes), so never wrapped as secrets. */
  plain: readonly string[];
  previewCreate(inputs: Props): Props;
  previewUpdate(id: string, olds: Props, news: Props): Props;
  /** The arguments the diff finds changed, by the program's names; empty when none. */
  changed(id: string, olds: Props, news: Props): string[];
  /** `pulumi import`: the live object's inputs and state, or `{}` when it does not exist. */
  importById(id: string): Promise<{ id?: string; props?: Props; inputs?: Props }>;
}

/* eslint-disable @typescript-eslint/no-require-imports -- loaded on the first call that needs it */
const load = {
  spacePreview: () =>
    require("../provider/resources/genie-space-preview") as typeof import("../provider/resources/genie-space-preview"),
  spaceDiff: () =>
    require("../provider/resources/genie-space-diff") as typeof import("../provider/resources/genie-space-diff"),
  spaceImport: () =>
    require("../provider/resources/genie-space-import") as typeof import("../provider/resources/genie-space-import"),
  aclPreview: () =>
    require("../provider/resources/genie-space-permissions-preview") as typeof import("../provider/resources/genie-space-permissions-preview"),
  aclDiff: () =>
    require("../provider/resources/genie-space-permissions-diff") as typeof import("../provider/resources/genie-space-permissions-diff"),
  gatePreview: () =>
    require("../provider/resources/genie-benchmark-gate-preview") as typeof import("../provider/resources/genie-benchmark-gate-preview"),
  gateDiff: () =>
    require("../provider/resources/genie-benchmark-gate-diff") as typeof import("../provider/resources/genie-benchmark-gate-diff"),
  aclImport: () =>
    require("../provider/resources/genie-space-permissions-import") as typeof import("../provider/resources/genie-space-permissions-import"),
};
/* eslint-enable @typescript-eslint/no-require-imports */

type SpaceInputs = import("../provider/resources/inputs").SpaceInputs;
type AclInputs = import("../provider/resources/permissions-state").PermissionsInputs;
type GateInputs = import("../provider/resources/gate-state").GateInputs;

export const SPACE: Kind = {
  token: "genie:index:GenieSpace",
  kind: "GenieSpace",
  plain: ["spaceId", "url", "etag", "appliedHash", "canonicalVersion", "writtenAt"],
  previewCreate: (inputs) => load.spacePreview().previewCreate(inputs as unknown as SpaceInputs),
  previewUpdate: (id, olds, news) =>
    load.spacePreview().previewUpdate(id, olds, news as unknown as SpaceInputs),
  changed: (id, olds, news) =>
    load.spaceDiff().changedProperties(id, olds, news as unknown as SpaceInputs),
  importById: async (id) =>
    (await load.spaceImport().importSpace(id)) as { id?: string; props?: Props; inputs?: Props },
};

export const PERMISSIONS: Kind = {
  token: "genie:index:GenieSpacePermissions",
  kind: "GenieSpacePermissions",
  plain: ["spaceId"],
  previewCreate: (inputs) =>
    load.aclPreview().previewCreatePermissions(inputs as unknown as AclInputs),
  previewUpdate: (_id, _olds, news) =>
    load.aclPreview().previewUpdatePermissions(news as unknown as AclInputs),
  changed: (id, olds, news) =>
    load.aclDiff().changedPermissionProperties(id, olds, news as unknown as AclInputs),
  importById: async (id) =>
    (await load.aclImport().importPermissions(id)) as unknown as {
      id?: string;
      props?: Props;
      inputs?: Props;
    },
};

export const GATE: Kind = {
  token: "genie:index:GenieBenchmarkGate",
  kind: "GenieBenchmarkGate",
  plain: ["spaceId", "etag", "evalRunId", "accuracy", "correct", "total"],
  previewCreate: (inputs) => load.gatePreview().previewCreateGate(inputs as unknown as GateInputs),
  previewUpdate: (id, olds, news) =>
    load.gatePreview().previewUpdateGate(id, olds, news as unknown as GateInputs),
  changed: (id, olds, news) =>
    load.gateDiff().changedGateProperties(id, olds, news as unknown as GateInputs),
  // An evaluation is a record of a past run, not an object to adopt: nothing to import.
  importById: () => Promise.resolve({}),
};

export const KINDS: readonly Kind[] = [SPACE, PERMISSIONS, GATE];

/** The component, served through Construct (construct.ts). */
export const COMPONENT_TOKEN = "genie:index:GenieAnalyticsSpace";

/** The kind of a resource, from its type token or its URN (`...::genie:index:GenieSpace::name`). */
export function kindOf(type: string, urn: string): Kind {
  const token = type !== "" ? type : (urn.split("::")[2]?.split("$").pop() ?? "");
  const kind = KINDS.find((k) => k.token === token);
  if (kind === undefined)
    throw new Error(
      `the genie plugin has no resource type '${token}'; it serves ${KINDS.map((k) => k.token).join(", ")} and the component ${COMPONENT_TOKEN}`,
    );
  return kind;
}
