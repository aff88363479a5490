// One reviewed file, every environment: sales.geniespace.json was exported from a space made in
// the UI with `genie export <id> --templatize catalog=dev,schema=sales`, so its tables and SQL
// read ${catalog}.${schema}. Each stack fills them in from its own config.
import * as fs from "fs";
import * as pulumi from "@pulumi/pulumi";
import { GenieSpace } from "pulumi-databricks-genie";

const config = new pulumi.Config();

const space = new GenieSpace("sales", {
  title: `Sales analytics (${pulumi.getStack()})`,
  warehouseId: config.require("warehouseId"),
  parentPath: `/Workspace/Shared/genie/${pulumi.getStack()}`,
  serializedSpace: fs.readFileSync("sales.geniespace.json", "utf8"),
  variables: { catalog: config.require("catalog"), schema: config.get("schema") ?? "sales" },
});

export const spaceId = space.spaceId;
export const url = space.url;
