import { ATTRIBUTES } from "../../provider/client/auth/attributes";
import { PERMISSION_LEVELS } from "../../provider/client/permission-levels";
import { PREFLIGHT_KEY, TUNING_KEYS } from "../../provider/resources/client-options";
import { COMPONENT_TOKEN, GATE, PERMISSIONS, SPACE } from "../kinds";
import { declarations, docOf, type Member, membersOf } from "./declarations";
import { SPEC } from "./spec-types";
import { DeclaredTypes } from "./ts-types";
import type { PropertySpec, ResourceSpec, SchemaTypes } from "./types";

/**
 * The resources, the component and the provider's configuration, from the package's declarations:
 * a resource's inputs are its TypeScript `...Args` interface, its outputs the `Output` members of
 * its class, each with its doc comment; the configuration is the client's credential attributes
 * and time budget, under `genie:` (config.ts says why).
 */

const pascal = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

/** The plugin serves each TypeScript class under a type token, with this note for other languages. */
const SERVED = [
  { token: SPACE.token, file: "provider/resources/genie-space", cls: "GenieSpace" },
  {
    token: PERMISSIONS.token,
    file: "provider/resources/genie-space-permissions",
    cls: "GenieSpacePermissions",
  },
  {
    token: GATE.token,
    file: "provider/resources/genie-benchmark-gate",
    cls: "GenieBenchmarkGate",
  },
  {
    token: COMPONENT_TOKEN,
    file: "components/genie-analytics-space",
    cls: "GenieAnalyticsSpace",
    note: "Through the plugin, `tables` are three-part names (a table made by `databricks.SqlTable` is given by its name, with `dependsOn`), and the names, variables, folder and consumers are plain values.",
  },
] as const;

const PLUGIN_NOTE =
  "Served by the genie provider plugin: credentials come from its configuration (`genie:host`, " +
  "`genie:token` as a secret, ...), the Databricks environment variables, or `~/.databrickscfg`; " +
  "see docs/plugin.md.";

export function resourceSpecs(types: SchemaTypes): Record<string, ResourceSpec> {
  const sources = [
    ...SERVED.map((s) => declarations(s.file)),
    declarations("components/plan"),
    declarations("provider/client/permission-levels"),
  ];
  const levelsDoc = docOf(sources[sources.length - 1]?.constants.get("PERMISSION_LEVELS") as never);
  const spec: PropertySpec = { $ref: `#/types/${SPEC}` };
  const levels = new DeclaredTypes(types, sources, new Map()).enumOf(
    PERMISSION_LEVELS,
    "PermissionLevel",
    firstSentence(levelsDoc),
  );
  const typed = new DeclaredTypes(
    types,
    sources,
    new Map([
      ["GenieSpaceSpecInput", spec],
      ["PermissionLevel", levels],
    ]),
  );

  const out: Record<string, ResourceSpec> = {};
  for (const s of SERVED) {
    const d = sources.find((x) => x.file.includes(s.file)) ?? declarations(s.file);
    const cls = d.classes.get(s.cls);
    const args = d.interfaces.get(`${s.cls}Args`);
    if (cls === undefined || args === undefined)
      throw new Error(`${d.file} declares no ${s.cls} or ${s.cls}Args: rebuild the package`);
    const inputs = properties(typed, membersOf(args), s.cls);
    // The outputs a program can read: the class's `Output` members (not the child resources).
    const outputs = properties(
      typed,
      membersOf(cls).filter((m) => m.type?.getText().includes("Output<") === true),
      `${s.cls}Output`,
    );
    const spec: ResourceSpec = {
      description: [docOf(cls), PLUGIN_NOTE, "note" in s ? s.note : undefined]
        .filter((x) => x !== undefined)
        .join("\n\n"),
      inputProperties: inputs.properties,
      properties: outputs.properties,
    };
    if (inputs.required.length > 0) spec.requiredInputs = inputs.required;
    if (outputs.names.length > 0) spec.required = outputs.names;
    if (s.token === COMPONENT_TOKEN) spec.isComponent = true;
    out[s.token] = spec;
  }
  return out;
}

function properties(
  dt: DeclaredTypes,
  members: Member[],
  owner: string,
): { properties: Record<string, PropertySpec>; required: string[]; names: string[] } {
  const props: Record<string, PropertySpec> = {};
  const required: string[] = [];
  for (const m of members) {
    const p = dt.map(m.type, `${owner}${pascal(m.name)}`);
    if (p === undefined) continue;
    props[m.name] = m.doc === undefined ? p : { ...p, description: m.doc };
    if (!m.optional) required.push(m.name);
  }
  return { properties: props, required, names: Object.keys(props) };
}

function firstSentence(text: string | undefined): string | undefined {
  return text?.split(/(?<=\.)\s/)[0];
}

/**
 * The provider's configuration: every attribute the client's credential chain reads (the keys the
 * dynamic resources read as `databricks:<key>`), secret where the chain treats it as a credential,
 * and the time budget (`databricks-genie:<key>` there). No defaults: what is not set is looked up
 * in the environment and the profile at call time.
 */
export function configVariables(): Record<string, PropertySpec> {
  const settings = declarations("provider/client/auth/attributes").interfaces.get("ClientSettings");
  const docs = new Map(
    settings === undefined ? [] : membersOf(settings).map((m) => [m.name, m.doc]),
  );
  const out: Record<string, PropertySpec> = {};
  for (const a of ATTRIBUTES) {
    const own = docs.get(a.key);
    const description =
      `${own === undefined ? "" : `${own} `}Databricks \`${a.name}\`, as \`databricks:${a.key}\` for ` +
      `the dynamic resources; when unset, the environment variable \`${a.env}\`, then a profile of ` +
      "`~/.databrickscfg`.";
    out[a.key] = { type: "string", description, ...(a.sensitive === true ? { secret: true } : {}) };
  }
  const tuningDoc =
    docOf(
      declarations("provider/resources/client-options").constants.get("TUNING_KEYS") as never,
    ) ?? "";
  for (const key of Object.values(TUNING_KEYS)) {
    const name = key.slice(key.indexOf(":") + 1);
    const said = new RegExp(`\`${key}\`\\s*\\(([^)]*(?:\\([^)]*\\)[^)]*)*)\\)`).exec(
      tuningDoc,
    )?.[1];
    out[name] = {
      type: "integer",
      description: `Milliseconds: ${said ?? name} (\`${key}\` for the dynamic resources).`,
    };
  }
  out["preflight"] = {
    type: "boolean",
    description: `When true, GenieSpace's check looks the space's tables, metric views, SQL functions, columns and warehouse up in the workspace at preview, when the document or the warehouse changed (\`${PREFLIGHT_KEY}\` for the dynamic resources).`,
  };
  return out;
}
