/**
 * One error class per kind of failure, built by one factory from the status, the `error_code` and
 * the message (Databricks envelope: `{"error_code": "...", "message": "..."}`). Messages read like
 * `cannot update genie space 01f0...: INVALID_PARAMETER_VALUE: ... (HTTP 400)` and never carry a
 * token or client secret.
 */
export interface RequestFacts {
  method: string;
  path: string;
  /** What was being done, e.g. `cannot update genie space 01f0...`. */
  action: string;
  /** Where the credentials came from (named in 401/403, never their value). */
  credentialSource?: string;
}

export class DatabricksError extends Error {
  readonly method: string;
  readonly path: string;
  readonly status: number | undefined;
  readonly errorCode: string | undefined;
  readonly requestId: string | undefined;
  /** The server's own message, scrubbed of secrets. */
  readonly apiMessage: string;

  constructor(
    message: string,
    facts: RequestFacts & {
      status?: number;
      errorCode?: string;
      requestId?: string;
      apiMessage: string;
    },
  ) {
    super(message);
    this.name = new.target.name;
    this.method = facts.method;
    this.path = facts.path;
    this.status = facts.status;
    this.errorCode = facts.errorCode;
    this.requestId = facts.requestId;
    this.apiMessage = facts.apiMessage;
  }
}

export class UnauthenticatedError extends DatabricksError {}
export class PermissionDeniedError extends DatabricksError {}
export class NotFoundError extends DatabricksError {}
export class InvalidParameterError extends DatabricksError {}
export class ConflictError extends DatabricksError {}
export class RateLimitedError extends DatabricksError {}
export class ServerError extends DatabricksError {}
export class NotEnabledError extends DatabricksError {}
/** No answer: a timeout or a broken connection. The request may or may not have been carried out. */
export class NetworkError extends DatabricksError {}

/** The configuration cannot work (no host, plain http to a remote host, unknown profile, ...). */
export class ClientConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ClientConfigError";
  }
}

function classFor(status: number): typeof DatabricksError {
  if (status === 401) return UnauthenticatedError;
  if (status === 403) return PermissionDeniedError;
  if (status === 404) return NotFoundError;
  if (status === 409) return ConflictError;
  if (status === 429) return RateLimitedError;
  if (status === 501) return NotEnabledError;
  if (status >= 500) return ServerError;
  if (status >= 400) return InvalidParameterError;
  return DatabricksError;
}

/** Replaces every secret in `text` with `***`. */
export function redact(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const s of secrets) if (s.length >= 4) out = out.split(s).join("***");
  return out;
}

export interface ResponseFacts extends RequestFacts {
  status?: number;
  body?: unknown;
  requestId?: string;
  /** Set for a request that got no answer. */
  network?: "timeout" | "connection";
  networkDetail?: string;
  secrets: readonly string[];
}

/** The one factory: every failed call becomes one of the classes above. */
export function errorFrom(facts: ResponseFacts): DatabricksError {
  const scrub = (t: string) => redact(t, facts.secrets);
  if (facts.network !== undefined || facts.status === undefined) {
    const what =
      facts.network === "timeout"
        ? "no answer before the timeout"
        : `connection failed (${facts.networkDetail ?? "unknown"})`;
    const apiMessage = scrub(what);
    return new NetworkError(`${facts.action}: ${apiMessage} (${facts.method} ${facts.path})`, {
      ...facts,
      apiMessage,
    });
  }
  const body =
    typeof facts.body === "object" && facts.body !== null
      ? (facts.body as Record<string, unknown>)
      : {};
  const errorCode =
    typeof body["error_code"] === "string"
      ? body["error_code"]
      : typeof body["error"] === "string"
        ? body["error"]
        : undefined;
  const rawMessage =
    typeof body["message"] === "string"
      ? body["message"]
      : typeof body["error_description"] === "string"
        ? body["error_description"]
        : typeof facts.body === "string" && facts.body !== ""
          ? facts.body.slice(0, 500)
          : "no message";
  const apiMessage = scrub(rawMessage);
  let message = `${facts.action}: ${errorCode ?? "HTTP_ERROR"}: ${apiMessage} (HTTP ${facts.status})`;
  if ((facts.status === 401 || facts.status === 403) && facts.credentialSource !== undefined) {
    message += ` [credentials from ${facts.credentialSource}]`;
  }
  if (facts.requestId !== undefined) message += ` [request id ${facts.requestId}]`;
  const Kind = classFor(facts.status);
  return new Kind(scrub(message), { ...facts, errorCode, apiMessage });
}
