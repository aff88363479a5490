import * as grpc from "@grpc/grpc-js";
import { spawn } from "node:child_process";
import * as path from "node:path";
import { Empty } from "google-protobuf/google/protobuf/empty_pb";
import { Struct } from "google-protobuf/google/protobuf/struct_pb";
import * as engineRpc from "@pulumi/pulumi/proto/engine_grpc_pb";
import * as enginePb from "@pulumi/pulumi/proto/engine_pb";
import * as resourceRpc from "@pulumi/pulumi/proto/resource_grpc_pb";
import * as resourcePb from "@pulumi/pulumi/proto/resource_pb";
import type { Props } from "./host";

/**
 * The engine's side of a Pulumi program run, for tests: a resource monitor and an engine served
 * over gRPC, as `pulumi` serves them to the Node language host's program runner
 * (`@pulumi/pulumi/cmd/run`), recording every registration, every stack output and every log.
 * What it answers for a resource is up to a `Responder`; by default it echoes the inputs.
 */

/** The signatures Pulumi puts on special values in a Struct. */
const SIG = "4dabf18193072939515e22adb298388d";
const SECRET = "1b47061264138c4ac30d75fd1eb44270";
const OUTPUT = "d0e6a833031e9bbcd3f4e8bde6ca49a4";
export const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

export interface Registration {
  type: string;
  name: string;
  urn: string;
  custom: boolean;
  parent: string;
  /** Inputs with secrets and output values unwrapped to their plain values. */
  inputs: Props;
  /** The inputs as they came over the wire (secrets still wrapped), to look for leaks. */
  wire: Props;
  dependencies: string[];
}

export interface Answer {
  id?: string;
  outputs?: Props;
}

export type Responder = (reg: Registration, dryRun: boolean) => Answer | Promise<Answer>;

export const echo: Responder = (reg, dryRun) => ({
  id: reg.custom && !dryRun ? `${reg.name}-id` : "",
  outputs: reg.inputs,
});

/** A value from the wire, with secrets and output values replaced by what they hold. */
export function unwrap(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(unwrap);
  if (typeof value !== "object" || value === null) return value;
  const o = value as Record<string, unknown>;
  if (o[SIG] === SECRET || o[SIG] === OUTPUT) return "value" in o ? unwrap(o["value"]) : UNKNOWN;
  return Object.fromEntries(Object.entries(o).map(([k, v]) => [k, unwrap(v)]));
}

const FEATURES = new Set(["secrets", "resourceReferences", "outputValues", "deletedWith"]);

export class RecordingMonitor {
  readonly registrations: Registration[] = [];
  readonly logs: { severity: number; message: string }[] = [];
  /** Calls the program made that this monitor does not serve (a test may assert there are none). */
  readonly unserved: string[] = [];
  stackOutputs: Props | undefined;
  private root = "";

  private constructor(
    private readonly server: grpc.Server,
    readonly address: string,
    private readonly project: string,
    private readonly stack: string,
    private readonly dryRun: boolean,
    private readonly responder: Responder,
  ) {}

  static async start(options: {
    project: string;
    stack: string;
    dryRun: boolean;
    responder?: Responder;
  }): Promise<RecordingMonitor> {
    const server = new grpc.Server({
      "grpc.max_receive_message_length": 400 * 1024 * 1024,
      "grpc.max_send_message_length": 400 * 1024 * 1024,
    });
    const port = await new Promise<number>((resolve, reject) =>
      server.bindAsync("127.0.0.1:0", grpc.ServerCredentials.createInsecure(), (e, p) =>
        e !== null ? reject(e) : resolve(p),
      ),
    );
    const m = new RecordingMonitor(
      server,
      `127.0.0.1:${port}`,
      options.project,
      options.stack,
      options.dryRun,
      options.responder ?? echo,
    );
    server.addService(resourceRpc.ResourceMonitorService, m.monitorService());
    server.addService(engineRpc.EngineService, m.engineService());
    return m;
  }

  stop(): Promise<void> {
    return new Promise((resolve) => this.server.tryShutdown(() => resolve()));
  }

  /** Registrations of one type, in order. */
  of(type: string): Registration[] {
    return this.registrations.filter((r) => r.type === type);
  }

  /** Error lines the program logged (what `pulumi` would print as `error:`). */
  errors(): string[] {
    return this.logs.filter((l) => l.severity === enginePb.LogSeverity.ERROR).map((l) => l.message);
  }

  private urn(type: string, name: string, parent: string): string {
    const parentType = this.registrations.find((r) => r.urn === parent)?.type;
    const qualified =
      parentType === undefined || parentType === "pulumi:pulumi:Stack"
        ? type
        : `${parentType}$${type}`;
    return `urn:pulumi:${this.stack}::${this.project}::${qualified}::${name}`;
  }

