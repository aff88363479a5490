/**
 * The Genie space document model: pure functions, no I/O. Usable on its own, for example to lint
 * documents in CI before any deployment.
 */
export { canonicalize, type CanonicalSpace, stableStringify } from "./canonical";
export { diffSpaces, formatDifferences, type SpaceDifference } from "./diff";
export { isValidId, stableId } from "./ids";
export { isThreePartIdentifier, splitIdentifier } from "./identifiers";
export { formatProblem, type Problem, SpaceValidationError } from "./problems";
export * from "./document";
export {
  serializeSpace,
  type SerializedSpaceResult,
  toSerializedSpace,
  type ToSerializedSpaceOptions,
} from "./serialize";
export * from "./spec";
export { JOIN_RELATIONSHIPS } from "./joins";
export { joinLines, splitLines } from "./text";
export { substituteVariables, type SubstitutionResult } from "./variables";
export { inferVariables, placeholdersIn, templatize } from "./templatize";
export { LIMITS, validateSpace, type ValidationResult } from "./validate";
export {
  type Found,
  foundByReference,
  type Reference,
  referenceProblems,
  spaceReferences,
  warehouseProblem,
} from "./references";
