import { strict as assert } from "node:assert";
import { execFileSync, spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { PULUMI_TEMPLATE_COMPILER_OPTIONS, ROOT } from "../support/consumer";
import { brokenLinks } from "../support/markdown-links";
import { docExample } from "../support/readme";

/**
 * The README's two ways in (issue #22), for real: `npm install` of a tarball made by `npm pack`, and
 * of a git URL at a tag, each into a project laid out as `pulumi new typescript` makes one, from
 * the npm registry (the only network this needs). Then the README's first program compiles there.
 * The git install clones this repository's HEAD: uncommitted changes are not in it.
 */
const NPM_FLAGS = ["--no-audit", "--no-fund", "--prefer-offline"];

function npm(args: string[], cwd: string): { status: number | null; output: string } {
  const r = spawnSync("npm", args, { cwd, encoding: "utf8", env: { ...process.env, CI: "true" } });
  return { status: r.status, output: `${r.stdout}${r.stderr}` };
}

/** A project as `pulumi new typescript` lays it out, with the README's first program. */
function templateProject(dir: string): void {
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(
    path.join(dir, "package.json"),
    JSON.stringify({
      name: "sales-genie",
      main: "index.ts",
      devDependencies: { "@types/node": "^18", typescript: "^5.0.0" },
      dependencies: { "@pulumi/pulumi": "^3.113.0" },
    }),
  );
  fs.writeFileSync(
    path.join(dir, "tsconfig.json"),
    JSON.stringify({ compilerOptions: PULUMI_TEMPLATE_COMPILER_OPTIONS, files: ["index.ts"] }),
  );
  fs.writeFileSync(
    path.join(dir, "index.ts"),
    docExample("README.md", "Five minutes against the emulator"),
  );
}

/** Installs `spec`, then checks what a user would see and run. */
function installAndUse(dir: string, spec: string): string {
  templateProject(dir);
  const install = npm(["install", ...NPM_FLAGS, spec], dir);
  assert.equal(install.status, 0, install.output);
  const tsc = npm(["exec", "--", "tsc", "-p", "."], dir);
  assert.equal(tsc.status, 0, `the README's first program does not compile:\n${tsc.output}`);
  const help = spawnSync(path.join(dir, "node_modules", ".bin", "genie"), ["--help"], {
    encoding: "utf8",
  });
  assert.equal(help.status, 0, help.stderr);
  assert.match(help.stdout, /emulator +the bundled Genie API emulator/);
  // One @pulumi/pulumi: a second copy would split Pulumi's runtime state between the program and us.
  const copies = npm(["ls", "--all", "--parseable", "@pulumi/pulumi"], dir)
    .output.split("\n")
    .filter((l) => l.endsWith(`${path.sep}@pulumi${path.sep}pulumi`));
  assert.equal(copies.length, 1, copies.join("\n"));
  return install.output;
}

/** The lines of npm's list of blocked install scripts that name this package. */
function blockedScriptsOfOurs(output: string): string[] {
  return output
    .split("\n")
    .filter((l) => /install-scripts/.test(l) && /pulumi-databricks-genie/.test(l));
}

describe("the package installed as the README says, into a `pulumi new typescript` project", function () {
  this.timeout(900_000);
  let dir: string;
  let tarball: string;
  let manifestBefore: string;

  before(function () {
    if (npm(["ping"], os.tmpdir()).status !== 0) {
      console.log("      skipped: the npm registry cannot be reached, and a real install needs it");
      this.skip();
    }
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "genie-install-"));
    manifestBefore = fs.readFileSync(path.join(ROOT, "package.json"), "utf8");
    const packed = npm(["pack", "--silent", "--pack-destination", dir], ROOT);
    assert.equal(packed.status, 0, packed.output);
    tarball = path.join(dir, packed.output.trim().split("\n").pop() as string);
  });
  after(() => {
    if (dir !== undefined) fs.rmSync(dir, { recursive: true, force: true });
  });

  it("npm pack leaves the repository's package.json as it was, and packs it without `prepare`", () => {
    assert.equal(fs.readFileSync(path.join(ROOT, "package.json"), "utf8"), manifestBefore);
    assert.ok(!fs.existsSync(path.join(ROOT, "package.json.prepack")));
    const packed = JSON.parse(
      execFileSync("tar", ["-xzOf", tarball, "package/package.json"], { encoding: "utf8" }),
    ) as { scripts: Record<string, string>; repository?: unknown; license?: string };
    assert.equal(packed.scripts["prepare"], undefined);
    assert.equal(packed.license, "Apache-2.0");
    assert.notEqual(packed.repository, undefined);
  });

  it("the packed pages link only to files the tarball holds", () => {
    const files = execFileSync("tar", ["-tzf", tarball], { encoding: "utf8" })
      .split("\n")
      .filter((f) => f !== "")
      .map((f) => f.replace(/^package\//, ""));
    assert.ok(files.includes("LICENSE"), "LICENSE is packed");
    const pages = new Map(
      files
        .filter((f) => f.endsWith(".md"))
        .map((f) => [
          f,
          execFileSync("tar", ["-xzOf", tarball, `package/${f}`], { encoding: "utf8" }),
        ]),
    );
    const held = (f: string) => files.includes(f) || files.some((p) => p.startsWith(`${f}/`));
    assert.deepEqual(brokenLinks(pages, held), []);
  });

  it("from the tarball: installs with no word about its scripts, and the README's first program compiles", () => {
    const output = installAndUse(path.join(dir, "from-tarball"), tarball);
    assert.deepEqual(blockedScriptsOfOurs(output), [], output);
  });

  it("from a git URL at a tag: npm builds it on the way in, and the README's first program compiles", () => {
    const repo = path.join(dir, "repo");
    execFileSync("git", ["clone", "--quiet", ROOT, repo]);
    execFileSync("git", ["-c", "user.name=t", "-c", "user.email=t@t", "tag", "v0.0.0-test"], {
      cwd: repo,
    });
    const project = path.join(dir, "from-git");
    installAndUse(project, `git+file://${repo}#v0.0.0-test`);
    assert.ok(
      fs.existsSync(
        path.join(project, "node_modules/pulumi-databricks-genie/dist/provider/index.js"),
      ),
    );
  });
});
