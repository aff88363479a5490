import * as grpc from "@grpc/grpc-js";
import { Empty } from "google-protobuf/google/protobuf/empty_pb";
import type * as proto from "@pulumi/pulumi/proto/provider_pb";
import { configure as configureResources } from "../provider/resources/context";
import { stackConfig, settingsLabel } from "./config";
import { asResource, setEngine } from "./engine-log";
import * as calls from "./resource-calls";
import { fromStruct, unwrap } from "./wire";

/**
 * The `genie` provider plugin: Pulumi's ResourceProvider gRPC service over the protos that
 * @pulumi/pulumi ships, answering each call with the resources' own functions (resource-calls.ts),
 * the component through Construct (construct.ts) and the schema derived from the field table
 * (schema/). Calls this plugin does not serve (Invoke, Call, mappings, parameterization) answer
 * UNIMPLEMENTED, which the engine takes as "not supported".
 */

/* eslint-disable @typescript-eslint/no-require-imports -- generated code, loaded once */
const services = require("@pulumi/pulumi/proto/provider_grpc_pb") as {
  ResourceProviderService: grpc.ServiceDefinition;
};
const pb = require("@pulumi/pulumi/proto/provider_pb") as typeof proto;
const plugin = require("@pulumi/pulumi/proto/plugin_pb") as {
  PluginInfo: new () => { setVersion(v: string): void };
};
/* eslint-enable @typescript-eslint/no-require-imports */

type Handler = (
  call: grpc.ServerUnaryCall<unknown, unknown>,
  done: grpc.sendUnaryData<unknown>,
) => void;

/** A unary handler: the answer, or the error's message (never a stack trace) as the status. */
function unary<Req>(fn: (req: Req) => Promise<unknown>, urnOf?: (req: Req) => string): Handler {
  return (call, done) => {
    const req = call.request as Req;
    const run = () => fn(req);
    (urnOf === undefined ? run() : asResource(urnOf(req), run)).then(
      (res) => done(null, res),
      (e: unknown) =>
        done({
          code: grpc.status.UNKNOWN,
          details: e instanceof Error ? e.message : String(e),
        }),
    );
  };
}

const urn = (req: { getUrn(): string }) => req.getUrn();

/** The plugin's version: the package's. */
function version(): string {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- read once, at GetPluginInfo
  return (require("pulumi-databricks-genie/package.json") as { version: string }).version;
}

export function service(engine: string | undefined): grpc.UntypedServiceImplementation {
  setEngine(engine);
  return {
    getPluginInfo: unary(async () => {
      const info = new plugin.PluginInfo();
      info.setVersion(version());
      return info;
    }),
    getSchema: unary(async (req: proto.GetSchemaRequest) => {
      // eslint-disable-next-line @typescript-eslint/no-require-imports -- only `pulumi package add` asks
      const { schemaText } = require("./schema") as typeof import("./schema");
      const res = new pb.GetSchemaResponse();
      res.setSchema(schemaText(req.getVersion()));
      return res;
    }),
    checkConfig: unary(async (req: proto.CheckRequest) => {
      // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded with the config
      const { checkConfig } = require("./config-check") as typeof import("./config-check");
      return checkConfig(req);
    }),
    diffConfig: unary(async (req: proto.DiffRequest) => {
      // A provider's settings never replace what it manages: a new token or host is used as is.
      const res = new pb.DiffResponse();
      const same =
        JSON.stringify(unwrap(fromStruct(req.getOldInputs() ?? req.getOlds()))) ===
        JSON.stringify(unwrap(fromStruct(req.getNews())));
      res.setChanges(same ? 1 : 2);
      return res;
    }),
    configure: unary(async (req: proto.ConfigureRequest) => {
      const variables = req.getVariablesMap();
      configureResources(
        { config: stackConfig(fromStruct(req.getArgs()), { get: (k) => variables.get(k) }) },
        { settingsLabel },
      );
      const res = new pb.ConfigureResponse();
      res.setSupportspreview(true);
      res.setAcceptsecrets(true);
      // No property of these resources is a resource: references arrive as their ids.
      res.setAcceptresources(false);
      return res;
    }),
    check: unary(calls.check, urn),
    diff: unary(calls.diff, urn),
    create: unary(calls.create, urn),
    read: unary(calls.read, urn),
    update: unary(calls.update, urn),
    delete: unary(async (req: proto.DeleteRequest) => {
      await calls.remove(req);
      return new Empty();
    }, urn),
    construct: unary(async (req: proto.ConstructRequest) => {
      // eslint-disable-next-line @typescript-eslint/no-require-imports -- Pulumi's runtime, for components only
      const { construct } = require("./construct") as typeof import("./construct");
      return construct(req, engine);
    }),
    attach: unary(async (req: { getAddress(): string }) => {
      setEngine((engine = req.getAddress()));
      return new Empty();
    }),
    cancel: unary(async () => new Empty()),
  };
}

/** Serves the plugin on a free loopback port; resolves with the port. */
export function serve(engine: string | undefined): Promise<number> {
  // The engine allows large messages (a space's document may be megabytes), as the host does.
  const server = new grpc.Server({
    "grpc.max_receive_message_length": 400 * 1024 * 1024,
    "grpc.max_send_message_length": 400 * 1024 * 1024,
  });
  server.addService(services.ResourceProviderService, service(engine));
  return new Promise((resolve, reject) =>
    server.bindAsync("127.0.0.1:0", grpc.ServerCredentials.createInsecure(), (e, port) =>
      e !== null ? reject(e) : resolve(port),
    ),
  );
}
