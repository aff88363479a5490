import type { SerializedSpaceV2 } from "./document";
import type { Problem } from "./problems";
import { Reporter } from "./report";
import { contentRules } from "./rules-content";
import { documentRules } from "./rules-document";
import { schemas } from "./schemas";
import { convert, finishDocument, looksLikeDocument, readInput, sortLists } from "./serialize";
import type { Origins } from "./spec-to-document";
import { specToDocument } from "./spec-to-document";
import { certainlyValidSpec } from "./spec-check";
import { specListPath } from "./spec-paths";
import type { JsonObject } from "./structure";
import { substituteVariables } from "./variables";
import { zodProblems } from "./zod-problems";

export interface CheckedDocument {
  /** The wire document (as `toSerializedSpace` builds it), when nothing stops it. */
  document?: SerializedSpaceV2;
  /** What stops it: errors only, as `validateSpace` reports them. */
  problems: Problem[];
}

export interface CheckedOptions {
  variables?: Readonly<Record<string, string>>;
  /** The document as the server last returned it (ids of matching items are kept). */
  previous?: unknown;
}

const errorsOf = (problems: Problem[]): Problem[] => problems.filter((p) => p.severity === "error");

/**
 * A friendly spec, read, substituted, parsed, converted and checked once: what
 * `validateSpace(spec)` then `toSerializedSpace(spec)` then `validateSpace(document)` did in three
 * passes of each step (issue #13). Problems point at the spec, as `validateSpace` says them. The
 * document rules (ids, order, column flags) are not run: the model writes those itself
 * (rules-document.ts), and the content rules, run before sorting so that "listed twice" points at
 * the later entry, give the same verdict on the sorted document.
 *
 * Returns undefined for a value that is no spec (a document given as a spec is checked as it is,
 * by validateSpace, not as it would be sent).
 */
export function checkedSpec(value: unknown, options: CheckedOptions): CheckedDocument | undefined {
  if (typeof value !== "object" || value === null || looksLikeDocument(value)) return undefined;
  const out: Problem[] = [];
  const read = readInput(value);
  out.push(...read.problems);
  if (read.value === undefined) return { problems: errorsOf(out) };
  let input = read.value;
  if (options.variables !== undefined) {
    const sub = substituteVariables(input, options.variables);
    out.push(...sub.problems);
    input = sub.value;
  }
  if (looksLikeDocument(input)) return undefined;
  // zod only for a spec the quick check cannot vouch for (it also says what is wrong).
  let spec = input;
  if (!certainlyValidSpec(input)) {
    const parsed = schemas().genieSpaceSpecSchema.safeParse(input);
    if (!parsed.success) return { problems: errorsOf([...out, ...zodProblems(parsed.error, "")]) };
    spec = parsed.data;
  }

  const origins: Origins = new WeakMap();
  const doc = specToDocument(spec as JsonObject, origins);
  finishDocument(doc, options.previous, out, origins, false);
  const found: Problem[] = [];
  contentRules(doc, new Reporter(origins, found));
  for (const p of found) out.push({ ...p, path: specListPath(p.path) });
  const errors = errorsOf(out);
  if (errors.length > 0) return { problems: errors };
  sortLists(doc);
  return { document: doc as unknown as SerializedSpaceV2, problems: [] };
}

/**
 * A raw document (object or JSON string), converted once and checked as it will be sent: what the
 * model fixes (ids, order, v1 flags) is no problem, what it cannot fix (limits, duplicates) is.
 * The converted document passed the document schema on its way in, so it is not parsed again.
 */
export function checkedRawDocument(value: unknown, options: CheckedOptions): CheckedDocument {
  const converted = convert(value, options);
  if (converted.document === undefined || errorsOf(converted.problems).length > 0)
    return { problems: converted.problems };
  const found: Problem[] = [];
  const reporter = new Reporter(new WeakMap(), found);
  documentRules(converted.document, reporter);
  contentRules(converted.document, reporter);
  const errors = errorsOf(found);
  if (errors.length > 0) return { problems: errors };
  return { document: converted.document as unknown as SerializedSpaceV2, problems: [] };
}
