"""Genie spaces through the SDK's GenieAPI: create (v1 and v2), get with and without the
document, update (etag, stale etag), list pages while spaces are trashed, trash, and errors as the
SDK's own exception classes."""

import json

from databricks.sdk.errors import (
    BadRequest,
    InvalidParameterValue,
    NotFound,
    PermissionDenied,
    ResourceConflict,
    ResourceDoesNotExist,
)

from common import WAREHOUSE, check, client, document, done, eq, raises

w = client()

v2 = w.genie.create_space(warehouse_id=WAREHOUSE, serialized_space=document(2), title="Orders v2")
check(len(v2.space_id) == 32, f"space_id {v2.space_id!r} is 32 hex digits")
eq(v2.title, "Orders v2", "title of the create answer")
check(v2.create_time is not None and v2.update_time is not None, "create_time and update_time parse")
check(v2.etag, "the create answer carries the etag")

v1 = w.genie.create_space(warehouse_id=WAREHOUSE, serialized_space=document(1), title="Orders v1")
got = w.genie.get_space(v1.space_id, include_serialized_space=True)
eq(json.loads(got.serialized_space)["version"], 2, "a v1 document reads back as version 2")
check(got.etag and got.etag != v1.etag, "the v1 -> v2 migration bumped the etag")
col = json.loads(got.serialized_space)["data_sources"]["tables"][0]["column_configs"][0]
eq(col.get("enable_format_assistance"), True, "get_example_values became enable_format_assistance")

plain = w.genie.get_space(v2.space_id)
eq(plain.serialized_space, None, "GET without include_serialized_space has no document")
eq(plain.etag, None, "GET without include_serialized_space has no etag")
eq(plain.warehouse_id, WAREHOUSE, "warehouse_id")

# Update: the title alone keeps the etag; the document with the current etag moves it.
renamed = w.genie.update_space(v2.space_id, title="Orders, renamed")
eq(renamed.title, "Orders, renamed", "title after update")
eq(renamed.etag, v2.etag, "a title-only update keeps the etag")
doc = json.loads(document(2))
doc["instructions"]["text_instructions"][0]["content"] = ["Amounts are in EUR."]
rewritten = w.genie.update_space(v2.space_id, serialized_space=json.dumps(doc), etag=v2.etag)
check(rewritten.etag != v2.etag, "a document update moves the etag")
raises(
    ResourceConflict,
    lambda: w.genie.update_space(v2.space_id, serialized_space=document(2), etag=v2.etag),
)

# Errors, as the SDK's classes.
raises(InvalidParameterValue, lambda: w.genie.create_space(warehouse_id="0123456789abcdef", serialized_space=document(2)), "does not exist")
raises(BadRequest, lambda: w.genie.create_space(warehouse_id=WAREHOUSE, serialized_space='{"version": 3}'), "ExportConverter supports versions 1 and 2")
raises(BadRequest, lambda: w.genie.create_space(warehouse_id=WAREHOUSE, serialized_space=json.dumps({"version": 2, "description": "x"})), "Cannot find field: description")
raises(ResourceDoesNotExist, lambda: w.genie.get_space("0" * 32))
raises(NotFound, lambda: w.genie.create_space(warehouse_id=WAREHOUSE, serialized_space=document(2), parent_path="/Workspace/Nowhere/at/all"))
raises(PermissionDenied, lambda: client("emulator-token-viewer").genie.create_space(warehouse_id=WAREHOUSE, serialized_space=document(2)))

# List pages: a space trashed between two pages moves no other one across the page boundary.
ids = [v2.space_id, v1.space_id]
for i in range(5):
    ids.append(w.genie.create_space(warehouse_id=WAREHOUSE, serialized_space=document(2), title=f"Page {i}").space_id)
first = w.genie.list_spaces(page_size=3)
eq(len(first.spaces), 3, "first page size")
check(first.next_page_token, "a next_page_token after a full page")
check(all(s.serialized_space is None for s in first.spaces), "list items carry no document")
w.genie.trash_space(first.spaces[0].space_id)
w.genie.trash_space(first.spaces[1].space_id)
seen = [s.space_id for s in first.spaces]
token = first.next_page_token
while token:
    page = w.genie.list_spaces(page_size=3, page_token=token)
    seen += [s.space_id for s in page.spaces or []]
    token = page.next_page_token
eq(sorted(seen), sorted(ids), "every space listed once across the pages")

# Trash: then 404 "has been trashed"; a second trash is 403.
doomed = w.genie.create_space(warehouse_id=WAREHOUSE, serialized_space=document(2), title="Doomed")
w.genie.trash_space(doomed.space_id)
raises(ResourceDoesNotExist, lambda: w.genie.get_space(doomed.space_id), "has been trashed")
raises(PermissionDenied, lambda: w.genie.trash_space(doomed.space_id))
raises(ResourceDoesNotExist, lambda: w.genie.update_space(doomed.space_id, title="x"))

done("genie spaces")
