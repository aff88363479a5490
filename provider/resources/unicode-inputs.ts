import * as pulumi from "@pulumi/pulumi";
import { INVALID_TEXT, type InvalidText, LONE_FIX } from "./invalid-text";

export { INVALID_TEXT };

/**
 * Lone surrogates in the inputs of a resource. A string holding half of a character (text cut
 * with `.slice` in the middle of an emoji) cannot cross Pulumi's gRPC transport: protobuf writes
 * it as invalid UTF-8 and the engine fails the registration with "grpc: error unmarshalling
 * request: string field contains invalid UTF-8" and a stack trace, or the half is dropped
 * silently, before `check` ever sees it (seen with a real CLI v3.259.0, issue #24). So the
 * constructors look at every string, as given or once an Output is known, put U+FFFD in place
 * of each half (the value can then travel), and hand `check` the list under the internal input
 * `INVALID_TEXT`, which it refuses with the property named.
 */

const LONE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;
const LONE_ALL = new RegExp(LONE.source, "g");

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== "object" || value === null) return false;
  const proto = Object.getPrototypeOf(value) as unknown;
  return proto === Object.prototype || proto === null;
}

const isPending = (v: unknown): boolean =>
  pulumi.Output.isInstance(v) ||
  (typeof v === "object" && v !== null && typeof (v as { then?: unknown }).then === "function");

const join = (path: string, key: string) => (path === "" ? key : `${path}.${key}`);

/**
 * A value with every lone surrogate replaced by U+FFFD, walking plain objects (keys too) and
 * lists, each finding recorded in `found`. An Output or promise is handed to `pending` (left as it
 * is without one); anything else that is not plain (a Resource) is left alone.
 */
function mend(
  value: unknown,
  path: string,
  found: InvalidText[],
  pending?: (value: unknown, path: string) => unknown,
): unknown {
  if (isPending(value)) return pending === undefined ? value : pending(value, path);
  if (typeof value === "string") {
    const m = LONE.exec(value);
    if (m === null) return value;
    const code = (m[0].codePointAt(0) ?? 0).toString(16);
    found.push({
      property: path,
      reason: `holds a lone surrogate (\\u${code} at character ${m.index + 1} of ${value.length}), half of a character`,
    });
    return value.replace(LONE_ALL, "\ufffd");
  }
  if (Array.isArray(value)) return value.map((v, i) => mend(v, `${path}[${i}]`, found, pending));
  if (!isPlainObject(value)) return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) {
    const key = k.replace(LONE_ALL, "\ufffd");
    if (key !== k)
      found.push({
        property: path === "" ? "(a key)" : path,
        reason: "has a key holding a lone surrogate",
      });
    out[key] = mend(v, join(path, key), found, pending);
  }
  return out;
}

/**
 * `args` with lone surrogates mended, walking into plain objects and lists, and into every Output
 * or promise once it is known (its secrecy and dependencies kept); `invalid` lists what was found
 * (an Output when some values come later), or is undefined when nothing was or can be. Resources
 * found among the arguments are left alone: they check their own inputs.
 */
export function mendedInputs<T>(args: T): {
  args: T;
  invalid: pulumi.Input<InvalidText[] | undefined> | undefined;
} {
  const now: InvalidText[] = [];
  const later: InvalidText[] = [];
  const pending: pulumi.Output<unknown>[] = [];
  const mended = mend(args, "", now, (value, path) => {
    const known = (pulumi.output(value as pulumi.Input<object>) as pulumi.Output<unknown>).apply(
      (v) => mend(v, path, later),
    );
    pending.push(known);
    return known;
  }) as T;
  if (pending.length === 0) return { args: mended, invalid: now.length > 0 ? now : undefined };
  // Every pending value has been mended (and `later` filled) once all of them are known.
  const invalid = pulumi.all(pending).apply(() => {
    const all = [...now, ...later];
    return all.length > 0 ? all : undefined;
  });
  return { args: mended, invalid };
}

/**
 * For a component, which has no check of its own: a plain argument with a lone surrogate throws
 * here as a `RunError` (Pulumi prints its message alone, no stack trace). Outputs are left as
 * they are, for the GenieSpace and GenieSpacePermissions they reach to refuse by their own
 * property names; one that reaches only an `@pulumi/databricks` resource is that provider's.
 */
export function refuseLoneSurrogates<T>(kind: string, name: string, args: T): void {
  const found: InvalidText[] = [];
  mend(args, "", found);
  if (found.length > 0)
    throw new pulumi.RunError(
      `${kind} "${name}": ${found.map((f) => `${f.property} ${f.reason}`).join("; ")} (fix: ${LONE_FIX})`,
    );
}
