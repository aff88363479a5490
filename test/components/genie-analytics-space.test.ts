import { strict as assert } from "node:assert";
import * as databricks from "@pulumi/databricks";
import * as pulumi from "@pulumi/pulumi";
import {
  GenieAnalyticsSpace,
  type GenieAnalyticsSpaceArgs,
  planGrants,
  validateAnalyticsSpaceArgs,
} from "../../components";

interface Registered {
  type: string;
  name: string;
  inputs: Record<string, unknown>;
}
interface Seen {
  type: string;
  name: string;
  parent?: string;
  dependsOn: string[];
}

const registered: Registered[] = [];
const seen: Seen[] = [];

/** Installed by each describe that uses them: other test files set mocks of their own. */
const installMocks = () =>
  pulumi.runtime.setMocks(
    {
      newResource: (args) => {
        registered.push({
          type: args.type,
          name: args.name,
          inputs: args.inputs as Record<string, unknown>,
        });
        const id =
          args.type === "databricks:index/sqlEndpoint:SqlEndpoint"
            ? "wh-new"
            : args.type === "databricks:index/sqlTable:SqlTable"
              ? `${String(args.inputs["catalogName"])}.${String(args.inputs["schemaName"])}.${String(args.inputs["name"])}`
              : // A space's resource id is its space id, as the provider's create answers.
                args.type.endsWith("GenieSpace")
                ? "01f0aaaabbbbccccddddeeeeffff0000"
                : `${args.name}-id`;
        const extra = args.type.endsWith("GenieSpace")
          ? {
              spaceId: "01f0aaaabbbbccccddddeeeeffff0000",
              url: "https://ws/genie/rooms/01f0aaaabbbbccccddddeeeeffff0000",
            }
          : {};
        return { id, state: { ...args.inputs, ...extra } };
      },
      call: (args) => {
        throw new Error(`unmocked call ${args.token}: mock it in this test`);
      },
    },
    "genie-reference",
    "dev",
  );

async function build(
  name: string,
  args: GenieAnalyticsSpaceArgs,
): Promise<{ component: GenieAnalyticsSpace; mine: Registered[]; opts: Seen[] }> {
  const start = registered.length;
  const seenStart = seen.length;
  const names = new Map<pulumi.Resource, string>();
  const children: pulumi.Resource[] = [];
  const component = new GenieAnalyticsSpace(name, args, {
    transformations: [
      (a) => {
        names.set(a.resource, a.name);
        children.push(a.resource);
        const deps = (a.opts.dependsOn ?? []) as pulumi.Resource[];
        seen.push({
          type: a.type,
          name: a.name,
          parent: a.opts.parent === undefined ? undefined : "component",
          dependsOn: (Array.isArray(deps) ? deps : [deps]).map(
            (d) =>
              names.get(d) ?? `external:${(d as unknown as { __name?: string }).__name ?? "?"}`,
          ),
        });
        return undefined;
      },
    ],
  });
  // Every child registered: their URNs resolve once the mocks answered their registration.
  await new Promise<void>((resolve) =>
    pulumi
      .all([component.urn, component.spaceId, ...children.map((c) => c.urn)])
      .apply(() => resolve()),
  );
  return { component, mine: registered.slice(start), opts: seen.slice(seenStart) };
}

const byType = (rs: Registered[], type: string) => rs.filter((r) => r.type === type);
const SPACE = "pulumi-nodejs:dynamic/genie:GenieSpace";
const ACL = "pulumi-nodejs:dynamic/genie:GenieSpacePermissions";

