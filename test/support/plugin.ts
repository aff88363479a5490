import * as grpc from "@grpc/grpc-js";
import { type ChildProcess, spawn } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { Empty } from "google-protobuf/google/protobuf/empty_pb";
import { Struct } from "google-protobuf/google/protobuf/struct_pb";
import * as services from "@pulumi/pulumi/proto/provider_grpc_pb";
import * as proto from "@pulumi/pulumi/proto/provider_pb";
import type { Props } from "./host";

/** The plugin folder (PulumiPlugin.yaml) of this repository. */
export const PLUGIN_DIR = path.join(__dirname, "..", "..", "plugin");

const plain = (value: unknown): Props => JSON.parse(JSON.stringify(value ?? {})) as Props;
const struct = (value: unknown) => Struct.fromJavaScript(plain(value) as never);
const js = (s: Struct | undefined): Props => (s?.toJavaScript() ?? {}) as Props;

export const SPACE_TYPE = "genie:index:GenieSpace";
export const ACL_TYPE = "genie:index:GenieSpacePermissions";
export const urnOf = (type: string, name: string) =>
  `urn:pulumi:dev::plugin-test::${type}::${name}`;

export interface DiffAnswer {
  changes: "none" | "some" | "unknown";
  replaces: string[];
  diffs: string[];
  detailed: Record<string, "add" | "delete" | "update" | "other">;
  hasDetailedDiff: boolean;
}

/** The resource a request is about, as the engine names it (URN, type token, name). */
function address(
  req: { setUrn(u: string): unknown; setType(t: string): unknown; setName(n: string): unknown },
  type: string,
  name: string,
): void {
  req.setUrn(urnOf(type, name));
  req.setType(type);
  req.setName(name);
}

const KIND: Record<number, DiffAnswer["detailed"][string]> = { 0: "add", 2: "delete", 4: "update" };

/**
 * The engine's side of the `genie` provider plugin, for tests: the plugin started as the Node
 * language host starts it (`node <plugin>/node_modules/@pulumi/pulumi/cmd/run-plugin <plugin>
 * <engine>`, in the program's folder, port read from the first line of stdout), and driven over
 * gRPC with the requests the engine sends.
 */
export class PluginClient {
  stderr = "";
  stdout = "";
  private constructor(
    private readonly child: ChildProcess,
    private readonly client: services.ResourceProviderClient,
    /** Milliseconds from spawn to the port on stdout. */
    readonly startedMs: number,
  ) {}

