import { strict as assert } from "node:assert";
import type { FaultRule } from "../../emulator";
import type { GenieSpaceArgs, GenieSpacePermissionsArgs } from "../../provider";
import { canonicalHash } from "../../provider/resources/inputs";
import { declare, declarePermissions } from "../support/declare";
import { WAREHOUSE } from "../support/emulator";
import { acl, SPACES, world } from "../support/world";

/**
 * Every step of the write path x every fault, through the real provider host: each case runs to
 * the end (an operation that fails is run again, as a user would), then refreshes, then counts
 * duplicate spaces, spaces taken from someone else, grants lost, and state that differs from the
 * server. A create's fault also lets another team make a space of the same title in the same
 * folder at that very moment, so a lookup that takes the wrong space counts as a hijack.
 */

type World = Awaited<ReturnType<typeof world>>;
const TIMEOUT_MS = 400;
const FOLDER = "/Workspace/Shared/Genie";

type Fault = { name: string; rules: (method: string, path: string) => FaultRule[] };
const FAULTS: Fault[] = [
  {
    name: "429 with Retry-After",
    rules: (method, path) => [{ kind: "status", status: 429, retryAfterSeconds: 1, method, path }],
  },
  ...([500, 502, 503, 504] as const).map((status) => ({
    name: String(status),
    rules: (method: string, path: string): FaultRule[] => [
      { kind: "status", status, method, path },
    ],
  })),
  {
    name: "reset before the server acts",
    rules: (method, path) => [{ kind: "drop", method, path }],
  },
  {
    name: "answer lost after the server acts",
    rules: (method, path) => [{ kind: "lost-response", method, path }],
  },
  {
    name: "delay past the client timeout",
    rules: (method, path) => [{ kind: "delay", ms: TIMEOUT_MS * 2.5, method, path }],
  },
];
/** Only a create looks anything up: its answer is lost, then the lookup's list fails twice. */
const LOOKUP_FAILURE: Fault = {
  name: "answer lost, then the lookup fails (500, 503)",
  rules: (method, path) => [
    { kind: "lost-response", method, path },
    { kind: "status", status: 500, method: "GET", path: SPACES },
    { kind: "status", status: 503, method: "GET", path: SPACES },
  ],
};

interface Case {
  w: World;
  name: string;
  title: string;
  /** Set by a create's fault hook: the space another team made meanwhile. */
  decoy?: { id: string; etag: string };
}
interface Step {
  name: string;
  method: string;
  path: (spaceId: string) => string;
  /** Makes what the step needs; returns the space id the fault targets. */
  setup: (c: Case) => Promise<string>;
  run: (c: Case) => Promise<unknown>;
  /** The permissions resource of the step, whose grants must all be there afterwards. */
  grants?: (spaceId: string) => Record<string, string>;
  gone?: boolean;
  withDecoy?: boolean;
}

const spaceArgs = (title: string, over: Partial<GenieSpaceArgs> = {}): GenieSpaceArgs => ({
  title,
  warehouseId: WAREHOUSE,
  parentPath: FOLDER,
  space: { tables: ["dev.sales.orders"], instructions: "Revenue is SUM(amount)." },
  ...over,
});
const permArgs = (
  spaceId: string,
  teams: string[],
  mode: "additive" | "authoritative" = "additive",
): GenieSpacePermissionsArgs => ({
  spaceId,
  mode,
  grants: teams.map((groupName) => ({ groupName, level: "CAN_RUN" as const })),
});
const spaceIdOf = (c: Case) => String(c.w.engine.outputs(c.name)["spaceId"]);
const upSpace = async (c: Case, over: Partial<GenieSpaceArgs> = {}) =>
  c.w.engine.up(c.name, await declare(c.name, spaceArgs(c.title, over)));
const made = async (c: Case) => (await upSpace(c), spaceIdOf(c));
const acls = (c: Case) => `${c.name}-acl`;
const upAcl = async (c: Case, args: GenieSpacePermissionsArgs) =>
  c.w.engine.up(acls(c), await declarePermissions(acls(c), args));
const outsideGrant = (c: Case, id: string) =>
  c.w.t.call("PATCH", acl(id), {
    access_control_list: [{ group_name: "data-engineers", permission_level: "CAN_READ" }],
  });
const ADMIN = "user_name:admin@example.com";

