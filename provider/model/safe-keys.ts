import { formatPath, type PathSegment, type Problem } from "./problems";

/**
 * Keys JavaScript gives a meaning of their own. Assigning `obj["__proto__"] = x` replaces the
 * object's prototype instead of adding a property (its content vanishes, or leaks into lookups of
 * other keys), and `constructor` / `prototype` shadow what code reading the object expects. Neither
 * the document nor the spec has a field of these names, so they are refused with their path
 * rather than dropped silently.
 */
export const UNSAFE_KEYS: ReadonlySet<string> = new Set(["__proto__", "constructor", "prototype"]);

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return false;
  const proto = Object.getPrototypeOf(value) as unknown;
  return proto === Object.prototype || proto === null;
}

export function unsafeKeyProblem(path: readonly PathSegment[], key: string): Problem {
  return {
    path: formatPath([...path, key]),
    rule: "unsafe-key",
    message: `the key '${key}' is refused: JavaScript treats it specially, so its content would be lost or leak into other objects`,
    fix: `remove it or correct its spelling (a column of that name can be set in a serializedSpace document, where column names are values)`,
    severity: "error",
  };
}

/**
 * A copy of a JSON-like value without unsafe keys, and a problem for each one found, at its path.
 * Plain objects are rebuilt with own properties only; arrays item by item; anything else (a Date,
 * a class instance, a function) is kept as it is for the schema to report.
 */
export function withoutUnsafeKeys(
  value: unknown,
  path: PathSegment[] = [],
  problems: Problem[] = [],
): { value: unknown; problems: Problem[] } {
  // Almost every value needs no copy: a copy would only rebuild it as it is. A scan that
  // allocates nothing tells (issue #13); nothing downstream changes what it is given.
  if (copyIsSame(value)) return { value, problems };
  const copy = (node: unknown, at: PathSegment[]): unknown => {
    if (Array.isArray(node)) return node.map((v, i) => copy(v, [...at, i]));
    if (!isPlainObject(node)) return node;
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(node)) {
      if (UNSAFE_KEYS.has(key)) {
        problems.push(unsafeKeyProblem(at, key));
        continue;
      }
      out[key] = copy(node[key], [...at, key]);
    }
    return out;
  };
  return { value: copy(value, path), problems };
}

/**
 * Whether the copy of `withoutUnsafeKeys` would be the value itself, rebuilt: no unsafe key, and
 * every object on the way a plain one with Object.prototype, without symbols or hidden properties.
 */
function copyIsSame(node: unknown): boolean {
  if (Array.isArray(node)) {
    for (let i = 0; i < node.length; i++) if (!copyIsSame(node[i])) return false;
    return (
      Object.getPrototypeOf(node) === Array.prototype && node.length === Object.keys(node).length
    );
  }
  if (!isPlainObject(node)) return true;
  if (Object.getPrototypeOf(node) !== Object.prototype) return false;
  const keys = Object.keys(node);
  if (Object.getOwnPropertyNames(node).length !== keys.length) return false;
  if (Object.getOwnPropertySymbols(node).length > 0) return false;
  for (const key of keys) if (UNSAFE_KEYS.has(key) || !copyIsSame(node[key])) return false;
  return true;
}
