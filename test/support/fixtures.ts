import * as fs from "node:fs";
import * as path from "node:path";

const DIR = path.join(__dirname, "..", "fixtures", "public");

/** The public exports, as the text a user would read from a file. */
export function fixtureText(name: string): string {
  return fs.readFileSync(path.join(DIR, name), "utf8");
}

export function fixtureJson(name: string): Record<string, unknown> {
  return JSON.parse(fixtureText(name)) as Record<string, unknown>;
}

export const DOCUMENT_FIXTURES = [
  "full_featured.v1.geniespace.json",
  "nyc_taxi.v2.geniespace.json",
  "server_export.v2.geniespace.json",
] as const;

/** The `serialized_space` string of the GET response fixture. */
export function serverGetDocument(): string {
  return (fixtureJson("server_get_response.json") as { serialized_space: string }).serialized_space;
}
