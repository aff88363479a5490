import type { Core } from "./core";
import { badRequest, denied, notFound } from "./errors";
import { benchmarkItems } from "./eval-rule";
import { userNumber } from "./eval-store";
import { activeSpace, guard } from "./genie";
import { pageOf } from "./paging";
import { type Ctx, fields, type Reply, route, type Route } from "./routes";
import type { StoredSpace } from "./store";

/**
 * Chat-mode conversations, simplified (emulator/README.md, "Conversations"): what the SDKs'
 * `start_conversation`, `create_message`, `get_message`, `list_conversations`,
 * `list_conversation_messages` and `delete_conversation` need (databricks-sdk-py 0.167.0
 * `GenieAPI`). There is no model: a message whose text is the question of an example SQL or a
 * benchmark of the space (case and spaces ignored) is answered with that SQL as a query
 * attachment, any other with a text attachment saying so. A message is SUBMITTED, then ASKING_AI,
 * then COMPLETED, `messageReplyMs` after it was sent, on the emulator's clock. Conversations are
 * kept in memory only, and are lost with the space's trash, as the real history is.
 */
interface Message {
  message_id: string;
  conversation_id: string;
  space_id: string;
  content: string;
  created: number;
  user: string;
  attachments: Record<string, unknown>[];
}

interface Conversation {
  conversation_id: string;
  space_id: string;
  title: string;
  created: number;
  user: string;
  messages: Message[];
}

/** The Genie Agents docs' limit per space; messages per conversation is the emulator's own. */
const CONVERSATIONS_PER_SPACE = 10_000;
const MESSAGES_PER_CONVERSATION = 100;

export class Conversations {
  /** space id -> its conversations, newest first */
  private readonly bySpace = new Map<string, Conversation[]>();

  of(spaceId: string): Conversation[] {
    let list = this.bySpace.get(spaceId);
    if (list === undefined) this.bySpace.set(spaceId, (list = []));
    return list;
  }

  /** Forgets the conversations of trashed spaces (their history is lost for good). */
  sweep(core: Core): void {
    for (const id of this.bySpace.keys())
      if (core.store.state.spaces[id]?.trashed_at !== undefined) this.bySpace.delete(id);
  }
}

const norm = (s: string) => s.trim().replace(/\s+/g, " ").toLowerCase();

/** Genie's "answer", decided when the message is sent (see the module comment). */
function answer(core: Core, space: StoredSpace, content: string): Record<string, unknown>[] {
  const examples =
    (
      (space.document.instructions ?? {}) as {
        example_question_sqls?: { question?: string[]; sql?: string[] }[];
      }
    ).example_question_sqls ?? [];
  const known = [
    ...examples.map((e) => ({
      question: (e.question ?? []).join(""),
      sql: (e.sql ?? []).join(""),
    })),
    ...benchmarkItems(space.document),
  ].find((q) => norm(q.question) === norm(content) && q.sql !== "");
  if (known === undefined)
    return [
      {
        attachment_id: core.timeId(),
        text: {
          content:
            "The emulator answers only questions that are an example SQL's or a benchmark's question of the space.",
        },
      },
    ];
  return [
    {
      attachment_id: core.timeId(),
      query: {
        query: known.sql,
        title: known.question,
        description: `The SQL for: ${known.question}`,
      },
    },
  ];
}

function status(core: Core, m: Message): string {
  const elapsed = core.clock.now() - m.created;
  const reply = core.config.messageReplyMs;
  return elapsed >= reply ? "COMPLETED" : elapsed >= reply / 2 ? "ASKING_AI" : "SUBMITTED";
}

function messageView(core: Core, m: Message): Record<string, unknown> {
  const state = status(core, m);
  return {
    message_id: m.message_id,
    id: m.message_id,
    conversation_id: m.conversation_id,
    space_id: m.space_id,
    content: m.content,
    status: state,
    created_timestamp: m.created,
    last_updated_timestamp:
      state === "COMPLETED" ? m.created + core.config.messageReplyMs : m.created,
    user_id: userNumber(m.user),
    attachments: state === "COMPLETED" ? m.attachments : [],
  };
}

function conversationView(c: Conversation): Record<string, unknown> {
  return {
    conversation_id: c.conversation_id,
    id: c.conversation_id,
    space_id: c.space_id,
    title: c.title,
    created_timestamp: c.created,
    last_updated_timestamp: c.messages[c.messages.length - 1]?.created ?? c.created,
    user_id: userNumber(c.user),
  };
}

function content(ctx: Ctx): string {
  const text = fields(ctx)["content"];
  if (typeof text !== "string" || text.trim() === "")
    throw badRequest("Field 'content' is required");
  return text;
}