describe("GenieAnalyticsSpace (mocks)", () => {
  before(installMocks);

  it("with a new warehouse, SqlTable resources and a folder: composes every child, named after the component", async () => {
    const orders = new databricks.SqlTable("orders", {
      catalogName: "dev",
      schemaName: "sales",
      name: "orders",
      tableType: "MANAGED",
      warehouseId: "a1b2c3d4e5f60718",
    });
    const customers = new databricks.SqlTable("customers", {
      catalogName: "dev",
      schemaName: "sales",
      name: "customers",
      tableType: "MANAGED",
      warehouseId: "a1b2c3d4e5f60718",
    });
    const { mine, opts, component } = await build("sales", {
      title: "Sales",
      warehouse: { create: { name: "genie-sales" } },
      tables: [orders, customers],
      schemas: ["dev.sales"],
      folder: { path: "/Workspace/Shared/genie", create: true },
      space: { instructions: "Amounts in EUR." },
      consumers: { groups: ["analysts"], users: ["lead@example.com"] },
    });

    assert.deepEqual(
      mine
        .filter((r) => r.type !== "databricks:index/sqlTable:SqlTable")
        .map((r) => `${r.type} ${r.name}`)
        .sort(),
      [
        `${ACL} sales-acl`,
        `${SPACE} sales-space`,
        "databricks:index/directory:Directory sales-folder",
        "databricks:index/grant:Grant sales-grant-catalog-dev-analysts",
        "databricks:index/grant:Grant sales-grant-catalog-dev-lead-example-com",
        "databricks:index/grant:Grant sales-grant-schema-dev-sales-analysts",
        "databricks:index/grant:Grant sales-grant-schema-dev-sales-lead-example-com",
        "databricks:index/grant:Grant sales-grant-table-0-analysts",
        "databricks:index/grant:Grant sales-grant-table-0-lead-example-com",
        "databricks:index/grant:Grant sales-grant-table-1-analysts",
        "databricks:index/grant:Grant sales-grant-table-1-lead-example-com",
        "databricks:index/permissions:Permissions sales-warehouse-users",
        "databricks:index/sqlEndpoint:SqlEndpoint sales-warehouse",
        "genie:index:GenieAnalyticsSpace sales",
      ].sort(),
    );
    assert.ok(
      opts.filter((o) => o.name !== "sales").every((o) => o.parent === "component"),
      "every child is parented to the component",
    );

    const warehouse = byType(mine, "databricks:index/sqlEndpoint:SqlEndpoint")[0]?.inputs;
    assert.equal(warehouse?.["enableServerlessCompute"], true);
    const space = byType(mine, SPACE)[0]?.inputs ?? {};
    assert.equal(space["warehouseId"], "wh-new", "the warehouse id reaches the space");
    assert.deepEqual(
      (space["space"] as { tables: string[] }).tables,
      ["dev.sales.orders", "dev.sales.customers"],
      "the table identifiers reach the space",
    );
    assert.equal(space["parentPath"], "/Workspace/Shared/genie");

    const perms = byType(mine, "databricks:index/permissions:Permissions")[0]?.inputs ?? {};
    assert.equal(perms["sqlEndpointId"], "wh-new");
    assert.deepEqual(perms["accessControls"], [
      { groupName: "analysts", permissionLevel: "CAN_USE" },
      { userName: "lead@example.com", permissionLevel: "CAN_USE" },
    ]);
    const grants = byType(mine, "databricks:index/grant:Grant").map((g) => g.inputs);
    assert.ok(
      grants.some(
        (g) =>
          g["principal"] === "analysts" &&
          g["catalog"] === "dev" &&
          JSON.stringify(g["privileges"]) === '["USE_CATALOG"]',
      ),
    );
    assert.ok(
      grants.some(
        (g) =>
          g["principal"] === "analysts" &&
          g["schema"] === "dev.sales" &&
          JSON.stringify(g["privileges"]) === '["USE_SCHEMA"]',
      ),
    );
    assert.ok(
      grants.some(
        (g) =>
          g["principal"] === "lead@example.com" &&
          g["table"] === "dev.sales.orders" &&
          JSON.stringify(g["privileges"]) === '["SELECT"]',
      ),
      "the table identifiers reach the grants",
    );
    const acl = byType(mine, ACL)[0]?.inputs ?? {};
    assert.equal(acl["spaceId"], "01f0aaaabbbbccccddddeeeeffff0000");
    assert.deepEqual(
      acl["grants"],
      [
        { groupName: "analysts", level: "CAN_RUN" },
        { userName: "lead@example.com", level: "CAN_RUN" },
      ],
      "the consumers reach the space's ACL",
    );
    assert.equal(acl["mode"], "additive");

    const spaceOpts = opts.find((o) => o.name === "sales-space");
    assert.ok(spaceOpts?.dependsOn.includes("sales-folder"), "the space waits for its folder");
    assert.ok(
      (spaceOpts?.dependsOn ?? []).filter((d) => d.startsWith("sales-grant-")).length === 8,
      "and for the grants",
    );
    assert.equal(
      (spaceOpts?.dependsOn ?? []).filter((d) => d.startsWith("external:")).length,
      2,
      "and for the two tables",
    );

    assert.equal(
      await new Promise((r) => component.url.apply(r)),
      "https://ws/genie/rooms/01f0aaaabbbbccccddddeeeeffff0000",
    );
  });

  it("with an existing warehouse and named tables: no new warehouse, its ACL untouched, variables substituted", async () => {
    const { mine } = await build("existing", {
      title: "Existing",
      warehouse: { id: "a1b2c3d4e5f60718" },
      tables: ["${catalog}.sales.orders", "${catalog}.finance.ledger"],
      variables: { catalog: "prod" },
      consumers: { servicePrincipals: ["00000000-0000-4000-8000-00000000c1c0"] },
      consumerLevel: "CAN_READ",
      permissionsMode: "authoritative",
    });
    assert.equal(byType(mine, "databricks:index/sqlEndpoint:SqlEndpoint").length, 0);
    assert.equal(
      byType(mine, "databricks:index/permissions:Permissions").length,
      0,
      "an existing warehouse's ACL is not replaced unless asked",
    );
    assert.equal(byType(mine, "databricks:index/directory:Directory").length, 0);
    assert.equal(byType(mine, "databricks:index/sqlTable:SqlTable").length, 0);
    assert.equal(byType(mine, SPACE)[0]?.inputs["warehouseId"], "a1b2c3d4e5f60718");
    const schemas = byType(mine, "databricks:index/grant:Grant")
      .map((g) => g.inputs["schema"])
      .filter(Boolean)
      .sort();
    assert.deepEqual(schemas, ["prod.finance", "prod.sales"]);
    assert.deepEqual(byType(mine, ACL)[0]?.inputs["grants"], [
      { servicePrincipalName: "00000000-0000-4000-8000-00000000c1c0", level: "CAN_READ" },
    ]);
    assert.equal(byType(mine, ACL)[0]?.inputs["mode"], "authoritative");
  });

  it("manageGrants: false declares no Unity Catalog grants; managePermissions: true manages an existing warehouse's ACL", async () => {
    const { mine } = await build("nogrants", {
      title: "t",
      warehouse: { id: "w", managePermissions: true },
      tables: ["a.b.c"],
      consumers: { groups: ["analysts"] },
      manageGrants: false,
    });
    assert.equal(byType(mine, "databricks:index/grant:Grant").length, 0);
    assert.equal(
      byType(mine, "databricks:index/permissions:Permissions")[0]?.inputs["sqlEndpointId"],
      "w",
    );
  });

  it("tables given as { create } are SqlTables run on the space's warehouse, granted after they exist, and waited for by the space", async () => {
    const columns = [
      { name: "order_id", type: "BIGINT" },
      { name: "amount", type: "DECIMAL(10,2)" },
    ];
    const { mine, opts } = await build("made", {
      title: "Made",
      warehouse: { create: { clusterSize: "2X-Small" } },
      tables: [
        { create: { catalogName: "${catalog}", schemaName: "sales", name: "orders", columns } },
        "${catalog}.sales.customers",
      ],
      variables: { catalog: "dev" },
      consumers: { groups: ["analysts"] },
    });
    const tables = byType(mine, "databricks:index/sqlTable:SqlTable");
    assert.deepEqual(
      tables.map((t) => t.name),
      ["made-table-dev-sales-orders"],
    );
    assert.deepEqual(tables[0]?.inputs, {
      catalogName: "dev",
      schemaName: "sales",
      name: "orders",
      columns,
      tableType: "MANAGED",
      warehouseId: "wh-new",
    });
    const space = byType(mine, SPACE)[0]?.inputs ?? {};
    assert.deepEqual((space["space"] as { tables: string[] }).tables, [
      "dev.sales.customers",
      "dev.sales.orders",
    ]);
    const grantOpts = (key: string) => opts.find((o) => o.name === `made-grant-${key}`);
    assert.deepEqual(grantOpts("table-dev-sales-orders-analysts")?.dependsOn, [
      "made-table-dev-sales-orders",
    ]);
    assert.deepEqual(
      grantOpts("table-dev-sales-customers-analysts")?.dependsOn,
      [],
      "an existing table is granted at once",
    );
    assert.ok(
      opts.find((o) => o.name === "made-space")?.dependsOn.includes("made-table-dev-sales-orders"),
    );
    assert.equal(
      byType(mine, "databricks:index/sqlEndpoint:SqlEndpoint")[0]?.inputs["name"],
      "made-genie-dev",
      "a default warehouse name carries the stack: names are unique in a workspace",
    );

    const onExisting = await build("onexisting", {
      title: "t",
      warehouse: { id: "a1b2c3d4e5f60718" },
      tables: [{ create: { catalogName: "dev", schemaName: "sales", name: "x", columns } }],
      consumers: { groups: ["analysts"] },
    });
    assert.equal(
      byType(onExisting.mine, "databricks:index/sqlTable:SqlTable")[0]?.inputs["warehouseId"],
      "a1b2c3d4e5f60718",
    );
  });

  it("warns that a given SqlTable without warehouseId makes the provider start a cluster, and names the fix", async () => {
    const warned: string[] = [];
    const warn = console.warn;
    console.warn = (...a: unknown[]) => void warned.push(a.map(String).join(" "));
    try {
      const bare = new databricks.SqlTable("bare", {
        catalogName: "dev",
        schemaName: "sales",
        name: "bare",
        tableType: "MANAGED",
      });
      const onWarehouse = new databricks.SqlTable("onwarehouse", {
        catalogName: "dev",
        schemaName: "sales",
        name: "onwarehouse",
        tableType: "MANAGED",
        warehouseId: "a1b2c3d4e5f60718",
      });
      await build("warned", {
        title: "t",
        warehouse: { id: "a1b2c3d4e5f60718" },
        tables: [bare, onWarehouse],
        schemas: ["dev.sales"],
        consumers: { groups: ["analysts"] },
      });
      await new Promise<void>((resolve) =>
        pulumi.all([bare.urn, onWarehouse.urn]).apply(() => resolve()),
      );
      await new Promise((r) => setImmediate(r));
    } finally {
      console.warn = warn;
    }
    assert.deepEqual(warned, [
      "warning: [runtime] GenieAnalyticsSpace warned: databricks.SqlTable bare has no warehouseId, so the Databricks provider creates a cluster (terraform-sql-table) to run its DDL; give it warehouseId, or declare it in tables as { create: {...} } to run it on the space's warehouse",
    ]);
  });

  it("leaves the admins group out of the warehouse's ACL (the provider refuses it), and declares none for admins alone", async () => {
    const both = await build("withadmins", {
      title: "t",
      warehouse: { create: {} },
      tables: ["dev.sales.orders"],
      consumers: { groups: ["admins", "analysts"] },
    });
    assert.deepEqual(
      byType(both.mine, "databricks:index/permissions:Permissions")[0]?.inputs["accessControls"],
      [{ groupName: "analysts", permissionLevel: "CAN_USE" }],
    );
    assert.deepEqual(byType(both.mine, ACL)[0]?.inputs["grants"], [
      { groupName: "admins", level: "CAN_RUN" },
      { groupName: "analysts", level: "CAN_RUN" },
    ]);
    const alone = await build("adminsonly", {
      title: "t",
      warehouse: { create: {} },
      tables: ["dev.sales.orders"],
      consumers: { groups: ["admins"] },
    });
    assert.equal(byType(alone.mine, "databricks:index/permissions:Permissions").length, 0);
  });

  it("refuses bad arguments before creating anything, naming each problem", () => {
    assert.throws(
      () =>
        new GenieAnalyticsSpace("bad", {
          title: "t",
          warehouse: { id: "w" },
          tables: ["orders"],
          consumers: {},
        }),
      /^Error: GenieAnalyticsSpace bad:\n {2}consumers: name at least one user, group or service principal[^\n]*\n {2}tables\[0\]: 'orders' is not a three-part name[^\n]*$/,
    );
    assert.throws(
      () =>
        new GenieAnalyticsSpace("badtables", {
          title: "t",
          warehouse: { id: "w" },
          tables: [
            "dev.sales.orders",
            { create: { catalogName: "dev", schemaName: "sales", name: "my orders", columns: [] } },
            {
              create: {
                catalogName: "dev",
                schemaName: "sales",
                name: "Orders",
                columns: [{ name: "a", type: "INT" }],
              },
            },
          ],
          consumers: { groups: ["analysts"] },
        }),
      (e: Error) => {
        assert.equal(
          e.message,
          [
            "GenieAnalyticsSpace badtables:",
            '  tables[1].create.name: give a plain name (no dots, spaces or backticks), got "my orders"',
            "  tables[1].create.columns: a new table needs at least one column",
            "  tables[2]: 'dev.sales.Orders' is listed twice",
          ].join("\n"),
        );
        return true;
      },
    );
  });
});

