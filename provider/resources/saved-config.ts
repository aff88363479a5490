import { PermissionDeniedError, UnauthenticatedError } from "../client/errors";

/**
 * Said after a refused credential that came from the stack config, when refresh or destroy ran:
 * those use the provider config saved in the state by the last update, not the current one
 * (measured with pulumi v3.259.0: after `pulumi config set --secret databricks:token <new>` and the
 * old token revoked, `pulumi refresh` and `pulumi destroy` sent the old token and got 401, while
 * `--run-program` and `pulumi up` used the new one; docs/credentials.md, issue #22).
 */
export const SAVED_CONFIG_HINT =
  "pulumi refresh and pulumi destroy use the provider config saved in the state by the last pulumi up; if you changed it since (a rotated or revoked token), run `pulumi refresh --run-program` or `pulumi destroy --run-program`, or `pulumi up`, once";

/** Adds the hint to a refused credential from the stack config; other errors are left alone. */
export function withSavedConfigHint(e: unknown): void {
  if (!(e instanceof UnauthenticatedError || e instanceof PermissionDeniedError)) return;
  if (!e.message.includes("[credentials from ") || !e.message.includes("Pulumi config ")) return;
  if (e.message.includes(SAVED_CONFIG_HINT)) return;
  e.message = `${e.message} (${SAVED_CONFIG_HINT})`;
}
