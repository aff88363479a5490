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
