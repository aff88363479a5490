import axios, { type AxiosInstance, type AxiosResponse } from "axios";
import { inspect } from "node:util";
import {
  type ClientSettings,
  type CredentialSources,
  resolveCredentials,
  type ResolvedCredentials,
} from "./credentials";
import {
  basicAuthForms,
  ClientConfigError,
  DatabricksError,
  errorFrom,
  InvalidParameterError,
  type NetworkFailure,
  secretForms,
} from "./errors";
import {
  DEFAULT_RETRY,
  type Outcome,
  parseRetryAfter,
  retryDelay,
  type RetryPolicy,
  shouldRetry,
} from "./retry";

export interface ClientOptions {
  /** From the stack config; the environment and ~/.databrickscfg are looked at after them. */
  settings?: ClientSettings;
  /** Already resolved credentials (skips resolution). */
  credentials?: ResolvedCredentials;
  /** Where resolution looks besides the settings (tests inject their own). */
  sources?: CredentialSources;
  /** Per request; default 60 s. */
  timeoutMs?: number;
  retry?: Partial<RetryPolicy>;
  /** Injectable for tests: waits between attempts. */
  sleep?: (ms: number) => Promise<void>;
  now?: () => number;
  random?: () => number;
  /** Debug lines (method, path, status, attempt); they never carry a secret. */
  log?: (line: string) => void;
}

export interface ApiRequest<T> {
  method: "GET" | "POST" | "PUT" | "PATCH" | "DELETE";
  path: string;
  query?: Record<string, string | number | boolean | undefined>;
  body?: unknown;
  /** For messages: `cannot update genie space 01f0...`. */
  action: string;
  /** May this request be sent again when its outcome is unknown? */
  replayable: boolean;
  /** Validates the answer where its shape matters (a zod schema fits). */
  schema?: Validator<T>;
  /** No retry or wait past this time (the client's clock): a caller's budget over several requests. */
  deadline?: number;
}

/** What the client needs of a schema; kept structural so no zod type reaches the published typings. */
export interface Validator<T> {
  safeParse(data: unknown):
    | { success: true; data: T }
    | {
        success: false;
        error: { issues: readonly { path: readonly PropertyKey[]; message: string }[] };
      };
}

/**
 * The one way this package talks to Databricks: authentication, timeouts, retries, typed errors.
 * Secrets live in private fields: printing or serializing the client shows the host, the kind of
 * credential and where it came from, never the value.
 */
export class DatabricksClient {
  readonly host: string;
  readonly credentialSource: string;
  readonly authKind: "pat" | "oauth-m2m";
  readonly policy: RetryPolicy;
  readonly now: () => number;
  readonly #creds: ResolvedCredentials;
  readonly #http: AxiosInstance;
  readonly #sleep: (ms: number) => Promise<void>;
  readonly #random: () => number;
  readonly #log: (line: string) => void;
  /** The server's clock minus ours, from the last answer's Date header. */
  #serverOffsetMs: number | undefined;
  #oauth: { token: string; refreshAt: number } | undefined;
  #oauthInFlight: Promise<string> | undefined;

  constructor(options: ClientOptions = {}) {
    this.#creds = options.credentials ?? resolveCredentials(options.settings, options.sources);
    if (!URL.canParse(this.#creds.host))
      // Not echoed: a value pasted into the wrong field may be a token.
      throw new ClientConfigError(
        `the Databricks host from ${this.#creds.source} is not a URL (its value is not shown); write it like https://adb-1234.5.azuredatabricks.net`,
      );
    this.host = this.#creds.host;
    this.credentialSource = this.#creds.source;
    this.authKind = this.#creds.auth.kind;
    this.policy = { ...DEFAULT_RETRY, ...options.retry };
    this.now = options.now ?? Date.now;
    this.#sleep = options.sleep ?? ((ms) => new Promise((r) => setTimeout(r, ms)));
    this.#random = options.random ?? Math.random;
    this.#log = options.log ?? (() => undefined);
    this.#http = axios.create({
      baseURL: this.host,
      timeout: options.timeoutMs ?? 60_000,
      validateStatus: () => true,
      transitional: { clarifyTimeoutError: true },
      headers: { "user-agent": "pulumi-databricks-genie/0.1" },
      maxRedirects: 0,
    });
  }

