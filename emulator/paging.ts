import { badRequest } from "./errors";

/**
 * One page of a list that only grows at its head and loses items at its tail (evaluation runs,
 * results, conversations): the token names the last item given, so items added meanwhile never
 * shift the next page. `page_size` above 100 is taken as 100.
 */
export function pageOf<T>(
  query: URLSearchParams,
  list: readonly T[],
  key: (item: T) => string,
  defaultSize: number,
): { page: T[]; next?: string } {
  const raw = Number(query.get("page_size") ?? defaultSize);
  const size = Math.min(Number.isInteger(raw) && raw > 0 ? raw : defaultSize, 100);
  const token = query.get("page_token");
  let start = 0;
  if (token !== null && token !== "") {
    const after = Buffer.from(token, "base64url").toString("utf8");
    const at = list.findIndex((x) => key(x) === after);
    // A token this emulator never gave is refused; one whose item has gone ends the list.
    if (at < 0 && !/^[0-9a-f-]{8,64}$/.test(after)) throw badRequest("Invalid page_token.");
    start = at < 0 ? list.length : at + 1;
  }
  const page = list.slice(start, start + size);
  const last = page.at(-1);
  return start + size < list.length && last !== undefined
    ? { page, next: Buffer.from(key(last)).toString("base64url") }
    : { page };
}
