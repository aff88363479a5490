import { configVariables, resourceSpecs } from "./resources";
import { specTypes } from "./spec-types";
import { PACKAGE } from "./types";

/**
 * The package schema `pulumi package add` asks for (GetSchema), derived whole from the package:
 * the friendly spec's types from the field table (spec-types.ts), the resources and the component
 * from their TypeScript declarations (resources.ts), docs from the same JSDoc. Built on the first
 * request and kept.
 */
let text: string | undefined;

export function packageSchema(): Record<string, unknown> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- the package's own manifest
  const pkg = require("pulumi-databricks-genie/package.json") as {
    version: string;
    description: string;
    license: string;
  };
  const types = specTypes();
  const resources = resourceSpecs(types);
  const variables = configVariables();
  return {
    name: PACKAGE,
    displayName: "Databricks Genie",
    version: pkg.version,
    description:
      "Databricks Genie spaces as code, for every Pulumi language: the resources of pulumi-databricks-genie served by its provider plugin.",
    keywords: ["pulumi", "databricks", "genie", "category/cloud"],
    license: pkg.license,
    config: { variables },
    provider: {
      description:
        "The genie provider: the Databricks workspace and credentials its resources use (each unset setting is looked up in the environment, then in ~/.databrickscfg).",
      inputProperties: variables,
    },
    resources,
    types,
    language: {
      nodejs: {
        packageDescription: "Databricks Genie spaces (pulumi-databricks-genie's provider plugin)",
      },
      python: { pyproject: { enabled: true } },
    },
  };
}

/** The schema's JSON, for GetSchema (only version 0 exists). */
export function schemaText(version: number): string {
  if (version !== 0) throw new Error(`unsupported schema version ${version}`);
  text ??= JSON.stringify(packageSchema());
  return text;
}
