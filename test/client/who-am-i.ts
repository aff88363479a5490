import type { Databricks } from "../../provider/client";
import { CurrentUserApi } from "../../provider/client/current-user";

/**
 * Who the workspace thinks is calling, asked anew on each call through the client's own
 * credentials (and so its token cache). `dbx.currentUser.me()` is not this probe: it keeps its
 * first answer for the client's life, so a second call sends no request and fetches no token,
 * and a test counting token fetches across calls would pass or fail without looking at them.
 */
export async function whoAmI(dbx: Databricks): Promise<string> {
  return (await new CurrentUserApi(dbx.client).me()).name;
}
