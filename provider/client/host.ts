import { ClientConfigError } from "./errors";

const LOOPBACK = /^(localhost|127(\.\d{1,3}){3}|\[::1\])$/i;
/** A Databricks personal access token (`dapi` and 32 hex digits, an optional `-N` suffix). */
const TOKEN_SHAPED = /^dapi[0-9a-f]{32}(-\d+)?$/i;

/**
 * `adb-123.azuredatabricks.net/` -> `https://adb-123.azuredatabricks.net`. Plain http is refused
 * except on a loopback address (the bundled emulator): a token sent over http crosses the network
 * in clear text.
 */
export function normalizeHost(
  raw: string,
  source: string,
  tokenWhere = "`pulumi config set --secret databricks:token`",
): string {
  let host = raw.trim();
  if (host === "") throw new ClientConfigError(`the Databricks host from ${source} is empty`);
  // A token pasted into the host field would otherwise become a host name, and be shown in DNS
  // errors and in the space's url output.
  if (TOKEN_SHAPED.test(host.replace(/^https?:\/\//i, "").replace(/\/+$/, "")))
    throw new ClientConfigError(
      `the Databricks host from ${source} looks like an access token (its value is not shown); set the host to the workspace URL and the token apart (${tokenWhere})`,
    );
  if (!/^[a-z][a-z0-9+.-]*:\/\//i.test(host)) host = `https://${host}`;
  let url: URL;
  try {
    url = new URL(host);
  } catch {
    // The value is not echoed: what was pasted into the host field may be a token.
    throw new ClientConfigError(
      `the Databricks host from ${source} is not a URL (its value is not shown); write it like https://adb-1234.5.azuredatabricks.net`,
    );
  }
  if (url.protocol === "http:" && !LOOPBACK.test(url.hostname)) {
    throw new ClientConfigError(
      `refusing plain http:// for ${url.hostname} (from ${source}): the token would cross the network unencrypted; use https://`,
    );
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") {
    throw new ClientConfigError(
      `the Databricks host from ${source} uses ${url.protocol}// (its value is not shown); it must use https://`,
    );
  }
  return `${url.protocol}//${url.host}${url.pathname.replace(/\/+$/, "")}`;
}
