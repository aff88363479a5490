import { canonicalize, stableStringify } from "./canonical";
import { toSerializedSpace } from "./serialize";
import { specFromDocument } from "./spec-from-document";
import type { GenieSpaceSpec } from "./spec";

/**
 * How a program should declare a live space it takes over: the friendly spec when it says
 * everything the document says (compared by meaning, as `genie generate` decides), otherwise the
 * document itself, so that nothing the spec cannot carry (fields this package does not know, an
 * answer that is not SQL) is deleted from the space at the next deploy.
 *
 * @example
 * declarationOf(live.serialized_space) // { space: { tables: ["dev.sales.orders"] } }
 */
export function declarationOf(
  document: string | object,
): { space: GenieSpaceSpec } | { serializedSpace: string } {
  const text = typeof document === "string" ? document : JSON.stringify(document);
  try {
    const spec = specFromDocument(JSON.parse(text));
    const said = stableStringify(canonicalize(toSerializedSpace(spec).document));
    if (said === stableStringify(canonicalize(text))) return { space: spec };
  } catch {
    // A document the model cannot read is declared as it is: the server's word stands.
  }
  return { serializedSpace: text };
}
