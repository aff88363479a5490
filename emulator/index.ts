/**
 * The Genie API emulator, for tests and for trying stacks without a workspace.
 * `import { startEmulator } from "pulumi-databricks-genie/emulator"`.
 */
export { type Clock, type ManualClock, manualClock, systemClock } from "./clock";
export type { EmulatorConfig, RequestRecord } from "./core";
export type { FaultRule } from "./faults";
export type { UiEdit } from "./admin";
export type { EmulatorDescription } from "./describe";
export type { EvalScript } from "./eval-runs";
export { ADMIN, ADMIN_TOKEN, defaultSeed, devStackSeed, type Seed } from "./seed";
export { type Emulator, type EmulatorOptions, startEmulator } from "./server";
export type { StoredSpace } from "./store";
export type { TimelineEvent } from "./platform";
export { type Statement, parseDdl } from "./ddl";
