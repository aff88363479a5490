import { strict as assert } from "node:assert";
import { toSerializedSpace } from "../../provider";
import { substituteVariables } from "../../provider/model";

describe("variables", () => {
  it("replaces ${name} in identifiers, text and SQL", () => {
    const { document } = toSerializedSpace(
      {
        tables: ["${catalog}.${schema}.orders"],
        instructions: "Data lives in ${catalog}.",
        exampleSqls: [{ question: "q", sql: "SELECT * FROM ${catalog}.${schema}.orders" }],
      },
      { variables: { catalog: "prod", schema: "sales" } },
    );
    assert.equal(document.data_sources?.tables?.[0]?.identifier, "prod.sales.orders");
    assert.deepEqual(document.instructions?.text_instructions?.[0]?.content, [
      "Data lives in prod.",
    ]);
    assert.deepEqual(document.instructions?.example_question_sqls?.[0]?.sql, [
      "SELECT * FROM prod.sales.orders",
    ]);
  });

  it("reads $${name} as a literal ${name}", () => {
    const { value, problems } = substituteVariables({ sql: "SELECT '$${x}', '${x}'" }, { x: "1" });
    assert.deepEqual(problems, []);
    assert.equal(value.sql, "SELECT '${x}', '1'");
  });

  it("reports an unknown placeholder with its name and path, and the names it knows", () => {
    const { problems } = substituteVariables({ a: [{ b: "x ${nope} y" }] }, { catalog: "c" });
    assert.equal(problems.length, 1);
    assert.equal(problems[0]?.path, "a[0].b");
    assert.match(problems[0]?.message ?? "", /unknown variable 'nope'/);
    assert.match(problems[0]?.fix ?? "", /known: catalog/);
  });

  it("reports a malformed placeholder", () => {
    const { problems } = substituteVariables({ a: "${1x}" }, {});
    assert.equal(problems[0]?.rule, "variable-syntax");
  });

  it("does not substitute again inside a substituted value", () => {
    const { value } = substituteVariables({ a: "${x}" }, { x: "${y}", y: "no" });
    assert.equal(value.a, "${y}");
  });

  it("leaves placeholders alone when no variables are given to toSerializedSpace", () => {
    const { document } = toSerializedSpace({
      exampleSqls: [{ question: "q", sql: "SELECT ${spark_var}" }],
    });
    assert.deepEqual(document.instructions?.example_question_sqls?.[0]?.sql, [
      "SELECT ${spark_var}",
    ]);
  });

  it("throws from toSerializedSpace on an unknown variable, naming it", () => {
    assert.throws(
      () => toSerializedSpace({ tables: ["${catalog}.s.t"] }, { variables: {} }),
      /unknown variable 'catalog'/,
    );
  });
});
