import { strict as assert } from "node:assert";
import * as pulumi from "@pulumi/pulumi";
import { GenieAnalyticsSpace, validateAnalyticsSpaceArgs } from "../../components";

const valid = {
  tables: ["dev.sales.orders"],
  warehouse: { id: "a1b2c3d4e5f60718" },
};

describe("GenieAnalyticsSpace consumers: each listed once, refused with its path otherwise", () => {
  it("a group listed twice is refused at the second entry, naming the first", () => {
    assert.deepEqual(
      validateAnalyticsSpaceArgs({
        ...valid,
        consumers: { groups: ["analysts", "finance", "analysts"] },
      }),
      [
        {
          path: "consumers.groups[2]",
          message: "'analysts' is also listed at consumers.groups[0]; list each consumer once",
        },
      ],
    );
  });

  it("the same name as a user and a group is refused too: grants are keyed by name", () => {
    assert.deepEqual(
      validateAnalyticsSpaceArgs({ ...valid, consumers: { groups: ["ops"], users: ["ops"] } }).map(
        (p) => p.path,
      ),
      ["consumers.users[0]"],
    );
  });

  it("a blank or non-string consumer is refused at its path", () => {
    assert.deepEqual(
      validateAnalyticsSpaceArgs({
        ...valid,
        consumers: {
          users: [" ", 5 as unknown as string],
          servicePrincipals: ["00000000-0000-4000-8000-00000000c1c0"],
        },
      }).map((p) => p.path),
      ["consumers.users[0]", "consumers.users[1]"],
    );
  });

  it("the component refuses a consumer listed twice before declaring anything", async () => {
    await pulumi.runtime.setMocks(
      {
        newResource: (a) => ({ id: `${a.name}-id`, state: a.inputs }),
        call: (a) => {
          throw new Error(`unmocked call ${a.token}`);
        },
      },
      "genie-reference",
      "dev",
    );
    assert.throws(
      () =>
        new GenieAnalyticsSpace("twice", {
          title: "t",
          ...valid,
          consumers: { users: ["a@example.com", "a@example.com"] },
        }),
      /GenieAnalyticsSpace twice:\n {2}consumers\.users\[1\]: 'a@example\.com' is also listed at consumers\.users\[0\]/,
    );
  });
});
