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
/** Characters of key text (about the documents' size, kept twice) at most, all entries together. */
const MAX_CHARS = 32_000_000;
const verdicts = new Map<string, { verdict: Verdict; chars: number }>();
let chars = 0;

type DocumentInputs = Pick<SpaceInputs, "space" | "serializedSpace" | "variables">;

/** `declaredDocument(inputs)`, remembered for the diff that follows. */
export function checkedDeclaration(inputs: DocumentInputs): Verdict {
  const { key, size } = keyOf(inputs);
  const verdict = declaredDocument(inputs);
  remember(key, size, verdict);
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
  const { key, size } = keyOf(inputs);
  const known = verdicts.get(key);
  let verdict: Verdict;
  if (known !== undefined) {
    verdict = known.verdict;
    // Most recently used last: it is the last to be dropped.
    verdicts.delete(key);
    verdicts.set(key, known);
  } else {
    verdict = declaredDocument(inputs, previous);
    remember(key, size, verdict);
  }
  const document = verdict.document;
  return {
    document,
    hash: () => (verdict.hash ??= canonicalHash(document as SerializedSpaceV2)),
  };
}

function remember(key: string, size: number, verdict: Verdict): void {
  const old = verdicts.get(key);
  if (old !== undefined) {
    chars -= old.chars;
    verdicts.delete(key);
  }
  if (size > MAX_CHARS) return;
  verdicts.set(key, { verdict, chars: size });
  chars += size;
  for (const [k, v] of verdicts) {
    if (verdicts.size <= MAX_ENTRIES && chars <= MAX_CHARS) break;
    verdicts.delete(k);
    chars -= v.chars;
  }
}

/** The inputs' JSON: a Map hashes a long string by its length and compares it in full on a hit. */
function keyOf(inputs: DocumentInputs): { key: string; size: number } {
  const key = JSON.stringify([inputs.space, inputs.serializedSpace, inputs.variables]);
  return { key, size: key.length };
}
