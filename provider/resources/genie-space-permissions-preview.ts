import type { PermissionsInputs } from "./permissions-state";

/*
 * What create and update of a GenieSpacePermissions answer, known before them (for a host that
 * previews them, the provider plugin): the declared inputs, and no drift. The same outputs
 * create and update write (genie-space-permissions-provider.ts). No HTTP.
 */

export function previewCreatePermissions(inputs: PermissionsInputs): Record<string, unknown> {
  return { ...inputs, drift: [] };
}

export function previewUpdatePermissions(news: PermissionsInputs): Record<string, unknown> {
  return { ...news, drift: [] };
}