describe("GenieAnalyticsSpace benchmarkGate (mocks)", () => {
  before(installMocks);

  it("benchmarkGate declares a GenieBenchmarkGate on the space's id and etag, after the space and its ACL; none without it", async () => {
    const args: GenieAnalyticsSpaceArgs = {
      title: "Sales",
      warehouse: { id: "a1b2c3d4e5f60718" },
      tables: ["dev.sales.orders"],
      consumers: { groups: ["analysts"] },
    };
    const none = await build("plain", args);
    assert.equal(none.mine.filter((r) => r.type.endsWith("GenieBenchmarkGate")).length, 0);
    const { mine, opts } = await build("gated", {
      ...args,
      benchmarkGate: { minAccuracy: 0.8, questions: ["How many orders?"] },
    });
    const gate = mine.find((r) => r.type.endsWith("GenieBenchmarkGate"));
    assert.equal(gate?.name, "gated-benchmarks");
    assert.equal(gate?.inputs["spaceId"], "01f0aaaabbbbccccddddeeeeffff0000");
    assert.equal(gate?.inputs["minAccuracy"], 0.8);
    assert.deepEqual(gate?.inputs["questions"], ["How many orders?"]);
    assert.deepEqual(opts.find((o) => o.name === "gated-benchmarks")?.dependsOn.sort(), [
      "gated-acl",
      "gated-space",
    ]);
  });
});

