import type * as proto from "@pulumi/pulumi/proto/provider_pb";
import { tuningFrom } from "../provider/resources/client-options";
import { CONFIG_KEYS } from "./config";
import { fromStruct, unwrap } from "./wire";

// eslint-disable-next-line @typescript-eslint/no-require-imports -- the generated messages
const pb = require("@pulumi/pulumi/proto/provider_pb") as typeof proto;

/**
 * CheckConfig: the provider's settings as given, refused where the resources would refuse them
 * at their first call (a time budget that is not a number of milliseconds: client-options.ts's
 * rule, with its message), each under its key. Credentials are not checked here: the chain
 * resolves them when a call needs them, as the dynamic resources do, with the same errors.
 */
export function checkConfig(req: proto.CheckRequest): proto.CheckResponse {
  const news = fromStruct(req.getNews());
  const res = new pb.CheckResponse();
  res.setInputs(req.getNews());
  for (const [key, name] of CONFIG_KEYS) {
    if (!name.startsWith("databricks-genie:")) continue;
    const v = unwrap(news[key]);
    try {
      tuningFrom((k) => (k === name && v !== undefined ? String(v) : undefined));
    } catch (e) {
      const failure = new pb.CheckFailure();
      failure.setProperty(key);
      failure.setReason((e as Error).message.replace(name, `genie:${key}`));
      res.addFailures(failure);
    }
  }
  return res;
}
