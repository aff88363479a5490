import * as grpc from "@grpc/grpc-js";
import { AsyncLocalStorage } from "node:async_hooks";
import { format } from "node:util";

/**
 * What the resources say to people (`console.warn` before a space is trashed) reaches them as the
 * dynamic-provider host shows it: a warning on the resource, sent to the engine's Log service
 * with the URN of the call that said it. stdout stays the engine's: its first line is the port.
 * The resources never put a secret in what they say (the client redacts, issue #6).
 */
const call = new AsyncLocalStorage<string>();

/** Runs `fn` as the work of the resource `urn` (what it logs is about that resource). */
export function asResource<T>(urn: string, fn: () => Promise<T>): Promise<T> {
  return call.run(urn, fn);
}

type Client = { log(req: unknown, cb: (e: grpc.ServiceError | null) => void): void };
let client: Client | undefined;
let address: string | undefined;

export function setEngine(engine: string | undefined): void {
  if (engine === address) return;
  address = engine;
  client = undefined;
}

/** Sends one line to the engine (severity 2: warning, 1: info); falls back to stderr. */
function send(severity: number, message: string): void {
  if (address === undefined) {
    process.stderr.write(message + "\n");
    return;
  }
  /* eslint-disable @typescript-eslint/no-require-imports -- the engine's client, when first needed */
  const rpc = require("@pulumi/pulumi/proto/engine_grpc_pb") as {
    EngineClient: new (a: string, c: grpc.ChannelCredentials) => Client;
  };
  const pb = require("@pulumi/pulumi/proto/engine_pb") as {
    LogRequest: new () => {
      setSeverity(s: number): void;
      setMessage(m: string): void;
      setUrn(u: string): void;
    };
  };
  /* eslint-enable @typescript-eslint/no-require-imports */
  client ??= new rpc.EngineClient(address, grpc.credentials.createInsecure());
  const req = new pb.LogRequest();
  req.setSeverity(severity);
  req.setMessage(message);
  req.setUrn(call.getStore() ?? "");
  client.log(req, (e) => {
    if (e !== null) process.stderr.write(message + "\n");
  });
}

/** Routes console.warn and console.log to the engine, so nothing else ever reaches stdout. */
export function routeConsole(): void {
  console.warn = (...args: unknown[]) => send(2, format(...args));
  console.error = (...args: unknown[]) => send(2, format(...args));
  console.log = (...args: unknown[]) => send(1, format(...args));
  console.info = console.log;
}
