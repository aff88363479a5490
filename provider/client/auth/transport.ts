import axios, { type AxiosInstance, type AxiosResponse } from "axios";
import { execFile } from "node:child_process";
import { basicAuthForms, errorCode, errorFrom, networkFailure, secretForms } from "../errors";
import { parseRetryAfter, type RetryPolicy, withRetries } from "../retry";

/** What every method needs to reach a token endpoint or run a login tool. */
export interface AuthDeps {
  policy: RetryPolicy;
  sleep: (ms: number) => Promise<void>;
  random: () => number;
  now: () => number;
  log: (line: string) => void;
  timeoutMs: number;
  /** Child processes get this environment (PATH finds `databricks` and `az`); OIDC tokens are read from it. */
  env: Readonly<Record<string, string | undefined>>;
  readFile: (file: string) => string | undefined;
  /** Every secret known so far: the message of any error is scrubbed of them. */
  secrets: () => string[];
}

export interface TokenCall {
  method: "GET" | "POST";
  url: string;
  form?: Record<string, string>;
  headers?: Record<string, string>;
  basic?: { username: string; password: string };
  /** For messages: `cannot get an Azure AD token`. */
  action: string;
  /** Said in a 401/403 (never a value). */
  source: string;
  /** IMDS must be reached directly, whatever HTTP(S)_PROXY says. */
  noProxy?: boolean;
  /** Instead of the client's timeout. */
  timeoutMs?: number;
}

let shared: AxiosInstance | undefined;

/**
 * Calls a token endpoint (the workspace's, Azure AD's, IMDS, GitHub's) and returns its JSON,
 * retrying what the client's policy retries. Failures are the client's own error classes, with
 * secrets scrubbed; the axios error is never kept, since its config holds the credentials.
 */
export async function tokenCall(deps: AuthDeps, call: TokenCall): Promise<Record<string, unknown>> {
  shared ??= axios.create({
    validateStatus: () => true,
    maxRedirects: 0,
    transitional: { clarifyTimeoutError: true },
    headers: { "user-agent": "pulumi-databricks-genie/0.1" },
  });
  const http = shared;
  const url = new URL(call.url);
  // Every form a secret can take in transit, the Basic header of id:secret included.
  const secrets = () => [
    ...deps.secrets().flatMap(secretForms),
    ...(call.basic === undefined ? [] : basicAuthForms(call.basic.username, call.basic.password)),
  ];
  const facts = {
    method: call.method,
    path: `${url.origin}${url.pathname}`,
    action: call.action,
    credentialSource: call.source,
    secrets: secrets(),
  };
  // The client's one retry loop: no retry, and no wait, past the budget. A Retry-After of an hour
  // (Azure AD throttling) fails now rather than holding the deployment that long.
  return withRetries<Record<string, unknown>>(
    async () => {
      let res: AxiosResponse;
      try {
        res = await http.request({
          method: call.method,
          url: call.url,
          timeout: call.timeoutMs ?? deps.timeoutMs,
          data: call.form === undefined ? undefined : new URLSearchParams(call.form).toString(),
          headers: {
            ...(call.form === undefined
              ? {}
              : { "content-type": "application/x-www-form-urlencoded" }),
            ...call.headers,
          },
          auth: call.basic,
          proxy: call.noProxy === true ? false : undefined,
        });
      } catch (e) {
        const code = errorCode(e);
        const network = networkFailure(code);
        const error = errorFrom({
          ...facts,
          host: url.origin,
          secrets: secrets(),
          network,
          networkDetail: code || "no error code",
        });
        return { ok: false, outcome: { network }, error };
      }
      const body: unknown = res.data;
      if (res.status === 200 && typeof body === "object" && body !== null)
        return { ok: true, value: body as Record<string, unknown> };
      const retryAfter = res.headers["retry-after"] as unknown;
      const outcome = {
        status: res.status === 200 ? 502 : res.status,
        retryAfterSeconds: parseRetryAfter(
          typeof retryAfter === "string" ? retryAfter : undefined,
          deps.now(),
        ),
      };
      const error = errorFrom({
        ...facts,
        secrets: secrets(),
        status: outcome.status,
        body: res.status === 200 ? "the answer is not JSON" : body,
      });
      return { ok: false, outcome, error };
    },
    { replayable: true },
    deps,
  );
}

export type RunResult =
  { ok: true; stdout: string } | { ok: false; notFound: boolean; message: string };

/**
 * Runs a login tool (`databricks auth token`, `az account get-access-token`) without a shell and
 * without inheriting stdio, so nothing it prints reaches Pulumi's log; stderr is kept for the
 * error message. On Windows `az` is a `.cmd` file, which only a shell runs.
 */
export function runTool(
  deps: AuthDeps,
  file: string,
  args: string[],
  timeoutMs = 60_000,
): Promise<RunResult> {
  return new Promise((resolve) => {
    execFile(
      file,
      args,
      {
        env: deps.env as NodeJS.ProcessEnv,
        timeout: timeoutMs,
        maxBuffer: 1024 * 1024,
        windowsHide: true,
        shell: process.platform === "win32",
      },
      (error, stdout, stderr) => {
        if (error === null) return resolve({ ok: true, stdout: String(stdout) });
        const code = (error as { code?: unknown }).code;
        const text = String(stderr).trim() || String(stdout).trim() || error.message;
        resolve({
          ok: false,
          notFound: code === "ENOENT",
          message: (error.killed ? `timed out after ${timeoutMs} ms; ` : "") + text.slice(-600),
        });
      },
    );
  });
}

/** Parses what a tool printed as JSON; undefined when it is not a JSON object. */
export function jsonObject(text: string): Record<string, unknown> | undefined {
  try {
    const v: unknown = JSON.parse(text);
    return typeof v === "object" && v !== null && !Array.isArray(v)
      ? (v as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}