function send(ctx: Ctx, space: StoredSpace, c: Conversation, text: string): Message {
  if (c.messages.length >= MESSAGES_PER_CONVERSATION)
    throw badRequest(
      `Conversation ${c.conversation_id} has reached its limit of ${MESSAGES_PER_CONVERSATION} messages.`,
    );
  const m: Message = {
    message_id: ctx.core.timeId(),
    conversation_id: c.conversation_id,
    space_id: space.space_id,
    content: text,
    created: ctx.core.clock.now(),
    user: ctx.identity.name,
    attachments: answer(ctx.core, space, text),
  };
  c.messages.push(m);
  return m;
}

function start(ctx: Ctx): Reply {
  const space = activeSpace(ctx);
  ctx.core.require(ctx.identity, space.space_id, "CAN_RUN", "ask it questions");
  const text = content(ctx);
  ctx.core.conversations.sweep(ctx.core);
  const list = ctx.core.conversations.of(space.space_id);
  if (list.length >= CONVERSATIONS_PER_SPACE)
    throw badRequest(
      `Genie space ${space.space_id} has reached its limit of ${CONVERSATIONS_PER_SPACE} conversations.`,
    );
  const c: Conversation = {
    conversation_id: ctx.core.timeId(),
    space_id: space.space_id,
    title: text.slice(0, 255),
    created: ctx.core.clock.now(),
    user: ctx.identity.name,
    messages: [],
  };
  const m = send(ctx, space, c, text);
  list.unshift(c);
  return {
    body: {
      conversation_id: c.conversation_id,
      message_id: m.message_id,
      conversation: conversationView(c),
      message: messageView(ctx.core, m),
    },
  };
}

/**
 * The conversation of the path: the caller's own, or any with CAN_MANAGE on the space ("Deleting
 * another user's conversation requires at least CAN MANAGE", databricks-sdk-py 0.167.0).
 */
function conversation(ctx: Ctx): { space: StoredSpace; c: Conversation } {
  const space = activeSpace(ctx);
  ctx.core.require(ctx.identity, space.space_id, "CAN_RUN", "read its conversations");
  const id = ctx.params[1] as string;
  const c = ctx.core.conversations.of(space.space_id).find((x) => x.conversation_id === id);
  if (c === undefined) throw notFound(`Conversation ${id} does not exist.`);
  if (c.user !== ctx.identity.name)
    ctx.core.require(ctx.identity, space.space_id, "CAN_MANAGE", "see another user's conversation");
  return { space, c };
}

function list(ctx: Ctx): Reply {
  const space = activeSpace(ctx);
  ctx.core.require(ctx.identity, space.space_id, "CAN_RUN", "read its conversations");
  const all = ctx.query.get("include_all") === "true";
  if (all) ctx.core.require(ctx.identity, space.space_id, "CAN_MANAGE", "read every conversation");
  const mine = ctx.core.conversations
    .of(space.space_id)
    .filter((c) => all || c.user === ctx.identity.name);
  const { page, next } = pageOf(ctx.query, mine, (c) => c.conversation_id, 20);
  return {
    body: {
      conversations: page.map((c) => ({
        conversation_id: c.conversation_id,
        title: c.title,
        created_timestamp: c.created,
        agent_type: "GENIE_CONVERSATION_TYPE_CHAT",
      })),
      ...(next === undefined ? {} : { next_page_token: next }),
    },
  };
}

function getMessage(ctx: Ctx): Reply {
  const { c } = conversation(ctx);
  const m = c.messages.find((x) => x.message_id === ctx.params[2]);
  if (m === undefined) throw notFound(`Message ${String(ctx.params[2])} does not exist.`);
  return { body: messageView(ctx.core, m) };
}

const BASE = "^/api/2\\.0/genie/spaces/([^/]+)";

export const conversationRoutes: Route[] = [
  route("POST", new RegExp(`${BASE}/start-conversation$`), guard(start)),
  route("GET", new RegExp(`${BASE}/conversations$`), guard(list)),
  route(
    "DELETE",
    new RegExp(`${BASE}/conversations/([^/]+)$`),
    guard((ctx) => {
      const { space, c } = conversation(ctx);
      const list = ctx.core.conversations.of(space.space_id);
      list.splice(list.indexOf(c), 1);
      return { body: {} };
    }),
  ),
  route(
    "POST",
    new RegExp(`${BASE}/conversations/([^/]+)/messages$`),
    guard((ctx) => {
      const { space, c } = conversation(ctx);
      if (c.user !== ctx.identity.name)
        throw denied(`User ${ctx.identity.name} cannot write in another user's conversation.`);
      return { body: messageView(ctx.core, send(ctx, space, c, content(ctx))) };
    }),
  ),
  route(
    "GET",
    new RegExp(`${BASE}/conversations/([^/]+)/messages$`),
    guard((ctx) => {
      const { c } = conversation(ctx);
      const { page, next } = pageOf(ctx.query, c.messages, (m) => m.message_id, 100);
      return {
        body: {
          messages: page.map((m) => messageView(ctx.core, m)),
          ...(next === undefined ? {} : { next_page_token: next }),
        },
      };
    }),
  ),
  route("GET", new RegExp(`${BASE}/conversations/([^/]+)/messages/([^/]+)$`), guard(getMessage)),
];