  static async start(
    options: { engine?: string; env?: Record<string, string | undefined>; cwd?: string } = {},
  ): Promise<PluginClient> {
    const runner = require.resolve("@pulumi/pulumi/cmd/run-plugin", { paths: [PLUGIN_DIR] });
    const env: NodeJS.ProcessEnv = { ...process.env, ...options.env };
    for (const [k, v] of Object.entries(options.env ?? {})) if (v === undefined) delete env[k];
    for (const k of Object.keys(env))
      if (k.startsWith("TS_NODE_") || k === "NODE_OPTIONS") delete env[k];
    const cwd = options.cwd ?? fs.mkdtempSync(path.join(os.tmpdir(), "genie-plugin-cwd-"));
    const t0 = Date.now();
    const child = spawn(process.execPath, [runner, PLUGIN_DIR, options.engine ?? "127.0.0.1:1"], {
      cwd,
      env,
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stderr = "";
    let stdout = "";
    child.stderr?.on("data", (d: Buffer) => (stderr += d.toString()));
    const port = await new Promise<string>((resolve, reject) => {
      child.stdout?.on("data", (d: Buffer) => {
        stdout += d.toString();
        const line = stdout.split("\n")[0] ?? "";
        if (stdout.includes("\n") && /^\d+$/.test(line.trim())) resolve(line.trim());
      });
      child.on("exit", (code) => reject(new Error(`the plugin exited with ${code}: ${stderr}`)));
    });
    const client = new services.ResourceProviderClient(
      `127.0.0.1:${port}`,
      grpc.credentials.createInsecure(),
      {
        "grpc.max_receive_message_length": 400 * 1024 * 1024,
        "grpc.max_send_message_length": 400 * 1024 * 1024,
      },
    );
    const plugin = new PluginClient(child, client, Date.now() - t0);
    plugin.stderr = stderr;
    plugin.stdout = stdout;
    child.stderr?.on("data", (d: Buffer) => (plugin.stderr += d.toString()));
    child.stdout?.on("data", (d: Buffer) => (plugin.stdout += d.toString()));
    return plugin;
  }

  unary<Req, Res>(method: string, req: Req): Promise<Res> {
    return new Promise((resolve, reject) => {
      const fn = (
        this.client as unknown as Record<
          string,
          (r: Req, cb: (e: grpc.ServiceError | null, res: Res) => void) => void
        >
      )[method];
      if (fn === undefined) return reject(new Error(`no method ${method}`));
      fn.call(this.client, req, (err, res) =>
        err !== null
          ? reject(Object.assign(new Error(err.details || err.message), { code: err.code }))
          : resolve(res),
      );
    });
  }

  async schema(): Promise<Record<string, unknown>> {
    const res = await this.unary<proto.GetSchemaRequest, proto.GetSchemaResponse>(
      "getSchema",
      new proto.GetSchemaRequest(),
    );
    return JSON.parse(res.getSchema()) as Record<string, unknown>;
  }

  async checkConfig(
    news: Props,
  ): Promise<{ inputs: Props; failures: { property: string; reason: string }[] }> {
    const req = new proto.CheckRequest();
    req.setUrn("urn:pulumi:dev::plugin-test::pulumi:providers:genie::default");
    req.setOlds(struct({}));
    req.setNews(struct(news));
    const res = await this.unary<proto.CheckRequest, proto.CheckResponse>("checkConfig", req);
    return {
      inputs: js(res.getInputs()),
      failures: res
        .getFailuresList()
        .map((f) => ({ property: f.getProperty(), reason: f.getReason() })),
    };
  }

  /** Configure as the engine sends it: the provider's inputs as `args`, and `variables`. */
  async configure(args: Props): Promise<proto.ConfigureResponse> {
    const req = new proto.ConfigureRequest();
    req.setArgs(struct(args));
    req.setAcceptsecrets(true);
    req.setAcceptresources(true);
    const vars = req.getVariablesMap();
    for (const [k, v] of Object.entries(args))
      if (typeof v === "string") vars.set(`genie:config:${k}`, v);
    return this.unary("configure", req);
  }

  async check(
    type: string,
    name: string,
    news: Props,
    olds: Props = {},
  ): Promise<{ inputs: Props; failures: { property: string; reason: string }[] }> {
    const req = new proto.CheckRequest();
    address(req, type, name);
    req.setOlds(struct(olds));
    req.setNews(struct(news));
    const res = await this.unary<proto.CheckRequest, proto.CheckResponse>("check", req);
    return {
      inputs: js(res.getInputs()),
      failures: res
        .getFailuresList()
        .map((f) => ({ property: f.getProperty(), reason: f.getReason() })),
    };
  }

  async diff(
    type: string,
    name: string,
    id: string,
    olds: Props,
    news: Props,
    oldInputs?: Props,
  ): Promise<DiffAnswer> {
    const req = new proto.DiffRequest();
    address(req, type, name);
    req.setId(id);
    req.setOlds(struct(olds));
    req.setNews(struct(news));
    if (oldInputs !== undefined) req.setOldInputs(struct(oldInputs));
    const res = await this.unary<proto.DiffRequest, proto.DiffResponse>("diff", req);
    const c = res.getChanges();
    const detailed: DiffAnswer["detailed"] = {};
    for (const [k, v] of res.getDetaileddiffMap().entries())
      detailed[k] = KIND[v.getKind()] ?? "other";
    return {
      changes: c === 2 ? "some" : c === 1 ? "none" : "unknown",
      replaces: res.getReplacesList(),
      diffs: res.getDiffsList(),
      detailed,
      hasDetailedDiff: res.getHasdetaileddiff(),
    };
  }

  async create(
    type: string,
    name: string,
    props: Props,
    preview = false,
  ): Promise<{ id: string; props: Props }> {
    const req = new proto.CreateRequest();
    address(req, type, name);
    req.setProperties(struct(props));
    req.setPreview(preview);
    const res = await this.unary<proto.CreateRequest, proto.CreateResponse>("create", req);
    return { id: res.getId(), props: js(res.getProperties()) };
  }

  async read(
    type: string,
    name: string,
    id: string,
    props: Props = {},
    inputs: Props = {},
  ): Promise<{ id: string; props: Props; inputs: Props }> {
    const req = new proto.ReadRequest();
    address(req, type, name);
    req.setId(id);
    req.setProperties(struct(props));
    req.setInputs(struct(inputs));
    const res = await this.unary<proto.ReadRequest, proto.ReadResponse>("read", req);
    return { id: res.getId(), props: js(res.getProperties()), inputs: js(res.getInputs()) };
  }

  async update(
    type: string,
    name: string,
    id: string,
    olds: Props,
    news: Props,
    preview = false,
  ): Promise<Props> {
    const req = new proto.UpdateRequest();
    address(req, type, name);
    req.setId(id);
    req.setOlds(struct(olds));
    req.setNews(struct(news));
    req.setPreview(preview);
    const res = await this.unary<proto.UpdateRequest, proto.UpdateResponse>("update", req);
    return js(res.getProperties());
  }

  async delete(type: string, name: string, id: string, props: Props): Promise<void> {
    const req = new proto.DeleteRequest();
    address(req, type, name);
    req.setId(id);
    req.setProperties(struct(props));
    await this.unary<proto.DeleteRequest, Empty>("delete", req);
  }

  stop(): void {
    this.client.close();
    this.child.kill();
  }
}