  private monitorService(): grpc.UntypedServiceImplementation {
    type Call<T> = grpc.ServerUnaryCall<T, unknown>;
    type Done = grpc.sendUnaryData<unknown>;
    const unserved = (name: string) => (_call: Call<unknown>, done: Done) => {
      this.unserved.push(name);
      done({ code: grpc.status.UNIMPLEMENTED, details: `the test monitor does not serve ${name}` });
    };
    return {
      supportsFeature: (call: Call<resourcePb.SupportsFeatureRequest>, done: Done) => {
        const res = new resourcePb.SupportsFeatureResponse();
        res.setHassupport(FEATURES.has(call.request.getId()));
        done(null, res);
      },
      registerResource: (call: Call<resourcePb.RegisterResourceRequest>, done: Done) => {
        const req = call.request;
        const wire = (req.getObject()?.toJavaScript() ?? {}) as Props;
        const reg: Registration = {
          type: req.getType(),
          name: req.getName(),
          urn: this.urn(req.getType(), req.getName(), req.getParent()),
          custom: req.getCustom(),
          parent: req.getParent(),
          inputs: unwrap(wire) as Props,
          wire,
          dependencies: req.getDependenciesList(),
        };
        this.registrations.push(reg);
        Promise.resolve(this.responder(reg, this.dryRun)).then(
          (answer) => {
            const res = new resourcePb.RegisterResourceResponse();
            res.setUrn(reg.urn);
            res.setId(answer.id ?? "");
            res.setObject(Struct.fromJavaScript(plain(answer.outputs ?? {}) as never));
            done(null, res);
          },
          (e: Error) => done({ code: grpc.status.UNKNOWN, details: e.message }),
        );
      },
      registerResourceOutputs: (
        call: Call<resourcePb.RegisterResourceOutputsRequest>,
        done: Done,
      ) => {
        if (call.request.getUrn() === this.root)
          this.stackOutputs = unwrap(call.request.getOutputs()?.toJavaScript() ?? {}) as Props;
        done(null, new Empty());
      },
      signalAndWaitForShutdown: (_call: Call<unknown>, done: Done) => done(null, new Empty()),
      invoke: unserved("invoke"),
      call: unserved("call"),
      readResource: unserved("readResource"),
      getDeploymentInfo: unserved("getDeploymentInfo"),
      registerStackTransform: unserved("registerStackTransform"),
      registerStackInvokeTransform: unserved("registerStackInvokeTransform"),
      registerResourceHook: unserved("registerResourceHook"),
      registerErrorHook: unserved("registerErrorHook"),
      registerPackage: unserved("registerPackage"),
    };
  }

  private engineService(): grpc.UntypedServiceImplementation {
    type Call<T> = grpc.ServerUnaryCall<T, unknown>;
    type Done = grpc.sendUnaryData<unknown>;
    return {
      log: (call: Call<enginePb.LogRequest>, done: Done) => {
        this.logs.push({
          severity: call.request.getSeverity(),
          message: call.request.getMessage(),
        });
        done(null, new Empty());
      },
      getRootResource: (_call: Call<unknown>, done: Done) => {
        const res = new enginePb.GetRootResourceResponse();
        res.setUrn(this.root);
        done(null, res);
      },
      setRootResource: (call: Call<enginePb.SetRootResourceRequest>, done: Done) => {
        this.root = call.request.getUrn();
        done(null, new enginePb.SetRootResourceResponse());
      },
      requirePulumiVersion: (_call: Call<unknown>, done: Done) =>
        done(null, new enginePb.RequirePulumiVersionResponse()),
      startDebugging: (_call: Call<unknown>, done: Done) => done(null, new Empty()),
    };
  }
}

function plain(value: unknown): unknown {
  return JSON.parse(JSON.stringify(value ?? {}));
}

export interface ProgramRun {
  code: number;
  stdout: string;
  stderr: string;
  monitor: RecordingMonitor;
}

/**
 * Runs a Pulumi program the way the Node language host does (`pulumi-language-nodejs`'s
 * execRuntime): `node <project's @pulumi/pulumi>/cmd/run --monitor --engine --project --stack
 * --pwd [--dry-run] <entry point>`, with the stack config in PULUMI_CONFIG and the secret keys in
 * PULUMI_CONFIG_SECRET_KEYS, and ts-node switched on by PULUMI_NODEJS_TYPESCRIPT, as the
 * `typescript` runtime option does (it is on unless Pulumi.yaml turns it off).
 */
export async function runProgram(options: {
  /** The project folder (where Pulumi.yaml is). */
  dir: string;
  /** Pulumi.yaml `main`, or "." when there is none (the host passes "." then). */
  entryPoint: string;
  project: string;
  stack: string;
  config: Record<string, string>;
  secretKeys?: string[];
  dryRun: boolean;
  responder?: Responder;
  typescript?: boolean;
}): Promise<ProgramRun> {
  const monitor = await RecordingMonitor.start(options);
  const runner = require.resolve("@pulumi/pulumi/cmd/run", { paths: [options.dir] });
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const k of Object.keys(env))
    if (k.startsWith("TS_NODE_") || k === "NODE_OPTIONS" || k.startsWith("PULUMI_")) delete env[k];
  env["PULUMI_CONFIG"] = JSON.stringify(options.config);
  env["PULUMI_CONFIG_SECRET_KEYS"] = JSON.stringify(options.secretKeys ?? []);
  if (options.typescript !== false) env["PULUMI_NODEJS_TYPESCRIPT"] = "true";
  const args = [
    runner,
    "--monitor",
    monitor.address,
    "--engine",
    monitor.address,
    "--project",
    options.project,
    "--root-directory",
    options.dir,
    "--stack",
    options.stack,
    "--pwd",
    options.dir,
    ...(options.dryRun ? ["--dry-run"] : []),
    "--parallel",
    "16",
    options.entryPoint,
  ];
  const child = spawn(process.execPath, args, { cwd: options.dir, env });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
  child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
  const code = await new Promise<number>((resolve) =>
    child.on("exit", (c, signal) => resolve(c ?? (signal === null ? 0 : 1))),
  );
  await monitor.stop();
  return { code, stdout, stderr, monitor };
}

/** The folder of this repository (the reference stack's project folder). */
export const REPO = path.join(__dirname, "..", "..");