  /**
   * Sends a request, retrying as the policy says (bounded by time: `maxElapsedMs`, or the request's
   * own deadline); returns the parsed answer or throws a DatabricksError, whose `outcome` tells
   * the caller whether the server may have carried the request out.
   */
  async request<T = unknown>(req: ApiRequest<T>): Promise<T> {
    const started = this.now();
    const deadline = Math.min(req.deadline ?? Infinity, started + this.policy.maxElapsedMs);
    let serverErrors = 0;
    for (let attempt = 1; ; attempt++) {
      const { outcome, error, data } = await this.attempt(req, attempt);
      if (error === undefined) return this.validate(req, data);
      outcomes.set(error, outcome);
      if ("status" in outcome && outcome.status === 500) serverErrors++;
      const facts = {
        replayable: req.replayable,
        attempt,
        elapsedMs: this.now() - started,
        read: req.method === "GET",
        serverErrors,
      };
      if (!shouldRetry(outcome, facts, this.policy)) throw error;
      const wait = retryDelay(outcome, attempt, this.policy, this.#random());
      if (this.now() + wait > deadline) throw error;
      this.#log(
        `retry ${req.method} ${req.path} after ${Math.round(wait)} ms (attempt ${attempt} failed: ${error.apiMessage})`,
      );
      await this.#sleep(wait);
    }
  }

  /** Waits, on the client's (injectable) clock. */
  sleep(ms: number): Promise<void> {
    return this.#sleep(ms);
  }

  /**
   * The server's time now, as its last Date header told (to the second), or undefined before any
   * answer carried one. Compares our clock with the create_time the server stamps.
   */
  serverNow(): number | undefined {
    return this.#serverOffsetMs === undefined ? undefined : this.now() + this.#serverOffsetMs;
  }

