/**
 * The parts of a Pulumi package schema this plugin writes
 * (https://www.pulumi.com/docs/iac/guides/building-extending/packages/schema/).
 */
export const PACKAGE = "genie";

/** A type token of the package: `genie:index:<name>`. */
export const token = (name: string): string => `${PACKAGE}:index:${name}`;

export interface PropertySpec {
  type?: "string" | "boolean" | "number" | "integer" | "array" | "object";
  items?: PropertySpec;
  additionalProperties?: PropertySpec;
  $ref?: string;
  oneOf?: PropertySpec[];
  description?: string;
  secret?: boolean;
}

export interface ObjectType {
  type: "object";
  description?: string;
  properties: Record<string, PropertySpec>;
  required?: string[];
}

export interface EnumType {
  type: "string";
  description?: string;
  enum: { value: string; name?: string; description?: string }[];
}

export type SchemaTypes = Record<string, ObjectType | EnumType>;

export interface ResourceSpec {
  description?: string;
  isComponent?: boolean;
  inputProperties: Record<string, PropertySpec>;
  requiredInputs?: string[];
  properties: Record<string, PropertySpec>;
  required?: string[];
}

/**
 * An enum value with its name spelt for code generators: `CAN_RUN` is `CanRun` (which Python writes
 * `CAN_RUN`, C# `CanRun`); without a name, they split the value at every capital (`CA_N_RUN`).
 */
export function enumValue(value: string): { value: string; name: string } {
  const name = value
    .split(/[^A-Za-z0-9]+/)
    .filter((w) => w !== "")
    .map((w) => w.charAt(0).toUpperCase() + w.slice(1).toLowerCase())
    .join("");
  return { value, name };
}