const STEPS: Step[] = [
  {
    name: "create",
    method: "POST",
    path: () => SPACES,
    setup: async () => "",
    run: (c) => upSpace(c),
    withDecoy: true,
  },
  {
    name: "create read-back",
    method: "GET",
    path: () => `${SPACES}/*`,
    setup: async () => "",
    run: (c) => upSpace(c),
  },
  {
    name: "update",
    method: "PATCH",
    path: (id) => `${SPACES}/${id}`,
    setup: made,
    run: (c) => upSpace(c, { description: "changed", space: { tables: ["dev.sales.customers"] } }),
  },
  {
    name: "update read-back",
    method: "GET",
    path: (id) => `${SPACES}/${id}`,
    setup: made,
    run: (c) => upSpace(c, { description: "changed", space: { tables: ["dev.sales.customers"] } }),
  },
  {
    name: "refresh (after a UI edit)",
    method: "GET",
    path: (id) => `${SPACES}/${id}`,
    setup: async (c) => {
      const id = await made(c);
      c.w.t.emu.edit(id, { instructions: "Edited in the UI" });
      return id;
    },
    run: (c) => c.w.engine.refresh(c.name),
  },
  {
    name: "delete",
    method: "DELETE",
    path: (id) => `${SPACES}/${id}`,
    setup: made,
    run: (c) => c.w.engine.destroy(c.name),
    gone: true,
  },
  {
    name: "additive grant (PATCH)",
    method: "PATCH",
    path: (id) => acl(id),
    setup: async (c) => {
      const id = await made(c);
      await outsideGrant(c, id);
      return id;
    },
    run: (c) => upAcl(c, permArgs(spaceIdOf(c), ["team-a", "team-b"])),
    grants: () => ({
      [ADMIN]: "CAN_MANAGE",
      "group_name:data-engineers": "CAN_READ",
      "group_name:team-a": "CAN_RUN",
      "group_name:team-b": "CAN_RUN",
    }),
  },
  {
    name: "additive revoke (PUT)",
    method: "PUT",
    path: (id) => acl(id),
    setup: async (c) => {
      const id = await made(c);
      await upAcl(c, permArgs(id, ["team-a", "team-b"]));
      await outsideGrant(c, id);
      return id;
    },
    run: (c) => upAcl(c, permArgs(spaceIdOf(c), ["team-a"])),
    grants: () => ({
      [ADMIN]: "CAN_MANAGE",
      "group_name:data-engineers": "CAN_READ",
      "group_name:team-a": "CAN_RUN",
    }),
  },
  {
    name: "authoritative set (PUT)",
    method: "PUT",
    path: (id) => acl(id),
    setup: made,
    run: (c) => upAcl(c, permArgs(spaceIdOf(c), ["team-c"], "authoritative")),
    grants: () => ({ [ADMIN]: "CAN_MANAGE", "group_name:team-c": "CAN_RUN" }),
  },
];

interface Counts {
  runs: number;
  failedFirst: number;
  unrecovered: number;
  duplicates: number;
  hijacks: number;
  lostGrants: number;
  stateMismatches: number;
}

describe("fault matrix: every write step x every fault, through the real provider host", function () {
  this.timeout(120_000);
  let w: World;
  const counts: Counts = {
    runs: 0,
    failedFirst: 0,
    unrecovered: 0,
    duplicates: 0,
    hijacks: 0,
    lostGrants: 0,
    stateMismatches: 0,
  };
  const problems: string[] = [];
  const failedFirst: string[] = [];
  before(
    async () =>
      (w = await world({
        timeoutMs: TIMEOUT_MS,
        createSettleMs: 1_200,
        retryBaseDelayMs: 10,
        retryMaxDelayMs: 100,
      })),
  );
  after(async () => {
    await w.stop();
    console.log(
      `      fault matrix: ${counts.runs} runs (${counts.failedFirst} failed on the first try and were run again), ` +
        `${counts.duplicates} duplicates, ${counts.hijacks} hijacks, ${counts.lostGrants} lost grants, ` +
        `${counts.stateMismatches} states unlike the server, ${counts.unrecovered} unrecovered\n` +
        `      failed on the first try (a 500 to a write is not retried; the next up converged): ${failedFirst.join("; ")}`,
    );
  });

  let seq = 0;
  for (const step of STEPS) {
    const faults = step.name === "create" ? [...FAULTS, LOOKUP_FAILURE] : FAULTS;
    it(`${step.name}: ${faults.length} faults, each run to the end, then refreshed`, async () => {
      for (const fault of faults) {
        const c: Case = { w, name: `m${++seq}`, title: `Matrix ${seq}` };
        const label = `${step.name} x ${fault.name}`;
        const note = (what: keyof Counts, detail: string) => {
          counts[what]++;
          problems.push(`${label}: ${detail}`);
        };
        counts.runs++;
        const target = await step.setup(c);
        const rules = fault.rules(step.method, step.path(target));
        if (step.withDecoy === true) (rules[0] as FaultRule).onMatch = () => makeDecoy(c);
        for (const r of rules) w.t.emu.addFault(r);
        const first = await step.run(c).then(
          () => undefined,
          (e: Error) => e,
        );
        w.t.emu.clearFaults();
        await flushHeld(w);
        if (first !== undefined) {
          counts.failedFirst++;
          failedFirst.push(label);
          const again = await step.run(c).then(
            () => undefined,
            (e: Error) => e,
          );
          if (again !== undefined) note("unrecovered", `${first.message} / then ${again.message}`);
        }
        await check(c, step, note);
      }
      assert.deepEqual(problems, []);
    });
  }

  it("prints its counts, and every bad count is 0", () => {
    assert.equal(counts.runs, STEPS.length * FAULTS.length + 1);
    assert.deepEqual(
      {
        duplicates: counts.duplicates,
        hijacks: counts.hijacks,
        lostGrants: counts.lostGrants,
        stateMismatches: counts.stateMismatches,
        unrecovered: counts.unrecovered,
      },
      { duplicates: 0, hijacks: 0, lostGrants: 0, stateMismatches: 0, unrecovered: 0 },
    );
  });
});

