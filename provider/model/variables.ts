import { formatPath, type PathSegment, type Problem } from "./problems";

/**
 * `${name}` placeholders, so one document serves every environment
 * (`${catalog}.${schema}.orders`); `$${name}` stands for a literal `${name}` (Spark SQL uses that
 * syntax for its own variables). Placeholders are replaced in every string value of the document
 * or spec: identifiers, text and SQL alike. Keys are never touched.
 *
 * A placeholder (and a `$${...}` literal) lies on one line: a `${` whose `}` comes on a later
 * line is text. The document carries text cut at its line breaks and the spec joined, so only
 * this makes both forms of one space read alike (issue #24).
 */
export const PLACEHOLDER = /\$(\$?)\{([^}\n]*)\}/g;
const NAME = /^[A-Za-z_][A-Za-z0-9_.-]*$/;

export interface SubstitutionResult<T> {
  value: T;
  problems: Problem[];
}

export function substituteVariables<T>(
  value: T,
  variables: Readonly<Record<string, string>>,
): SubstitutionResult<T> {
  const problems: Problem[] = [];
  const known = Object.keys(variables).sort();

  const replace = (text: string, path: PathSegment[]): string =>
    text.replace(PLACEHOLDER, (whole, escape: string, name: string) => {
      if (escape === "$") return whole.slice(1);
      if (!NAME.test(name)) {
        problems.push({
          path: formatPath(path),
          rule: "variable-syntax",
          message: `malformed placeholder '${whole}'`,
          fix: "use ${name} with a letter or _ first, or write $${...} for a literal",
          severity: "error",
        });
        return whole;
      }
      if (!Object.prototype.hasOwnProperty.call(variables, name)) {
        problems.push({
          path: formatPath(path),
          rule: "variable-unknown",
          message: `unknown variable '${name}' in '${whole}'`,
          fix:
            known.length === 0
              ? `pass variables: { ${name}: "..." }, or write $\${${name}} for a literal`
              : `define '${name}' in variables (known: ${known.join(", ")}), or write $\${${name}} for a literal`,
          severity: "error",
        });
        return whole;
      }
      return variables[name] as string;
    });

  // One path, grown and shrunk along the walk (a copy per node cost more than the replacing).
  const path: PathSegment[] = [];
  const walk = (node: unknown): unknown => {
    if (typeof node === "string") return node.includes("$") ? replace(node, [...path]) : node;
    if (Array.isArray(node)) {
      const out = new Array<unknown>(node.length);
      for (let i = 0; i < node.length; i++) {
        path.push(i);
        out[i] = walk(node[i]);
        path.pop();
      }
      return out;
    }
    if (typeof node === "object" && node !== null) {
      const out: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(node)) {
        path.push(k);
        out[k] = walk(v);
        path.pop();
      }
      return out;
    }
    return node;
  };

  return { value: walk(value) as T, problems };
}
