import {
  type Emulator,
  type EmulatorOptions,
  manualClock,
  type ManualClock,
  startEmulator,
} from "../../emulator";
import { fixtureText } from "./fixtures";

export const WAREHOUSE = "a1b2c3d4e5f60718";

// Every emulator the tests start (in this process and in the processes it starts) checks after
// each request that nothing changed without being declared: such a change would be lost by a
// restart and kept by a failed request (emulator/records.ts).
process.env["GENIE_EMULATOR_CHECK_WRITES"] ??= "1";
// Tests create spaces over tables no seed holds (the public fixtures' tables): the emulators they
// start accept those unless a test asks for the server's check (`config: { requireTables: true }`).
process.env["GENIE_EMULATOR_REQUIRE_TABLES"] ??= "0";

export interface Answer {
  status: number;
  body: Record<string, unknown>;
  headers: Headers;
}

/** A started emulator on a manual clock, with a small JSON caller; `stop()` in `after`. */
export async function emulator(options: EmulatorOptions = {}): Promise<{
  emu: Emulator;
  clock: ManualClock;
  call: (method: string, path: string, body?: unknown, token?: string | null) => Promise<Answer>;
  createSpace: (fields?: Record<string, unknown>) => Promise<Record<string, unknown>>;
}> {
  const clock = manualClock();
  const emu = await startEmulator({ clock, ...options });
  const call = async (
    method: string,
    path: string,
    body?: unknown,
    token: string | null = emu.token,
  ) => {
    const headers: Record<string, string> = { "content-type": "application/json" };
    if (token !== null) headers["authorization"] = `Bearer ${token}`;
    const res = await fetch(emu.url + path, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    return {
      status: res.status,
      body: text === "" ? {} : (JSON.parse(text) as Record<string, unknown>),
      headers: res.headers,
    };
  };
  const createSpace = async (fields: Record<string, unknown> = {}) => {
    const res = await call("POST", "/api/2.0/genie/spaces", {
      warehouse_id: WAREHOUSE,
      title: "Sales",
      serialized_space: fixtureText("server_export.v2.geniespace.json"),
      ...fields,
    });
    if (res.status !== 200)
      throw new Error(`create failed: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body;
  };
  return { emu, clock, call, createSpace };
}

/** `fetch` of the emulator's API as its admin, JSON in and out (for tests that start it themselves). */
export function adminCaller(
  emu: Emulator,
): (method: string, path: string, body?: unknown) => Promise<Record<string, unknown>> {
  return async (method, path, body) => {
    const res = await fetch(emu.url + path, {
      method,
      headers: { authorization: `Bearer ${emu.token}`, "content-type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    return (text === "" ? {} : JSON.parse(text)) as Record<string, unknown>;
  };
}
