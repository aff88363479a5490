import * as fs from "node:fs";
import * as path from "node:path";

const README = path.join(__dirname, "..", "..", "README.md");

/** The first ```ts block after a README heading (`## <heading>`), as written there. */
export function readmeExample(heading: string): string {
  const readme = fs.readFileSync(README, "utf8");
  const from = readme.indexOf(`## ${heading}`);
  const block = /```ts\n([\s\S]*?)```/.exec(readme.slice(from));
  if (from < 0 || block === null) throw new Error(`no TypeScript example under "${heading}"`);
  return block[1] as string;
}
