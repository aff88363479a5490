import type { SerializedSpaceV2 } from "../model/document";
import type { Problem } from "../model/problems";
import { canonicalHash, declaredDocument, type SpaceInputs } from "./inputs";

/**
 * What check found about a declared document, for the diff that follows it with the same inputs
 * (the engine calls check, then diff, on every resource of a preview or an up): diff then skips
 * reading, converting and validating the document again (issue #13).
 *
 * Kept by the content of `space`, `serializedSpace` and `variables`, not by identity: the engine
 * hands diff a new copy of what check returned. The key is their JSON. Pulumi's
 * host decodes both calls' inputs from protobuf Structs, whose maps it reads in sorted key order,
 * so equal inputs give equal JSON whatever order the engine sent; inputs that differ only in key
 * order (a direct call) miss and are computed again. Inputs from the engine are JSON, so equal
 * JSON is equal inputs. Bounded: the last few documents only, and none when they are large
 * together.
 */
interface Verdict {
  document?: SerializedSpaceV2;
  problems: Problem[];
  property: "space" | "serializedSpace";
  hash?: string;
}

const MAX_ENTRIES = 16;
/** Characters of key text (about the documents' size) at most, all entries together. */
const MAX_CHARS = 32_000_000;
/**
 * Oldest first. A list, not a Map: a Map would hash each key, a long string, in full; here a
 * lookup compares lengths, and only a key of the same length in full.
 */
const verdicts: { key: string; verdict: Verdict }[] = [];

type DocumentInputs = Pick<SpaceInputs, "space" | "serializedSpace" | "variables">;

/** `declaredDocument(inputs)`, remembered for the diff that follows. */
export function checkedDeclaration(inputs: DocumentInputs): Verdict {
  const key = keyOf(inputs);
  const verdict = declaredDocument(inputs);
  remember(key, verdict);
  return verdict;
}

/**
 * The declared document and its canonical hash, as check found them, or computed now. `previous`
 * (the stored document) gives the document the server's ids, which neither the hash nor a
 * comparison by meaning reads, so check's document serves as well.
 */
export function declaredVerdict(
  inputs: DocumentInputs,
  previous: string | undefined,
): { document?: SerializedSpaceV2; hash: () => string } {
  const key = keyOf(inputs);
  const verdict: Verdict = take(key) ?? declaredDocument(inputs, previous);
  // Most recently used last: it is the last to be dropped.
  remember(key, verdict);
  const document = verdict.document;
  return {
    document,
    hash: () => (verdict.hash ??= canonicalHash(document as SerializedSpaceV2)),
  };
}

/** The verdict kept for `key`, taken out of the list. */
function take(key: string): Verdict | undefined {
  const i = verdicts.findIndex((e) => e.key.length === key.length && e.key === key);
  return i === -1 ? undefined : verdicts.splice(i, 1)[0]?.verdict;
}

function remember(key: string, verdict: Verdict): void {
  take(key);
  if (key.length > MAX_CHARS) return;
  verdicts.push({ key, verdict });
  let chars = verdicts.reduce((n, e) => n + e.key.length, 0);
  while (verdicts.length > MAX_ENTRIES || chars > MAX_CHARS)
    chars -= verdicts.shift()?.key.length ?? 0;
}

/** The inputs' JSON. */
function keyOf(inputs: DocumentInputs): string {
  return JSON.stringify([inputs.space, inputs.serializedSpace, inputs.variables]);
}
