"""Unity Catalog through the SDK: catalogs, schemas, tables, functions, grants and effective
grants, as the Databricks provider and `genie validate --live` read them."""

from databricks.sdk.errors import BadRequest, NotFound, ResourceConflict
from databricks.sdk.service.catalog import PermissionsChange, Privilege

from common import WAREHOUSE, check, client, done, eq, raises

w = client()

c = w.catalogs.create(name="conformance", comment="made by the SDK")
eq(c.name, "conformance", "catalog name")
eq(w.catalogs.get("conformance").comment, "made by the SDK", "catalog comment")
check(any(x.name == "conformance" for x in w.catalogs.list()), "catalog listed")
eq(w.catalogs.update("conformance", comment="changed").comment, "changed", "catalog update")
raises(ResourceConflict, lambda: w.catalogs.create(name="conformance"))

s = w.schemas.create(name="sales", catalog_name="conformance", comment="s")
eq(s.full_name, "conformance.sales", "schema full_name")
eq(w.schemas.get("conformance.sales").comment, "s", "schema get")
check({"default", "information_schema", "sales"} <= {x.name for x in w.schemas.list(catalog_name="conformance")}, "schemas listed")
eq(w.schemas.update("conformance.sales", comment="t").comment, "t", "schema update")

r = w.statement_execution.execute_statement(
    statement="CREATE TABLE conformance.sales.orders (id BIGINT, amount DECIMAL(10,2) COMMENT 'USD')",
    warehouse_id=WAREHOUSE,
    wait_timeout="30s",
)
eq(r.status.state.value, "SUCCEEDED", "CREATE TABLE")
t = w.tables.get("conformance.sales.orders")
eq([col.name for col in t.columns], ["id", "amount"], "columns")
eq(t.columns[1].type_text, "decimal(10,2)", "type_text")
eq(t.columns[1].comment, "USD", "column comment")
check(w.tables.exists("conformance.sales.orders").table_exists, "tables.exists")
check(not w.tables.exists("conformance.sales.nope").table_exists, "tables.exists of a missing table")
eq([x.name for x in w.tables.list(catalog_name="conformance", schema_name="sales")], ["orders"], "tables listed")
raises(NotFound, lambda: w.tables.get("conformance.sales.nope"))

f = w.functions.get("dev.sales.fiscal_quarter")
eq(f.full_name, "dev.sales.fiscal_quarter", "function get")
eq([x.full_name for x in w.functions.list(catalog_name="dev", schema_name="sales")], ["dev.sales.fiscal_quarter"], "functions listed")
raises(NotFound, lambda: w.functions.get("dev.sales.nope"))

# Grants: securable types as the SDK 0.167.0 takes them, strings.
g = w.grants.update("table", "conformance.sales.orders", changes=[PermissionsChange(principal="analysts", add=[Privilege.SELECT])])
eq([(a.principal, [p.value for p in a.privileges]) for a in g.privilege_assignments], [("analysts", ["SELECT"])], "grant added")
w.grants.update("schema", "conformance.sales", changes=[PermissionsChange(principal="analysts", add=[Privilege.USE_SCHEMA])])
w.grants.update("catalog", "conformance", changes=[PermissionsChange(principal="analysts", add=[Privilege.USE_CATALOG])])
got = w.grants.get("table", "conformance.sales.orders")
eq([a.principal for a in got.privilege_assignments], ["analysts"], "grants.get")
eff = w.grants.get_effective("table", "conformance.sales.orders", principal="analysts")
inherited = {(p.privilege.value, p.inherited_from_type.value if p.inherited_from_type else None) for a in eff.privilege_assignments for p in a.privileges}
eq(inherited, {("SELECT", None), ("USE_SCHEMA", "SCHEMA"), ("USE_CATALOG", "CATALOG")}, "effective grants with inheritance")
raises(BadRequest, lambda: w.grants.update("table", "conformance.sales.orders", changes=[PermissionsChange(principal="analysts", add=[Privilege.CREATE_SCHEMA])]), "not applicable")
raises(NotFound, lambda: w.grants.update("table", "conformance.sales.orders", changes=[PermissionsChange(principal="nobody", add=[Privilege.SELECT])]))

raises(BadRequest, lambda: w.catalogs.delete("conformance"), "not empty")
w.tables.delete("conformance.sales.orders")
w.schemas.delete("conformance.sales")
w.catalogs.delete("conformance", force=True)
raises(NotFound, lambda: w.catalogs.get("conformance"))
done("unity catalog")
