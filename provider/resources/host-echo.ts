import { ClientConfigError, DatabricksError } from "../client/errors";

/**
 * The echoes to drop: `${e}: ${e.stack}` of errors thrown this tick. Pulumi's dynamic-provider
 * host prints an error thrown from check, diff, read or delete to its stderr that way, then answers
 * the engine with the same message, and the engine shows both: the reason twice, once with a
 * stack trace (@pulumi/pulumi cmd/dynamic-provider/index.js; seen with `pulumi refresh
 * --run-program` and a refused token, issue #22).
 */
const pending = new Set<string>();
let installed = false;

/**
 * Lets the engine show an error of ours once: the message says all there is (what failed, the
 * HTTP status, where the credentials came from), so the host's echo of it with a stack trace is
 * dropped. Only that exact line, only in this tick; any other error (a bug) keeps its stack.
 */
export function withoutHostEcho(e: unknown): void {
  if (!(e instanceof DatabricksError || e instanceof ClientConfigError)) return;
  const echo = `${String(e)}: ${e.stack}`;
  pending.add(echo);
  setImmediate(() => pending.delete(echo));
  if (installed) return;
  installed = true;
  const original = console.error.bind(console);
  console.error = (...args: unknown[]) => {
    if (args.length === 1 && typeof args[0] === "string" && pending.delete(args[0])) return;
    original(...args);
  };
}
