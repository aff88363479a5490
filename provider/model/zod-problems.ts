import type { z } from "zod";
import { formatPath, joinPath, type PathSegment, type Problem } from "./problems";

function fixFor(issue: z.core.$ZodIssue): string {
  switch (issue.code) {
    case "invalid_type":
      return issue.expected === "array"
        ? 'text and SQL go as arrays of strings, e.g. ["line 1\\n", "line 2"]'
        : `give a value of type ${issue.expected}`;
    case "unrecognized_keys":
      return "remove the property or correct its spelling (see the GenieSpaceSpec type)";
    case "invalid_value":
      return `use one of: ${issue.values.map((v) => JSON.stringify(v)).join(", ")}`;
    case "invalid_union":
      return "see the expected shapes in the GenieSpaceSpec type";
    default:
      return "correct the value";
  }
}

/** zod's issues as problems, with property paths rendered the way the rest of the model does. */
export function zodProblems(error: z.ZodError, base: string): Problem[] {
  return error.issues.flatMap((issue) => {
    const path = issue.path.filter((s): s is PathSegment => typeof s !== "symbol");
    if (issue.code === "unrecognized_keys") {
      return issue.keys.map((key) => ({
        path: joinPath(base, formatPath([...path, key])),
        rule: "schema-unrecognized_keys",
        message: `unknown property '${key}'`,
        fix: fixFor(issue),
        severity: "error" as const,
      }));
    }
    const message = issue.message;
    return [
      {
        path: joinPath(base, formatPath(path)),
        rule: `schema-${issue.code}`,
        message,
        fix: fixFor(issue),
        severity: "error" as const,
      },
    ];
  });
}
