import axios, { type AxiosInstance, type AxiosResponse } from "axios";
import { inspect } from "node:util";
import {
  Authenticator,
  type ClientSettings,
  type CredentialSources,
  processSources,
  resolveAuthConfig,
  type ResolvedCredentials,
} from "./credentials";
import {
  ClientConfigError,
  DatabricksError,
  errorFrom,
  InvalidParameterError,
  errorCode,
  networkFailure,
  secretForms,
} from "./errors";
import {
  DEFAULT_RETRY,
  type Outcome,
  parseRetryAfter,
  type RetryPolicy,
  withRetries,
} from "./retry";

export interface ClientOptions {
  /** From the stack config; the environment and ~/.databrickscfg are looked at after them. */
  settings?: ClientSettings;
  /** A method chosen up front (skips resolution and the chain). */
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
  readonly policy: RetryPolicy;
  readonly now: () => number;
  readonly #auth: Authenticator;
  readonly #http: AxiosInstance;
  readonly #sleep: (ms: number) => Promise<void>;
  readonly #random: () => number;
  readonly #log: (line: string) => void;
  /** The server's clock minus ours, from the last answer's Date header. */
  #serverOffsetMs: number | undefined;

  constructor(options: ClientOptions = {}) {
    const sources = options.sources ?? processSources();
    const creds = options.credentials ?? resolveAuthConfig(options.settings, sources);
    this.policy = { ...DEFAULT_RETRY, ...options.retry };
    this.now = options.now ?? Date.now;
    this.#sleep = options.sleep ?? ((ms) => new Promise((r) => setTimeout(r, ms)));
    this.#random = options.random ?? Math.random;
    this.#log = options.log ?? (() => undefined);
    this.#auth = new Authenticator(creds, {
      policy: this.policy,
      sleep: this.#sleep,
      random: this.#random,
      now: this.now,
      log: this.#log,
      timeoutMs: options.timeoutMs ?? 60_000,
      env: sources.env,
      readFile: sources.readFile,
    });
    this.host = this.#auth.host;
    if (!URL.canParse(this.host))
      // Not echoed: a value pasted into the wrong field may be a token.
      throw new ClientConfigError(
        `the Databricks host from ${this.credentialSource} is not a URL (its value is not shown); write it like https://adb-1234.5.azuredatabricks.net`,
      );
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
    const rt = { policy: this.policy, now: this.now, sleep: this.#sleep, random: this.#random };
    return withRetries(
      async (attempt) => {
        const { outcome, error, data } = await this.attempt(req, attempt);
        if (error === undefined) return { ok: true, value: this.validate(req, data) };
        outcomes.set(error, outcome);
        return { ok: false, outcome, error };
      },
      { replayable: req.replayable, read: req.method === "GET", deadline: req.deadline },
      rt,
      (wait, attempt, error) =>
        this.#log(
          `retry ${req.method} ${req.path} after ${Math.round(wait)} ms (attempt ${attempt} failed: ${(error as DatabricksError).apiMessage})`,
        ),
    );
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
    // First: a credential that cannot be had is its own error (already retried), and the facts
    // below name the method the first call found.
    const headers = await this.#auth.headers();
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
        headers,
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
    if (res.status === 401) this.#auth.invalidate();
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

  /** The method in use (`pat`, `databricks-cli`, ...), or `default` before the first request found one. */
  get authKind(): string {
    return this.#auth.name;
  }

  /** Where the credentials come from, said in 401/403 errors (never the value). */
  get credentialSource(): string {
    return this.#auth.source;
  }

  /** Every secret this client holds, in every form it can take in transit (see secretForms). */
  private secrets(): string[] {
    return this.#auth.secrets().flatMap(secretForms);
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

function header(res: AxiosResponse, name: string): string | undefined {
  const v: unknown = res.headers[name];
  return typeof v === "string" ? v : undefined;
}
