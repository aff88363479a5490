import { Struct } from "google-protobuf/google/protobuf/struct_pb";

/**
 * Property values on the wire (google.protobuf.Struct), as the engine sends them to a provider
 * that accepts secrets: a secret is an object signed `4dabf181...` holding `value`; a value not
 * known during preview is the string `04da6b54-...` (the resources' own UNKNOWN, which they
 * accept as it is). The resources take plain values: secrets are unwrapped on the way in, and
 * what a secret input flowed into is wrapped again on the way out.
 */
export const SIG = "4dabf18193072939515e22adb298388d";
export const SECRET_SIG = "1b47061264138c4ac30d75fd1eb44270";

export type Props = Record<string, unknown>;

const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === "object" && v !== null && !Array.isArray(v);

export const isSecret = (v: unknown): v is { value?: unknown } =>
  isRecord(v) && v[SIG] === SECRET_SIG;

export const secret = (value: unknown): Props => ({ [SIG]: SECRET_SIG, value });

/** A Struct as plain JavaScript (an absent Struct is an empty object). */
export function fromStruct(s: Struct | undefined): Props {
  return (s?.toJavaScript() ?? {}) as Props;
}

/** Plain JavaScript as a Struct: `undefined` is left out (the wire has none). */
export function toStruct(value: Props): Struct {
  return Struct.fromJavaScript(defined(value) as never);
}

/** `value` without `undefined` members, copied only where one is found. */
function defined(value: unknown): unknown {
  if (Array.isArray(value)) {
    let out: unknown[] | undefined;
    value.forEach((v, i) => {
      const d = v === undefined ? null : defined(v);
      if (d !== v) (out ??= [...value])[i] = d;
    });
    return out ?? value;
  }
  if (!isRecord(value)) return value;
  let out: Record<string, unknown> | undefined;
  for (const [k, v] of Object.entries(value)) {
    if (v === undefined) {
      out ??= { ...value };
      delete out[k];
      continue;
    }
    const d = defined(v);
    if (d !== v) (out ??= { ...value })[k] = d;
  }
  return out ?? value;
}

/**
 * A value with every secret replaced by what it holds. Copied only where a secret is found: the
 * documents are megabytes, and most inputs hold no secret.
 */
export function unwrap(value: unknown): unknown {
  if (isSecret(value)) return unwrap(value.value);
  if (Array.isArray(value)) {
    let out: unknown[] | undefined;
    value.forEach((v, i) => {
      const u = unwrap(v);
      if (u !== v) (out ??= [...value])[i] = u;
    });
    return out ?? value;
  }
  if (!isRecord(value)) return value;
  let out: Record<string, unknown> | undefined;
  for (const [k, v] of Object.entries(value)) {
    const u = unwrap(v);
    if (u !== v) (out ??= { ...value })[k] = u;
  }
  return out ?? value;
}

export function containsSecret(value: unknown): boolean {
  if (isSecret(value)) return true;
  if (Array.isArray(value)) return value.some(containsSecret);
  if (isRecord(value)) return Object.values(value).some(containsSecret);
  return false;
}

/** The top-level properties that hold a secret anywhere inside. */
export function secretKeys(props: Props): Set<string> {
  return new Set(Object.keys(props).filter((k) => containsSecret(props[k])));
}

/** `props` with the properties named in `keys` wrapped as secrets. */
export function withSecrets(props: Props, keys: Iterable<string>): Props {
  const out = { ...props };
  for (const k of keys)
    if (k in out && out[k] !== undefined && !isSecret(out[k])) out[k] = secret(out[k]);
  return out;
}
