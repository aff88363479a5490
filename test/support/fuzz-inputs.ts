import fc from "fast-check";
import { toSerializedSpace } from "../../provider";
import { UNKNOWN } from "../../provider/resources/inputs";
import { spec } from "./arbitraries";
import { WAREHOUSE } from "./emulator";
import { SECOND_WAREHOUSE } from "./stack";

/**
 * Inputs for the fuzz of both resources' `check`: every argument drawn from values that are
 * right, values that are wrong in a way `check` can know (format, type, shape), and values the
 * issue saw slip through. A well-formed value that names nothing (a warehouse or principal that
 * does not exist) is the server's to refuse, and `check` cannot know it without a call; so
 * well-formed ids and names are drawn only from what exists in the emulator (its seed, and the
 * spaces made before the run).
 */
export type Inputs = Record<string, unknown>;

const junk = fc.oneof(
  fc.constant(null),
  fc.integer(),
  fc.boolean(),
  fc.array(fc.string({ maxLength: 3 }), { maxLength: 2 }),
  fc.dictionary(fc.string({ maxLength: 3 }), fc.string({ maxLength: 3 }), { maxKeys: 2 }),
);
const control = fc.constantFrom("\u0000", "\n", "\t", "\r", "\u001f", "\u007f");
/** Puts `extra` at a random place of `s`. */
const insert = (s: string, extra: fc.Arbitrary<string>) =>
  fc.tuple(fc.nat({ max: s.length }), extra).map(([i, e]) => `${s.slice(0, i)}${e}${s.slice(i)}`);

/** Right values and wrong ones for one argument (`undefined`: left out). */
interface Field {
  good: fc.Arbitrary<unknown>;
  bad: fc.Arbitrary<unknown>;
}

const warehouseId: Field = {
  good: fc.constantFrom(WAREHOUSE, SECOND_WAREHOUSE),
  bad: fc.oneof(
    insert(WAREHOUSE, fc.constantFrom(" ", "\n", "-", "g")),
    insert(WAREHOUSE, control),
    fc.constantFrom("7".repeat(30_000), WAREHOUSE.toUpperCase(), WAREHOUSE.slice(1), "", "  "),
    fc.string({ maxLength: 20 }),
    junk,
  ),
};

const segment = fc.oneof(
  { weight: 6, arbitrary: fc.stringMatching(/^[A-Za-z0-9 _@.-]{1,8}$/) },
  { weight: 1, arbitrary: fc.constantFrom("", ".", "..", "Workspace") },
  { weight: 1, arbitrary: control },
);
const parentPath: Field = {
  good: fc.constantFrom(
    undefined,
    "/Workspace/Shared/genie",
    "/Shared/fuzz",
    "/Workspace",
    "/",
    " /Workspace/Shared/trimmed \n",
    "/Shared/fuzz/",
  ),
  bad: fc.oneof(
    fc.constantFrom("//", "/Workspace/../etc", "Shared/relative", "/a//b", "/a/./b", "   "),
    // Random folders: some fine (the emulator makes them), some not.
    fc
      .tuple(
        fc.constantFrom("/Workspace/Shared/", "/Shared/", "/", "", " /"),
        fc.array(segment, { maxLength: 4 }),
      )
      .map(([prefix, segs]) => prefix + segs.join("/")),
    junk,
  ),
};

const title: Field = {
  good: fc.string({ minLength: 1, maxLength: 30 }).filter((t) => t.trim() !== ""),
  bad: fc.oneof(fc.constantFrom(undefined, "", "   ", "\n"), junk),
};
const description: Field = {
  good: fc.option(fc.string({ maxLength: 40 }), { nil: undefined }),
  bad: junk,
};

/** `spaces`: ids of spaces that exist, for adoption. */
const adoptSpaceId = (spaces: string[]): Field => ({
  good: fc.oneof(
    { weight: 6, arbitrary: fc.constant(undefined) },
    { weight: 1, arbitrary: fc.constantFrom(...spaces, "") },
  ),
  bad: fc.oneof(
    fc.constantFrom(
      "my-space",
      (spaces[0] ?? "").toUpperCase(),
      (spaces[0] ?? "").slice(2),
      `${spaces[0] ?? ""} `,
    ),
    junk,
  ),
});

const variables: Field = {
  good: fc.constantFrom(undefined, { catalog: "dev" }),
  bad: fc.constantFrom<unknown>(
    { catalog: 1 },
    ["dev"],
    "catalog=dev",
    { "not a name": "x" },
    JSON.parse('{"constructor": "x"}'),
  ),
};

