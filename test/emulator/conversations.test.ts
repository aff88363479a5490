import { strict as assert } from "node:assert";
import { emulator } from "../support/emulator";

/**
 * Conversations, as the emulator simplifies them: an answer from the space's example SQL or
 * benchmarks, SUBMITTED -> ASKING_AI -> COMPLETED on the clock, kept in memory, lost with the trash.
 */
const hex = (n: number) => n.toString(16).padStart(32, "0");
const DOC = JSON.stringify({
  version: 2,
  data_sources: { tables: [{ identifier: "dev.sales.orders" }] },
  instructions: {
    example_question_sqls: [
      {
        id: hex(100),
        question: ["How many orders?"],
        sql: ["SELECT COUNT(*) FROM dev.sales.orders"],
      },
    ],
  },
});

describe("emulator: conversations", () => {
  let t: Awaited<ReturnType<typeof emulator>>;
  let base: string;
  beforeEach(async () => {
    t = await emulator({ config: { messageReplyMs: 1000 } });
    base = `/api/2.0/genie/spaces/${String((await t.createSpace({ serialized_space: DOC }))["space_id"])}`;
  });
  afterEach(() => t.emu.stop());

  it("start-conversation answers the ids; the message is SUBMITTED, ASKING_AI, then COMPLETED with the example's SQL", async () => {
    const started = await t.call("POST", `${base}/start-conversation`, {
      content: "how many ORDERS? ",
    });
    assert.equal(started.status, 200);
    const { conversation_id: c, message_id: m } = started.body as Record<string, string>;
    assert.equal((started.body["message"] as Record<string, unknown>)["status"], "SUBMITTED");
    const get = async () => (await t.call("GET", `${base}/conversations/${c}/messages/${m}`)).body;
    t.clock.advance(500);
    assert.equal((await get())["status"], "ASKING_AI");
    assert.deepEqual((await get())["attachments"], []);
    t.clock.advance(500);
    const done = await get();
    assert.equal(done["status"], "COMPLETED");
    const attachments = done["attachments"] as { query?: { query: string } }[];
    assert.equal(attachments[0]?.query?.query, "SELECT COUNT(*) FROM dev.sales.orders");
  });

  it("a question the space does not teach gets a text answer saying so", async () => {
    const { conversation_id: c, message_id: m } = (
      await t.call("POST", `${base}/start-conversation`, { content: "weather?" })
    ).body as Record<string, string>;
    t.clock.advance(1000);
    const done = (await t.call("GET", `${base}/conversations/${c}/messages/${m}`)).body;
    const attachments = done["attachments"] as { text?: { content: string } }[];
    assert.match(String(attachments[0]?.text?.content), /answers only questions/);
  });

  it("lists the caller's conversations; include_all needs CAN_MANAGE; another user's is theirs", async () => {
    const { conversation_id: c } = (
      await t.call("POST", `${base}/start-conversation`, { content: "hi" })
    ).body as Record<string, string>;
    await t.call("POST", `${base}/conversations/${c}/messages`, { content: "again" });
    const list = (await t.call("GET", `${base}/conversations`)).body["conversations"] as {
      conversation_id: string;
      title: string;
    }[];
    assert.deepEqual(
      list.map((x) => [x.conversation_id, x.title]),
      [[c, "hi"]],
    );
    const messages = (await t.call("GET", `${base}/conversations/${c}/messages`)).body[
      "messages"
    ] as {
      content: string;
    }[];
    assert.deepEqual(
      messages.map((x) => x.content),
      ["hi", "again"],
    );
    // The analyst may run the space but not read the admin's conversation.
    await t.call("PATCH", `/api/2.0/permissions/genie/${base.split("/").at(-1)}`, {
      access_control_list: [{ user_name: "analyst@example.com", permission_level: "CAN_RUN" }],
    });
    const theirs = await t.call(
      "GET",
      `${base}/conversations/${c}/messages`,
      undefined,
      "emulator-token-analyst",
    );
    assert.equal(theirs.status, 403);
    const all = await t.call(
      "GET",
      `${base}/conversations?include_all=true`,
      undefined,
      "emulator-token-analyst",
    );
    assert.equal(all.status, 403);
    assert.deepEqual(
      (await t.call("GET", `${base}/conversations`, undefined, "emulator-token-analyst")).body[
        "conversations"
      ],
      [],
    );
  });

  it("needs CAN_RUN to start one and content to send; delete removes it; the trash loses them all", async () => {
    assert.equal(
      (
        await t.call(
          "POST",
          `${base}/start-conversation`,
          { content: "x" },
          "emulator-token-analyst",
        )
      ).status,
      403,
    );
    assert.equal((await t.call("POST", `${base}/start-conversation`, {})).status, 400);
    const { conversation_id: c } = (
      await t.call("POST", `${base}/start-conversation`, { content: "hi" })
    ).body as Record<string, string>;
    assert.equal((await t.call("DELETE", `${base}/conversations/${c}`)).status, 200);
    assert.equal((await t.call("GET", `${base}/conversations/${c}/messages`)).status, 404);
    await t.call("POST", `${base}/start-conversation`, { content: "again" });
    await t.call("DELETE", base);
    assert.equal((await t.call("GET", `${base}/conversations`)).status, 404);
  });
});
