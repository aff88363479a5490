import { formatPath, joinPath, type PathSegment, type Problem } from "./problems";
import type { Origins } from "./spec-to-document";
import { specRest } from "./spec-paths";

/** Where a problem is: a document path, or an item of a spec (by origin) and a path inside it. */
export interface Where {
  item?: object;
  path: PathSegment[];
  rest?: PathSegment[];
}

/**
 * Collects the problems of one validation run. An item that came from a friendly spec is reported
 * at its spec path (its origin), with the rest of the path in the spec's terms.
 */
export class Reporter {
  constructor(
    private readonly origins: Origins,
    private readonly out: Problem[],
  ) {}

  error(where: Where, rule: string, message: string, fix: string): void {
    this.report("error", where, rule, message, fix);
  }

  warn(where: Where, rule: string, message: string, fix: string): void {
    this.report("warning", where, rule, message, fix);
  }

  private report(
    severity: Problem["severity"],
    where: Where,
    rule: string,
    message: string,
    fix: string,
  ): void {
    const origin = where.item === undefined ? undefined : this.origins.get(where.item);
    const rest = where.rest ?? [];
    const path =
      origin !== undefined
        ? joinPath(origin, specRest(rest))
        : joinPath(formatPath(where.path), formatPath(rest));
    this.out.push({ path, rule, message, fix, severity });
  }
}