/** Plants `value` at a random place of a JSON-like tree (an object key or a list item). */
function plant(tree: unknown, value: unknown, key: string, pick: number): unknown {
  const nodes: Record<string, unknown>[] = [];
  const walk = (n: unknown) => {
    if (Array.isArray(n)) n.forEach(walk);
    else if (typeof n === "object" && n !== null) {
      nodes.push(n as Record<string, unknown>);
      Object.values(n).forEach(walk);
    }
  };
  const copy = JSON.parse(JSON.stringify(tree)) as unknown;
  walk(copy);
  const target = nodes[pick % Math.max(nodes.length, 1)];
  if (target !== undefined) target[key] = value;
  return copy;
}

const plantedKey = fc.oneof(
  fc.constantFrom(
    "__proto__",
    "constructor",
    "prototype",
    "version",
    "id",
    "identifier",
    "question",
    "sql",
    "columns",
    "column_configs",
    "instructions",
    "tables",
    "get_example_values",
    "enable_entity_matching",
    "description",
  ),
  fc.stringMatching(/^[a-z_]{1,10}$/),
);
const planted = fc.tuple(plantedKey, fc.jsonValue({ maxDepth: 2 }), fc.nat());

/** A friendly spec or raw document: as written, or with a random value planted in it. */
const documentField: Field = {
  good: fc.oneof(
    spec.map((s) => ({ space: s })),
    fc.tuple(spec, fc.boolean()).map(([s, asText]) => {
      const doc = toSerializedSpace(s).document;
      return { serializedSpace: asText ? JSON.stringify(doc) : doc };
    }),
  ),
  bad: fc.oneof(
    {
      weight: 3,
      arbitrary: fc
        .tuple(spec, planted)
        .map(([s, [key, value, pick]]) => ({ space: plant(s, value, key, pick) })),
    },
    {
      weight: 3,
      arbitrary: fc.tuple(spec, planted, fc.boolean()).map(([s, [key, value, pick], asText]) => {
        const doc = plant(toSerializedSpace(s).document, value, key, pick);
        // A string keeps a "__proto__" key as text; an object would lose it on the wire.
        return { serializedSpace: asText ? JSON.stringify(doc) : doc };
      }),
    },
    {
      weight: 1,
      arbitrary: fc.constantFrom<Inputs>(
        { space: null },
        { space: [] },
        { space: { instructions: [] } },
        { space: { tables: [{ identifier: "a.b.c", columns: { s: {}, S: {} } }] } },
        { serializedSpace: '{"version": 2, "__proto__": {"x": 1}}' },
        { serializedSpace: "{oops" },
        { serializedSpace: 7 },
        {
          serializedSpace: {
            version: 1,
            data_sources: {
              tables: [
                {
                  identifier: "a.b.c",
                  column_configs: [
                    { column_name: "x", get_example_values: true, enable_format_assistance: false },
                  ],
                },
              ],
            },
          },
        },
        { space: { tables: ["a.b.c"] }, serializedSpace: '{"version": 2}' },
        {},
      ),
    },
  ),
};

/**
 * Inputs from fields: all right, all right but one (the most telling: one mistake, one failure
 * expected), or each field right or wrong at random.
 */
function compose(fields: Record<string, Field>): fc.Arbitrary<Inputs> {
  const names = Object.keys(fields);
  const pick = (wrong: (name: string) => fc.Arbitrary<boolean>) =>
    fc.tuple(...names.map((n) => wrong(n).chain((w) => (w ? fields[n]!.bad : fields[n]!.good))));
  return fc
    .oneof(
      { weight: 3, arbitrary: pick(() => fc.constant(false)) },
      {
        weight: 5,
        arbitrary: fc.constantFrom(...names).chain((bad) => pick((n) => fc.constant(n === bad))),
      },
      { weight: 2, arbitrary: pick(() => fc.boolean()) },
    )
    .map((values) => {
      const out: Inputs = {};
      names.forEach((n, i) => {
        const v = values[i];
        // The document field brings its own key(s): space, serializedSpace, both or neither.
        if (n === "document") Object.assign(out, v);
        else if (v !== undefined) out[n] = v;
      });
      return out;
    });
}

