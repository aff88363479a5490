import { type Emulator, type EmulatorOptions } from "../../emulator";
import { emulator } from "./emulator";
import { Engine } from "./engine";
import { type Props, ProviderHost, secret } from "./host";

export interface Stack {
  emu: Emulator;
  clock: Awaited<ReturnType<typeof emulator>>["clock"];
  call: Awaited<ReturnType<typeof emulator>>["call"];
  host: ProviderHost;
  engine: Engine;
  /** Requests the emulator received while `fn` ran. */
  requestsDuring: (
    fn: () => Promise<unknown>,
  ) => Promise<{ method: string; path: string; status: number; body?: unknown }[]>;
  stop: () => Promise<void>;
}

/** An emulator and a real provider host configured for it, with a secret token, as `pulumi up` would. */
export async function stack(config: Props = {}, options: EmulatorOptions = {}): Promise<Stack> {
  const t = await emulator(options);
  const host = await ProviderHost.start({
    "databricks:host": t.emu.url,
    "databricks:token": secret(t.emu.token),
    ...config,
  });
  const engine = new Engine(host);
  return {
    emu: t.emu,
    clock: t.clock,
    call: t.call,
    host,
    engine,
    requestsDuring: async (fn) => {
      const before = t.emu.requests.length;
      await fn();
      return t.emu.requests.slice(before);
    },
    stop: async () => {
      host.stop();
      await t.emu.stop();
    },
  };
}

export const SECOND_WAREHOUSE = "b2c3d4e5f6071829";
