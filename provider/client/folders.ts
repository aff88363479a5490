/**
 * Folders as the server reports them: without the /Workspace prefix or trailing slashes
 * (docs/api-behaviour.md, "Folders"). In a file of its own, with no import, so the provider's
 * diff can use it without loading the HTTP client.
 */
export function normalizeFolder(p: string | undefined): string | undefined {
  if (p === undefined || p === "") return undefined;
  const stripped = p === "/Workspace" || p.startsWith("/Workspace/") ? p.slice(10) || "/" : p;
  return stripped.length > 1 ? stripped.replace(/\/+$/, "") : stripped;
}