/** The value one time in 12, else null. */
const rarely = <T>(arb: fc.Arbitrary<T>) =>
  fc.oneof({ weight: 11, arbitrary: fc.constant(null) }, { weight: 1, arbitrary: arb });

/** GenieSpace inputs (without `__provider`); some carry preview unknowns or unknown arguments. */
export function genieSpaceInputs(spaces: string[]): fc.Arbitrary<Inputs> {
  return fc
    .tuple(
      compose({
        title,
        description,
        warehouseId,
        parentPath,
        adoptSpaceId: adoptSpaceId(spaces),
        variables,
        document: documentField,
      }),
      rarely(fc.constantFrom("warehouseId", "parentPath", "title")),
      rarely(fc.constantFrom("titel", "spaceId", "etag")),
    )
    .map(([inputs, unknownAt, extra]) => {
      const out: Inputs = { ...inputs };
      if (unknownAt !== null) out[unknownAt] = UNKNOWN;
      if (extra !== null) out[extra] = "x";
      return out;
    });
}

const USERS = ["admin@example.com", "analyst@example.com", "viewer@example.com"];
const GROUPS = ["admins", "analysts", "data-engineers", "users"];
const SP = "00000000-0000-4000-8000-00000000c1c0";
const LEVELS = ["CAN_READ", "CAN_RUN", "CAN_EDIT", "CAN_MANAGE"];

const badName = (good: string) =>
  fc.oneof(
    fc.constantFrom(` ${good}`, `${good} `, "", "   "),
    insert(good, control),
    junk.filter((v) => v !== null),
  );
const principal = fc.oneof(
  fc.constantFrom(...USERS).map((userName): Inputs => ({ userName })),
  fc.constantFrom(...GROUPS).map((groupName): Inputs => ({ groupName })),
  fc.constant<Inputs>({ servicePrincipalName: SP }),
);
const goodGrant = fc
  .tuple(principal, fc.constantFrom(...LEVELS))
  .map(([who, level]): Inputs => ({ ...who, level }));
/** Each principal once (a principal granted twice is a mistake, drawn among the bad grants). */
const uniquePrincipals = (grants: Inputs[]) =>
  grants.filter(
    (g, i) =>
      grants.findIndex(
        (h) => JSON.stringify({ ...h, level: 0 }) === JSON.stringify({ ...g, level: 0 }),
      ) === i,
  );
/** Grants with at least one mistake among right ones (including the same principal twice). */
const grant = fc.oneof(
  { weight: 6, arbitrary: goodGrant },
  {
    weight: 2,
    arbitrary: fc
      .tuple(
        fc.oneof(
          badName("analysts").map((groupName): Inputs => ({ groupName })),
          badName("analyst@example.com").map((userName): Inputs => ({ userName })),
          fc
            .constantFrom("ci-deployer", SP.toUpperCase())
            .map((servicePrincipalName): Inputs => ({ servicePrincipalName })),
          fc.constant<Inputs>({ groupName: "analysts", userName: "analyst@example.com" }),
          fc.constant<Inputs>({}),
          fc.constant<Inputs>({ groupName: "analysts", levle: "CAN_RUN" }),
        ),
        fc.constantFrom(...LEVELS),
      )
      .map(([who, level]): Inputs => ({ ...who, level })),
  },
  {
    weight: 2,
    arbitrary: fc
      .tuple(principal, fc.oneof(fc.constantFrom("can_run", "CAN_VIEW", "", "OWNER"), junk))
      .map(([who, level]): Inputs => ({ ...who, level })),
  },
);

/** GenieSpacePermissions inputs (without `__provider`); `spaces` exist. */
export function permissionsInputs(spaces: string[]): fc.Arbitrary<Inputs> {
  return compose({
    spaceId: {
      good: fc.constantFrom(...spaces),
      bad: fc.oneof(
        fc.constantFrom(
          (spaces[0] ?? "").toUpperCase(),
          (spaces[0] ?? "").slice(1),
          `${spaces[0] ?? ""}\n`,
          "",
        ),
        junk,
      ),
    },
    grants: {
      good: fc.array(goodGrant, { maxLength: 4 }).map(uniquePrincipals),
      bad: fc.oneof(fc.array(fc.oneof(grant, junk), { minLength: 1, maxLength: 5 }), junk),
    },
    mode: {
      good: fc.constantFrom(undefined, "additive", "authoritative"),
      bad: fc.oneof(fc.constantFrom("exclusive", "Additive"), junk),
    },
  });
}
