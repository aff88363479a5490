import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import type { Props } from "./host";
import { WAREHOUSE } from "./emulator";

export const ROOT = path.join(__dirname, "..", "..");

/**
 * The compiler options of Pulumi's TypeScript template (`pulumi new typescript`): strict, no
 * skipLibCheck, no esModuleInterop. Our published typings and generated programs must compile here.
 */
export const PULUMI_TEMPLATE_COMPILER_OPTIONS = {
  strict: true,
  outDir: "bin",
  target: "es2020",
  module: "commonjs",
  moduleResolution: "node",
  sourceMap: true,
  experimentalDecorators: true,
  pretty: true,
  noFallthroughCasesInSwitch: true,
  noImplicitReturns: true,
  forceConsistentCasingInFileNames: true,
};

/**
 * A new project that installed the package from `npm pack`. Its other dependencies are linked from
 * this repository's node_modules, so nothing is downloaded. Needs `dist/` (npm test builds it).
 */
export function consumerProject(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "genie-consumer-"));
  const out = execFileSync(
    "npm",
    ["pack", "--ignore-scripts", "--silent", "--pack-destination", dir],
    { cwd: ROOT, encoding: "utf8" },
  );
  const tarball = path.join(dir, out.trim().split("\n").pop() as string);
  const modules = path.join(dir, "node_modules");
  fs.mkdirSync(modules);
  execFileSync("tar", ["-xzf", tarball, "-C", dir]);
  fs.renameSync(path.join(dir, "package"), path.join(modules, "pulumi-databricks-genie"));
  // The package's dependencies (a scope once), and what a TypeScript project brings itself.
  const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8")) as {
    dependencies: Record<string, string>;
  };
  const deps = Object.keys(pkg.dependencies).map((d) => d.split("/")[0] as string);
  for (const dep of new Set([...deps, "@types", "typescript"])) {
    fs.symlinkSync(path.join(ROOT, "node_modules", dep), path.join(modules, dep), "junction");
  }
  fs.writeFileSync(
    path.join(dir, "package.json"),
    JSON.stringify({ name: "consumer", version: "1.0.0", private: true }),
  );
  linkBins(dir);
  return dir;
}

/**
 * What `npm install` does for the package's `bin` (npm's bin-links): a link in node_modules/.bin
 * and the file made executable (npm pack stores it 0644), so `npx genie` runs it.
 */
function linkBins(dir: string): void {
  const pkg = path.join(dir, "node_modules", "pulumi-databricks-genie");
  const { bin } = JSON.parse(fs.readFileSync(path.join(pkg, "package.json"), "utf8")) as {
    bin?: Record<string, string>;
  };
  const bins = path.join(dir, "node_modules", ".bin");
  fs.mkdirSync(bins, { recursive: true });
  for (const [name, file] of Object.entries(bin ?? {})) {
    fs.chmodSync(path.join(pkg, file), 0o755);
    fs.symlinkSync(path.join("..", "pulumi-databricks-genie", file), path.join(bins, name));
  }
}

/** A plain-node program (no ts-node) that declares a GenieSpace under mocks and prints its inputs. */
const PROGRAM = `
const pulumi = require("@pulumi/pulumi");
pulumi.runtime.setMocks({
  newResource: (a) => { process.stdout.write(JSON.stringify(a.inputs)); return { id: "x", state: a.inputs }; },
  call: () => { throw new Error("unmocked"); },
}, "consumer", "dev").then(() => {
  const { GenieSpace } = require("pulumi-databricks-genie");
  new GenieSpace("sales", {
    title: "Installed",
    warehouseId: "${WAREHOUSE}",
    space: { tables: ["\${catalog}.sales.orders"], instructions: "From an installed package." },
    variables: { catalog: "dev" },
  });
});
`;

/** The inputs (with `__provider`) that a program in the consumer project registers. */
export function consumerInputs(dir: string): Props {
  fs.writeFileSync(path.join(dir, "program.js"), PROGRAM);
  return JSON.parse(
    execFileSync(process.execPath, ["program.js"], { cwd: dir, encoding: "utf8" }),
  ) as Props;
}

/**
 * Lays out a TypeScript Pulumi project as `pulumi new typescript` does (Pulumi.yaml without
 * `main`, package.json whose main is index.ts, the template's tsconfig), around `program`.
 */
export function typescriptProject(dir: string, name: string, program: string): void {
  fs.writeFileSync(
    path.join(dir, "package.json"),
    JSON.stringify({
      name,
      main: "index.ts",
      devDependencies: { "@types/node": "*", typescript: "*" },
      dependencies: { "@pulumi/pulumi": "*", "pulumi-databricks-genie": "*" },
    }),
  );
  fs.writeFileSync(
    path.join(dir, "tsconfig.json"),
    JSON.stringify({
      compilerOptions: PULUMI_TEMPLATE_COMPILER_OPTIONS,
      files: ["index.ts"],
    }),
  );
  fs.writeFileSync(
    path.join(dir, "Pulumi.yaml"),
    `name: ${name}\nruntime:\n  name: nodejs\n  options:\n    packagemanager: npm\n`,
  );
  fs.writeFileSync(path.join(dir, "index.ts"), program);
}