describe("GenieAnalyticsSpace planning (pure)", () => {
  it("plans USE_CATALOG and USE_SCHEMA once per catalog and schema, SELECT per table, for each consumer", () => {
    const plan = planGrants({ groups: ["g"] }, ["c.s.t1", "c.s.t2", "c.other.t3"], []);
    assert.deepEqual(
      plan.map((p) => `${Object.values(p.securable)[0]} ${p.privileges[0]}`),
      [
        "c USE_CATALOG",
        "c.other USE_SCHEMA",
        "c.s USE_SCHEMA",
        "c.other.t3 SELECT",
        "c.s.t1 SELECT",
        "c.s.t2 SELECT",
      ],
    );
  });

  it("validates: tables given as resources need schemas, schemas are two-part, warehouse is one of id or create", () => {
    const problems = validateAnalyticsSpaceArgs({
      consumers: { groups: ["g"] },
      tables: ["x.y.z"],
      tableResources: 1,
      schemas: ["onlyone"],
      warehouse: { id: "w", create: {} },
    });
    assert.deepEqual(
      problems.map((p) => p.path),
      ["schemas[0]", "warehouse"],
    );
    assert.deepEqual(
      validateAnalyticsSpaceArgs({
        consumers: { groups: ["g"] },
        tables: ["x.y.z"],
        tableResources: 1,
        warehouse: { id: "w" },
      }).map((p) => p.path),
      ["schemas"],
    );
  });
});