  private async attempt<T>(
    req: ApiRequest<T>,
    attempt: number,
  ): Promise<{ outcome: Outcome; error?: DatabricksError; data?: unknown }> {
    const facts = {
      method: req.method,
      path: req.path,
      action: req.action,
      credentialSource: this.credentialSource,
      host: this.host,
      secrets: this.secrets(),
    };
    let res: AxiosResponse;
    try {
      res = await this.#http.request({
        method: req.method,
        url: req.path,
        params: req.query,
        data: req.body,
        headers: { authorization: `Bearer ${await this.token()}` },
      });
    } catch (e) {
      if (e instanceof DatabricksError) {
        const known = outcomes.get(e);
        return { outcome: known ?? { status: e.status ?? 0 }, error: e };
      }
      const code = errorCode(e);
      const network = networkFailure(code);
      this.#log(`${req.method} ${req.path} attempt ${attempt}: no answer (${code || "error"})`);
      // The axios error is not kept as `cause`: its config holds the Authorization header. Only
      // its code is used: its message may name the URL, or echo what was sent.
      return {
        outcome: { network },
        error: errorFrom({ ...facts, network, networkDetail: code || "no error code" }),
      };
    }
    this.noteServerTime(res);
    this.#log(`${req.method} ${req.path} attempt ${attempt}: HTTP ${res.status}`);
    if (res.status >= 200 && res.status < 300)
      return { outcome: { status: res.status }, data: res.data };
    if (res.status === 401) this.#oauth = undefined;
    const requestId = header(res, "x-request-id") ?? header(res, "x-databricks-request-id");
    const retryAfterSeconds = parseRetryAfter(header(res, "retry-after"), this.now());
    return {
      outcome: { status: res.status, retryAfterSeconds },
      error: errorFrom({ ...facts, status: res.status, body: res.data, requestId }),
    };
  }

  private noteServerTime(res: AxiosResponse): void {
    const date = Date.parse(header(res, "date") ?? "");
    // The header has whole seconds: the server's time was somewhere in the next second.
    if (!Number.isNaN(date)) this.#serverOffsetMs = date + 500 - this.now();
  }

  private validate<T>(req: ApiRequest<T>, data: unknown): T {
    if (req.schema === undefined) return data as T;
    const parsed = req.schema.safeParse(data === "" ? {} : data);
    if (parsed.success) return parsed.data;
    const detail = parsed.error.issues
      .map((i) => `${i.path.map(String).join(".") || "(answer)"}: ${i.message}`)
      .join("; ");
    throw new InvalidParameterError(
      `${req.action}: the answer has an unexpected shape (${detail})`,
      {
        method: req.method,
        path: req.path,
        action: req.action,
        apiMessage: detail,
      },
    );
  }

  /** The bearer token: the PAT, or an OAuth token fetched, cached, and refreshed before it expires. */
  private async token(): Promise<string> {
    const auth = this.#creds.auth;
    if (auth.kind === "pat") return auth.token;
    if (this.#oauth !== undefined && this.now() < this.#oauth.refreshAt) return this.#oauth.token;
    this.#oauthInFlight ??= this.fetchOAuthToken(auth.clientId, auth.clientSecret).finally(
      () => (this.#oauthInFlight = undefined),
    );
    return this.#oauthInFlight;
  }

  private async fetchOAuthToken(clientId: string, clientSecret: string): Promise<string> {
    const path = "/oidc/v1/token";
    const facts = {
      method: "POST",
      path,
      action: "cannot get an OAuth token",
      credentialSource: this.credentialSource,
      secrets: this.secrets(),
    };
    const started = this.now();
    const retry = (outcome: Outcome, attempt: number) =>
      shouldRetry(
        outcome,
        { replayable: true, attempt, elapsedMs: this.now() - started },
        this.policy,
      );
    for (let attempt = 1; ; attempt++) {
      let res: AxiosResponse;
      try {
        res = await this.#http.post(path, "grant_type=client_credentials&scope=all-apis", {
          auth: { username: clientId, password: clientSecret },
          headers: { "content-type": "application/x-www-form-urlencoded" },
        });
      } catch (e) {
        const code = errorCode(e);
        const network = networkFailure(code);
        const error = errorFrom({ ...facts, host: this.host, network, networkDetail: code });
        if (!retry({ network }, attempt)) throw error;
        await this.#sleep(retryDelay({ network }, attempt, this.policy, this.#random()));
        continue;
      }
      const body = res.data as { access_token?: unknown; expires_in?: unknown };
      if (res.status === 200 && typeof body.access_token === "string") {
        const life = (typeof body.expires_in === "number" ? body.expires_in : 3600) * 1000;
        // Refresh a minute early (or at 90% of a short life), so no request carries an expired token.
        this.#oauth = {
          token: body.access_token,
          refreshAt: this.now() + Math.max(0, Math.min(life - 60_000, life * 0.9)),
        };
        return body.access_token;
      }
      const outcome: Outcome = {
        status: res.status,
        retryAfterSeconds: parseRetryAfter(header(res, "retry-after"), this.now()),
      };
      const error = errorFrom({ ...facts, status: res.status, body: res.data });
      if (!retry(outcome, attempt)) throw error;
      await this.#sleep(retryDelay(outcome, attempt, this.policy, this.#random()));
    }
  }

  /** Every secret this client holds, in every form it can take in transit (see secretForms). */
  private secrets(): string[] {
    const a = this.#creds.auth;
    const list =
      a.kind === "pat"
        ? secretForms(a.token)
        : [...secretForms(a.clientSecret), ...basicAuthForms(a.clientId, a.clientSecret)];
    if (this.#oauth !== undefined) list.push(...secretForms(this.#oauth.token));
    return list;
  }

  toJSON(): Record<string, string> {
    return { host: this.host, auth: this.authKind, credentialSource: this.credentialSource };
  }

  [inspect.custom](): string {
    return `DatabricksClient ${JSON.stringify(this.toJSON())}`;
  }
}

/** The outcome of the attempt that produced each error, for callers that must know it. */
const outcomes = new WeakMap<DatabricksError, Outcome>();

/** How the last attempt behind an error ended (undefined for errors not made by a request). */
export function outcomeOf(error: unknown): Outcome | undefined {
  return error instanceof DatabricksError ? outcomes.get(error) : undefined;
}

function errorCode(e: unknown): string {
  const code = (e as { code?: unknown }).code;
  return typeof code === "string" ? code : "";
}

/** Node's and axios's error codes, sorted by what they say about the request. */
function networkFailure(code: string): NetworkFailure {
  if (code === "ETIMEDOUT" || code === "ECONNABORTED") return "timeout";
  if (code === "ECONNREFUSED") return "refused";
  if (code === "ENOTFOUND" || code === "EAI_AGAIN" || code === "EAI_NONAME") return "dns";
  if (code === "EPROTO" || /CERT|SSL|TLS|SELF_SIGNED|UNABLE_TO_(GET|VERIFY)/.test(code))
    return "tls";
  return "connection";
}

function header(res: AxiosResponse, name: string): string | undefined {
  const v: unknown = res.headers[name];
  return typeof v === "string" ? v : undefined;
}
