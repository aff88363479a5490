import * as grpc from "@grpc/grpc-js";
import { type ChildProcess, spawn } from "node:child_process";
import * as path from "node:path";
import { Struct } from "google-protobuf/google/protobuf/struct_pb";
import * as services from "@pulumi/pulumi/proto/provider_grpc_pb";
import * as proto from "@pulumi/pulumi/proto/provider_pb";

/** The signature Pulumi wraps secret values in on the wire. */
const SECRET_SIG = { "4dabf18193072939515e22adb298388d": "1b47061264138c4ac30d75fd1eb44270" };
export const secret = (value: string) => ({ ...SECRET_SIG, value });

export type Props = Record<string, unknown>;

/**
 * A CheckFailure as one line, `path: reason`: the providers give the engine every failure on the
 * empty property with its path leading the reason (provider/resources/check-values.ts, forEngine).
 */
export const failureText = (f: { property: string; reason: string }): string =>
  f.property === "" ? f.reason : `${f.property}: ${f.reason}`;

/** JSON-compatible copy: the wire has no undefined. */
function plain(value: unknown): Props {
  return JSON.parse(JSON.stringify(value ?? {})) as Props;
}
const struct = (value: unknown) => Struct.fromJavaScript(plain(value) as never);

/**
 * Pulumi's real dynamic-provider host (`@pulumi/pulumi/cmd/dynamic-provider`), started as the
 * engine starts it (a plain node process, no ts-node) and driven over gRPC.
 */
export class ProviderHost {
  stderr = "";
  private constructor(
    private readonly child: ChildProcess,
    private readonly client: services.ResourceProviderClient,
  ) {}

  /**
   * @param cwd the project folder, where `pulumi-databricks-genie` is resolved from
   * @param environment variables to set (or, when undefined, remove) in the host's environment
   */
  static async start(
    config: Record<string, unknown>,
    cwd = path.join(__dirname, "..", ".."),
    environment: Record<string, string | undefined> = {},
  ): Promise<ProviderHost> {
    const script = require.resolve("@pulumi/pulumi/cmd/dynamic-provider/index.js", {
      paths: [cwd],
    });
    const env = { ...process.env, ...environment };
    for (const [k, v] of Object.entries(environment)) if (v === undefined) delete env[k];
    delete env["NODE_OPTIONS"];
    delete env["TS_NODE_PROJECT"];
    const child = spawn(process.execPath, [script, "127.0.0.1:1"], {
      cwd,
      env,
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stderr = "";
    child.stderr?.on("data", (d: Buffer) => (stderr += d.toString()));
    const port = await new Promise<string>((resolve, reject) => {
      let out = "";
      child.stdout?.on("data", (d: Buffer) => {
        out += d.toString();
        const line = out.split("\n")[0] ?? "";
        if (out.includes("\n") && /^\d+$/.test(line.trim())) resolve(line.trim());
      });
      child.on("exit", (code) =>
        reject(new Error(`the provider host exited with ${code}: ${stderr}`)),
      );
    });
    // The engine allows large messages (a space's document may be megabytes), as the host does.
    const client = new services.ResourceProviderClient(
      `127.0.0.1:${port}`,
      grpc.credentials.createInsecure(),
      {
        "grpc.max_receive_message_length": 400 * 1024 * 1024,
        "grpc.max_send_message_length": 400 * 1024 * 1024,
      },
    );
    const host = new ProviderHost(child, client);
    child.stderr?.on("data", (d: Buffer) => (host.stderr += d.toString()));
    const req = new proto.ConfigureRequest();
    req.setArgs(struct(config));
    await host.unary("configure", req);
    return host;
  }

  private unary<Req, Res>(method: string, req: Req): Promise<Res> {
    return new Promise((resolve, reject) => {
      const fn = (
        this.client as unknown as Record<
          string,
          (r: Req, cb: (e: grpc.ServiceError | null, res: Res) => void) => void
        >
      )[method];
      fn?.call(this.client, req, (err, res) =>
        err !== null ? reject(new Error(err.details || err.message)) : resolve(res),
      );
    });
  }

  async check(
    urn: string,
    olds: Props,
    news: Props,
  ): Promise<{ inputs: Props; failures: { property: string; reason: string }[] }> {
    const req = new proto.CheckRequest();
    req.setUrn(urn);
    req.setOlds(struct(olds));
    req.setNews(struct(news));
    const res = await this.unary<proto.CheckRequest, proto.CheckResponse>("check", req);
    return {
      inputs: (res.getInputs()?.toJavaScript() ?? {}) as Props,
      failures: res
        .getFailuresList()
        .map((f) => ({ property: f.getProperty(), reason: f.getReason() })),
    };
  }

  async diff(
    id: string,
    urn: string,
    olds: Props,
    news: Props,
    /** The old inputs, which the engine sends along (the bench sends them as it does). */
    oldInputs?: Props,
  ): Promise<{ changes: "none" | "some" | "unknown"; replaces: string[] }> {
    const req = new proto.DiffRequest();
    req.setId(id);
    req.setUrn(urn);
    req.setOlds(struct(olds));
    req.setNews(struct(news));
    if (oldInputs !== undefined) req.setOldInputs(struct(oldInputs));
    const res = await this.unary<proto.DiffRequest, proto.DiffResponse>("diff", req);
    const c = res.getChanges();
    const changes =
      c === proto.DiffResponse.DiffChanges.DIFF_SOME
        ? "some"
        : c === proto.DiffResponse.DiffChanges.DIFF_NONE
          ? "none"
          : "unknown";
    return { changes, replaces: res.getReplacesList() };
  }

  async create(urn: string, props: Props): Promise<{ id: string; props: Props }> {
    const req = new proto.CreateRequest();
    req.setUrn(urn);
    req.setProperties(struct(props));
    const res = await this.unary<proto.CreateRequest, proto.CreateResponse>("create", req);
    return { id: res.getId(), props: (res.getProperties()?.toJavaScript() ?? {}) as Props };
  }

  async read(
    id: string,
    urn: string,
    props: Props,
    inputs: Props,
  ): Promise<{ id: string; props: Props; inputs?: Props }> {
    const req = new proto.ReadRequest();
    req.setId(id);
    req.setUrn(urn);
    req.setProperties(struct(props));
    req.setInputs(struct(inputs));
    const res = await this.unary<proto.ReadRequest, proto.ReadResponse>("read", req);
    return {
      id: res.getId(),
      props: (res.getProperties()?.toJavaScript() ?? {}) as Props,
      inputs: res.getInputs()?.toJavaScript() as Props | undefined,
    };
  }

  async update(id: string, urn: string, olds: Props, news: Props): Promise<Props> {
    const req = new proto.UpdateRequest();
    req.setId(id);
    req.setUrn(urn);
    req.setOlds(struct(olds));
    req.setNews(struct(news));
    const res = await this.unary<proto.UpdateRequest, proto.UpdateResponse>("update", req);
    return (res.getProperties()?.toJavaScript() ?? {}) as Props;
  }

  async delete(id: string, urn: string, props: Props): Promise<void> {
    const req = new proto.DeleteRequest();
    req.setId(id);
    req.setUrn(urn);
    req.setProperties(struct(props));
    await this.unary("delete", req);
  }

  stop(): void {
    this.client.close();
    this.child.kill();
  }
}
