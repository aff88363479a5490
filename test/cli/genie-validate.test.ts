import { strict as assert } from "node:assert";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { validateSpace } from "../../provider";
import { formatProblem } from "../../provider/model";
import { fixtureText } from "../support/fixtures";
import { cleanEnv, genie } from "../support/genie-cli";

/** A document with three errors (a table not sorted among them) and a warning, as people write them by hand. */
const BAD = JSON.stringify({
  version: 2,
  description: "belongs to the space",
  data_sources: { tables: [{ identifier: "orders" }, { identifier: "a.b.c" }] },
  future_flag: true,
});
const TEMPLATE = JSON.stringify({
  version: 2,
  data_sources: { tables: [{ identifier: "${catalog}.sales.orders" }] },
});

describe("genie validate", function () {
  this.timeout(60_000);
  let dir: string;
  const env = cleanEnv();
  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "genie-validate-"));
    fs.mkdirSync(path.join(dir, "spaces", "nested"), { recursive: true });
    fs.writeFileSync(path.join(dir, "bad.geniespace.json"), BAD);
    fs.writeFileSync(
      path.join(dir, "spaces", "taxi.geniespace.json"),
      fixtureText("nyc_taxi.v2.geniespace.json"),
    );
    fs.writeFileSync(path.join(dir, "spaces", "nested", "bad.geniespace.json"), BAD);
    fs.writeFileSync(path.join(dir, "spaces", "notes.json"), "not a space");
    fs.writeFileSync(path.join(dir, "template.geniespace.json"), TEMPLATE);
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it("prints every problem with its path and fix, as formatProblem does, and exits 1", async () => {
    const r = await genie(["validate", "bad.geniespace.json"], { cwd: dir, env });
    assert.equal(r.code, 1);
    const expected = validateSpace(BAD);
    assert.equal(expected.errors.length, 3);
    assert.equal(
      r.stdout,
      `bad.geniespace.json: 3 errors, 1 warning\n${[...expected.errors, ...expected.warnings].map((p) => `  ${formatProblem(p)}\n`).join("")}`,
    );
    assert.match(
      r.stdout,
      /data_sources\.tables\[0\]\.identifier: 'orders' is not a three-part name \(fix: /,
    );
  });

  it("a folder: every *.geniespace.json under it, other files left alone; exit 1 if any fails", async () => {
    const r = await genie(["validate", "spaces"], { cwd: dir, env });
    assert.equal(r.code, 1);
    assert.match(r.stdout, /^spaces\/nested\/bad\.geniespace\.json: 3 errors, 1 warning$/m);
    assert.match(r.stdout, /^spaces\/taxi\.geniespace\.json: ok$/m);
    assert.doesNotMatch(r.stdout, /notes\.json/);
  });

  it("a folder whose name ends in .geniespace.json is gone into, not read as a file", async () => {
    const inner = path.join(dir, "odd", "x.geniespace.json");
    fs.mkdirSync(inner, { recursive: true });
    fs.writeFileSync(
      path.join(inner, "taxi.geniespace.json"),
      fixtureText("nyc_taxi.v2.geniespace.json"),
    );
    const r = await genie(["validate", "odd"], { cwd: dir, env });
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stdout, "odd/x.geniespace.json/taxi.geniespace.json: ok\n");
  });

  it("- reads standard input; a good document exits 0", async () => {
    const r = await genie(["validate", "-"], {
      cwd: dir,
      env,
      input: fixtureText("server_export.v2.geniespace.json"),
    });
    assert.equal(r.code, 0, r.stdout);
    assert.equal(r.stdout, "-: ok\n");
  });

  it("--vars checks placeholders as an environment gets them; without, it says they were checked as written", async () => {
    const as = await genie(["validate", "template.geniespace.json"], { cwd: dir, env });
    assert.equal(as.code, 0);
    assert.match(as.stderr, /holds \$\{catalog\}: checked as written; pass --vars/);
    const prod = await genie(["validate", "template.geniespace.json", "--vars", "catalog=prod"], {
      cwd: dir,
      env,
    });
    assert.equal(prod.code, 0);
    assert.equal(prod.stderr, "");
    const wrong = await genie(["validate", "template.geniespace.json", "--vars", "schema=sales"], {
      cwd: dir,
      env,
    });
    assert.equal(wrong.code, 1);
    assert.match(wrong.stdout, /unknown variable 'catalog' in '\$\{catalog\}'/);
  });

  it("--format github prints workflow commands GitHub shows as annotations, escaped", async () => {
    const r = await genie(["validate", "bad.geniespace.json", "--format", "github"], {
      cwd: dir,
      env,
    });
    assert.equal(r.code, 1);
    const lines = r.stdout.trimEnd().split("\n");
    assert.equal(lines.length, 4);
    assert.match(
      lines[0] ?? "",
      /^::error file=bad\.geniespace\.json,title=genie validate%3A [a-z-]+::/,
    );
    assert.ok(lines.some((l) => l.startsWith("::warning file=bad.geniespace.json,")));
    assert.ok(
      lines.some((l) =>
        l.includes("::data_sources.tables[0].identifier: 'orders' is not a three-part name (fix: "),
      ),
    );
  });

  it("--json gives each file's problems as data", async () => {
    const r = await genie(["validate", "bad.geniespace.json", "--json"], { cwd: dir, env });
    assert.equal(r.code, 1);
    const [result] = JSON.parse(r.stdout) as {
      file: string;
      valid: boolean;
      errors: { path: string; fix: string }[];
    }[];
    assert.equal(result?.valid, false);
    assert.deepEqual(
      result?.errors.map((e) => e.path),
      validateSpace(BAD).errors.map((e) => e.path),
    );
    assert.ok(result?.errors.every((e) => e.fix.length > 0));
  });

  it("a missing file, an empty folder or a bad --format is a usage error (exit 2)", async () => {
    fs.mkdirSync(path.join(dir, "empty"), { recursive: true });
    for (const args of [["nope.json"], ["empty"], ["bad.geniespace.json", "--format", "xml"]]) {
      const r = await genie(["validate", ...args], { cwd: dir, env });
      assert.equal(r.code, 2, args.join(" "));
    }
  });

  it("--vars __proto__=x is refused as a usage error, not silently dropped", async () => {
    const r = await genie(["validate", "bad.geniespace.json", "--vars", "__proto__=x"], {
      cwd: dir,
      env,
    });
    assert.equal(r.code, 2);
    assert.match(r.stderr, /'__proto__' cannot be a variable name/);
  });
});
