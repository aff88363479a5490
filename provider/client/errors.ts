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
  /** The workspace, named when it cannot be reached. */
  host?: string;
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
/**
 * No answer: a timeout, a broken or refused connection, a DNS or TLS failure. `network` says which;
 * after a timeout or a broken connection the request may or may not have been carried out.
 */
export class NetworkError extends DatabricksError {
  network: NetworkFailure = "connection";
}

export type NetworkFailure = "timeout" | "connection" | "refused" | "dns" | "tls";

/** A space the create may have made: what the error shows so the user can adopt it. */
export interface CreateCandidate {
  space_id: string;
  title?: string;
  parent_path?: string;
  create_time?: string;
}

/**
 * A create got no usable answer and the lookup for the space it may have made did not settle it
 * (the lookup failed, or found spaces that cannot be told apart). Nothing was sent twice.
 */
export class CreateOutcomeUnknownError extends DatabricksError {
  candidates: readonly CreateCandidate[] = [];
}

/** Builds the error of a create whose outcome stayed unknown; `cause` is the failure that started it. */
export function createOutcomeUnknown(
  action: string,
  cause: DatabricksError,
  why: string,
  candidates: readonly CreateCandidate[],
): CreateOutcomeUnknownError {
  const listed =
    candidates.length === 0
      ? "no space that might be ours was found"
      : `spaces that might be the one it made: ${candidates
          .map(
            (c) =>
              `${c.space_id} ('${c.title ?? ""}' in ${c.parent_path ?? "?"}, created ${c.create_time ?? "?"})`,
          )
          .join("; ")}`;
  const fix =
    candidates.length === 0
      ? "look for the space in the workspace; if it is there, set adoptSpaceId to its id, otherwise run `pulumi up` again"
      : `set adoptSpaceId to the one that is ours (or trash those that are not) and run \`pulumi up\` again`;
  const message = `${action}: the outcome of the create is unknown (${cause.apiMessage}); ${why}; it was not sent again, so no second space was made; ${listed}. Fix: ${fix}`;
  const e = new CreateOutcomeUnknownError(message, {
    method: cause.method,
    path: cause.path,
    action,
    status: cause.status,
    errorCode: cause.errorCode,
    requestId: cause.requestId,
    apiMessage: cause.apiMessage,
  });
  e.candidates = candidates;
  return e;
}

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

/**
 * The forms a secret can take in transit: as is, URL- and form-encoded, JSON-escaped, base64 and
 * base64url. A server or proxy that echoes a request back (headers, query, body) shows one of them.
 */
export function secretForms(secret: string): string[] {
  const forms = [
    secret,
    encodeURIComponent(secret),
    encodeURIComponent(secret).replace(/%20/g, "+"),
    JSON.stringify(secret).slice(1, -1),
    Buffer.from(secret).toString("base64"),
    Buffer.from(secret).toString("base64").replace(/=+$/, ""),
    Buffer.from(secret).toString("base64url"),
  ];
  return [...new Set(forms)];
}

/** HTTP Basic credentials (`base64(user:password)`, the OAuth client credentials) in every form. */
export function basicAuthForms(user: string, password: string): string[] {
  const b64 = Buffer.from(`${user}:${password}`).toString("base64");
  return [...new Set([...secretForms(`${user}:${password}`), encodeURIComponent(b64)])];
}

/**
 * Replaces every secret in `text` with `***`, whatever its letter case (a server may lower-case
 * a header it echoes). Give it {@link secretForms} of each secret to catch encoded forms too.
 */
export function redact(text: string, secrets: readonly string[]): string {
  let out = text;
  const longestFirst = [...secrets]
    .filter((s) => s.length >= 4)
    .sort((a, b) => b.length - a.length);
  for (const s of longestFirst)
    out = out.replace(new RegExp(s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"), "gi"), "***");
  return out;
}

export interface ResponseFacts extends RequestFacts {
  status?: number;
  body?: unknown;
  requestId?: string;
  /** Set for a request that got no answer. */
  network?: NetworkFailure;
  /** The error code of the failure (ENOTFOUND, ECONNRESET, CERT_HAS_EXPIRED, ...). */
  networkDetail?: string;
  secrets: readonly string[];
}

/** The one factory: every failed call becomes one of the classes above. */
export function errorFrom(facts: ResponseFacts): DatabricksError {
  const scrub = (t: string) => redact(t, facts.secrets);
  if (facts.network !== undefined || facts.status === undefined) {
    const apiMessage = scrub(networkMessage(facts.network ?? "connection", facts));
    const e = new NetworkError(`${facts.action}: ${apiMessage} (${facts.method} ${facts.path})`, {
      ...facts,
      apiMessage,
    });
    e.network = facts.network ?? "connection";
    return e;
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
          ? // Scrubbed before it is cut: a cut could leave the start of a secret no form matches.
            scrub(facts.body).slice(0, 500)
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

/** What failed, naming the host: a DNS failure during a create must not read like another call. */
function networkMessage(kind: NetworkFailure, facts: ResponseFacts): string {
  const host = facts.host ?? "the workspace";
  const code =
    facts.networkDetail !== undefined && facts.networkDetail !== ""
      ? facts.networkDetail
      : "unknown";
  switch (kind) {
    case "timeout":
      return `no answer from ${host} before the timeout`;
    case "dns":
      return `cannot reach ${host}: its name does not resolve (${code}); check the workspace host`;
    case "refused":
      return `cannot reach ${host}: connection refused (${code})`;
    case "tls":
      return `cannot reach ${host}: TLS certificate problem (${code})`;
    default:
      return `connection to ${host} failed (${code})`;
  }
}

/** The error code of a failed request (Node's or axios's), or "". */
export function errorCode(e: unknown): string {
  const code = (e as { code?: unknown }).code;
  return typeof code === "string" ? code : "";
}

/** Node's and axios's error codes, sorted by what they say about the request. */
export function networkFailure(code: string): NetworkFailure {
  if (code === "ETIMEDOUT" || code === "ECONNABORTED") return "timeout";
  if (code === "ECONNREFUSED") return "refused";
  if (code === "ENOTFOUND" || code === "EAI_AGAIN" || code === "EAI_NONAME") return "dns";
  if (code === "EPROTO" || /CERT|SSL|TLS|SELF_SIGNED|UNABLE_TO_(GET|VERIFY)/.test(code))
    return "tls";
  return "connection";
}
