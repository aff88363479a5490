"""Conversations, as the emulator simplifies them, through the SDK's waiters: start_conversation
and create_message (waiting until COMPLETED), get_message, list_conversations,
list_conversation_messages and delete_conversation."""

from datetime import timedelta

from databricks.sdk.errors import NotFound, PermissionDenied
from databricks.sdk.service.dashboards import MessageStatus

from common import WAREHOUSE, check, client, document, done, eq, raises

w = client()
doc = document(2, examples=[("How many orders?", "SELECT COUNT(*) FROM dev.sales.orders")])
space = w.genie.create_space(warehouse_id=WAREHOUSE, serialized_space=doc)
sid = space.space_id

m = w.genie.start_conversation_and_wait(sid, "how many  orders?", timeout=timedelta(seconds=60))
eq(m.status, MessageStatus.COMPLETED, "the waiter ends COMPLETED")
eq(m.attachments[0].query.query, "SELECT COUNT(*) FROM dev.sales.orders", "answered with the example SQL")
again = w.genie.get_message(sid, m.conversation_id, m.message_id)
eq(again.content, "how many  orders?", "get_message")

other = w.genie.create_message_and_wait(sid, m.conversation_id, "What is the weather?", timeout=timedelta(seconds=60))
check(other.attachments[0].text is not None and other.attachments[0].query is None, "an unknown question gets a text answer")
msgs = w.genie.list_conversation_messages(sid, m.conversation_id).messages
eq([x.content for x in msgs], ["how many  orders?", "What is the weather?"], "messages in order")

convs = w.genie.list_conversations(sid).conversations
eq([c.conversation_id for c in convs], [m.conversation_id], "the caller's conversations")
eq(convs[0].title, "how many  orders?", "the title is the first message")

analyst = client("emulator-token-analyst")
raises(PermissionDenied, lambda: analyst.genie.start_conversation(sid, "hi"))
w.genie.delete_conversation(sid, m.conversation_id)
raises(NotFound, lambda: w.genie.get_message(sid, m.conversation_id, m.message_id))
done("conversations")
