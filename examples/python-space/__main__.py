"""A Genie space managed from Python through the genie provider plugin (docs/plugin.md)."""
import pulumi
import pulumi_genie as genie

config = pulumi.Config()

sales = genie.GenieSpace(
    "sales",
    title="Sales",
    warehouse_id=config.require("warehouseId"),
    parent_path="/Workspace/Shared/genie",
    space=genie.GenieSpaceSpecArgs(
        tables=[
            "${catalog}.sales.orders",
            genie.TableSpecArgs(
                identifier="${catalog}.sales.customers",
                description="One row per customer",
                columns={"name": genie.ColumnSpecArgs(synonyms=["customer"])},
            ),
        ],
        instructions=config.get("instructions") or "Amounts are in EUR.",
        sample_questions=["What was revenue last month?"],
        example_sqls=[
            genie.ExampleSqlSpecArgs(
                question="Top customers",
                sql="SELECT name FROM ${catalog}.sales.customers LIMIT 10",
            )
        ],
    ),
    variables={"catalog": config.get("catalog") or "dev"},
)

# The ACL takes the space's spaceId output: the plugin previews updates, so it stays known and
# the ACL previews no change when only the space changes.
genie.GenieSpacePermissions(
    "sales-acl",
    space_id=sales.space_id,
    grants=[genie.GenieGrantArgs(group_name="analysts", level=genie.PermissionLevel.CAN_RUN)],
)

pulumi.export("spaceId", sales.space_id)
pulumi.export("url", sales.url)

# The whole thing in one component: a new serverless warehouse, CAN_USE on it, the data grants,
# the space and its ACL (needs the Databricks provider plugin and databricks:host/token).
if config.get_bool("analytics"):
    analytics = genie.GenieAnalyticsSpace(
        "analytics",
        title="Sales analytics",
        warehouse=genie.GenieAnalyticsSpaceWarehouseArgs(
            create=genie.NewWarehouseArgs(name="genie-analytics-" + pulumi.get_stack())
        ),
        tables=["dev.sales.orders"],
        space=genie.GenieSpaceSpecWithoutTablesArgs(instructions="Amounts are in EUR."),
        consumers=genie.ConsumersArgs(groups=["analysts"]),
    )
    pulumi.export("analyticsSpaceId", analytics.space_id)
    pulumi.export("analyticsWarehouseId", analytics.warehouse_id)
