import * as pulumi from "@pulumi/pulumi";
import { dynamicProvider } from "./shim";
import { INVALID_TEXT, mendedInputs } from "./unicode-inputs";

export interface GenieBenchmarkGateArgs {
  /** The space to evaluate: a GenieSpace's `id` (its `spaceId`), or the id in the space's URL. */
  spaceId: pulumi.Input<string>;
  /**
   * The GenieSpace's `etag` output: an evaluation runs when it changes, and only then. The etag
   * moves when the space's document changes (ours, or an edit in the UI found by refresh), not
   * for a new title, folder or warehouse, so an `up` that leaves the document alone runs nothing.
   */
  etag: pulumi.Input<string>;
  /**
   * The least accuracy that passes, from 0 to 1: the share of the questions evaluated that Genie's
   * evaluation assesses GOOD (NEEDS_REVIEW counts against it). Below it, the create or update of
   * the gate fails, naming the failing questions and their reasons.
   */
  minAccuracy: pulumi.Input<number>;
  /** Benchmark questions to evaluate, by id or by text; all of the space's when left out. */
  questions?: pulumi.Input<pulumi.Input<string>[]>;
  /** How long to wait for the run before failing, in seconds (default 1800). */
  timeoutSeconds?: pulumi.Input<number>;
}

/** One question of the last evaluation, as the outputs record it. */
export interface GateQuestionResult {
  questionId: string;
  question: string;
  /** GOOD, BAD or NEEDS_REVIEW (absent for a question the run did not reach). */
  assessment?: string;
  reasons: string[];
}

/**
 * A deployment gate on a space's benchmarks: after the space's document changes, it runs Genie's
 * evaluation of the space's benchmark questions and fails the `pulumi up` when the accuracy is
 * below `minAccuracy` (naming each failing question and its reasons) or when the run ends
 * EVALUATION_FAILED, EVALUATION_CANCELLED, EVALUATION_TIMEOUT or outlasts `timeoutSeconds`.
 * It runs after the space is written: **the space's change is already applied when the gate
 * fails**, and the gate undoes nothing (docs/benchmark-gate.md says how to roll back). Preview
 * makes no request; an `up` that leaves the document alone runs nothing.
 *
 * @example
 * const space = new GenieSpace("sales", { ... });
 * const gate = new GenieBenchmarkGate("sales-benchmarks", {
 *   spaceId: space.id,
 *   etag: space.etag,
 *   minAccuracy: 0.8,
 * });
 * export const accuracy = gate.accuracy;
 */
export class GenieBenchmarkGate extends pulumi.dynamic.Resource {
  declare readonly spaceId: pulumi.Output<string>;
  /** The etag of the document last evaluated. */
  declare readonly etag: pulumi.Output<string>;
  declare readonly minAccuracy: pulumi.Output<number>;
  /** The last evaluation run's id (the space's evaluation history in the UI shows it). */
  declare readonly evalRunId: pulumi.Output<string>;
  /** GOOD out of the questions evaluated, from 0 to 1. */
  declare readonly accuracy: pulumi.Output<number>;
  /** How many questions were assessed GOOD, and how many were evaluated. */
  declare readonly correct: pulumi.Output<number>;
  declare readonly total: pulumi.Output<number>;
  /** Each question of the last evaluation and its assessment. */
  declare readonly results: pulumi.Output<GateQuestionResult[]>;

  constructor(name: string, given: GenieBenchmarkGateArgs, opts?: pulumi.CustomResourceOptions) {
    const { args, invalid } = mendedInputs(given);
    super(
      dynamicProvider("GenieBenchmarkGate"),
      name,
      {
        ...args,
        evalRunId: undefined,
        accuracy: undefined,
        correct: undefined,
        total: undefined,
        results: undefined,
        [INVALID_TEXT]: invalid,
      },
      opts,
      "genie",
      "GenieBenchmarkGate",
    );
  }
}