/** Another team makes a space of the same title in the same folder, with another document. */
async function makeDecoy(c: Case): Promise<void> {
  const res = await c.w.t.call(
    "POST",
    SPACES,
    {
      warehouse_id: WAREHOUSE,
      title: c.title,
      parent_path: FOLDER,
      serialized_space: JSON.stringify({
        version: 2,
        data_sources: { tables: [{ identifier: "dev.sales.customers" }] },
      }),
    },
    "emulator-token-analyst",
  );
  c.decoy = { id: String(res.body["space_id"]), etag: String(res.body["etag"]) };
}

/** Lets any request the emulator still holds (a delay fault) be carried out now. */
async function flushHeld(w: World): Promise<void> {
  w.t.clock.advance(60_000);
  await w.t.call("GET", `${SPACES}?page_size=1`);
}

async function check(
  c: Case,
  step: Step,
  note: (what: keyof Counts, detail: string) => void,
): Promise<void> {
  const { w } = c;
  const inState = w.engine.state.has(c.name);
  if (inState) await w.engine.refresh(c.name);
  const mine = (await w.spaces()).filter((s) => s.title === c.title && s.space_id !== c.decoy?.id);
  const expected = step.gone === true ? 0 : 1;
  if (mine.length > expected) note("duplicates", `${mine.length} live spaces titled ${c.title}`);
  if (c.decoy !== undefined) {
    const decoy = w.t.emu.space(c.decoy.id);
    const taken =
      (inState && w.engine.outputs(c.name)["spaceId"] === c.decoy.id) ||
      decoy?.trashed_at !== undefined ||
      decoy?.etag !== c.decoy.etag;
    if (taken) note("hijacks", `the space ${c.decoy.id} another team made was taken`);
  }
  if (step.gone === true) {
    if (inState || mine.length > 0) note("stateMismatches", "destroyed, yet still there");
    return;
  }
  if (!inState) return note("stateMismatches", "not in the state");
  const out = w.engine.outputs(c.name);
  const live = await w.t.call(
    "GET",
    `${SPACES}/${String(out["spaceId"])}?include_serialized_space=true`,
  );
  const same =
    live.status === 200 &&
    live.body["etag"] === out["etag"] &&
    live.body["title"] === out["title"] &&
    canonicalHash(String(live.body["serialized_space"])) ===
      canonicalHash(String(out["serializedSpace"]));
  if (!same)
    note(
      "stateMismatches",
      `state ${JSON.stringify(out["etag"])} vs server ${JSON.stringify(live.body["etag"])}`,
    );
  const drift = out["drift"] as string[];
  const edited = step.name.startsWith("refresh");
  if (edited !== drift.length > 0) note("stateMismatches", `drift ${JSON.stringify(drift)}`);
  if (step.grants !== undefined) {
    const want = step.grants(String(out["spaceId"]));
    const have = await w.grants(String(out["spaceId"]));
    for (const [k, level] of Object.entries(want))
      if (have[k] !== level) note("lostGrants", `${k} is ${have[k] ?? "missing"}, not ${level}`);
    if (JSON.stringify(Object.keys(have).sort()) !== JSON.stringify(Object.keys(want).sort()))
      note("stateMismatches", `grants ${JSON.stringify(have)}`);
    if ((await w.engine.refresh(acls(c))) !== "refresh-same")
      note(
        "stateMismatches",
        `the ACL resource drifted: ${JSON.stringify(w.engine.outputs(acls(c))["drift"])}`,
      );
  }
}
