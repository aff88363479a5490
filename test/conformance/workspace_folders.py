"""Workspace folders through the SDK's WorkspaceAPI: mkdirs, get_status, delete (recursive), and
a space created into a folder made this way."""

from databricks.sdk.errors import BadRequest, NotFound
from databricks.sdk.service.workspace import ObjectType

from common import WAREHOUSE, check, client, document, done, eq, raises

w = client()
w.workspace.mkdirs("/Workspace/Shared/conformance/deep")
st = w.workspace.get_status("/Workspace/Shared/conformance/deep")
eq(st.object_type, ObjectType.DIRECTORY, "object_type")
eq(st.path, "/Workspace/Shared/conformance/deep", "the path as asked")
check(isinstance(st.object_id, int), "a numeric object_id")
eq(w.workspace.get_status("/Shared/conformance").object_type, ObjectType.DIRECTORY, "parents made too")

space = w.genie.create_space(warehouse_id=WAREHOUSE, serialized_space=document(2), parent_path="/Workspace/Shared/conformance/deep")
eq(space.parent_path, "/Shared/conformance/deep", "parent_path comes back without /Workspace")

raises(BadRequest, lambda: w.workspace.delete("/Shared/conformance"), "not empty")
w.workspace.delete("/Shared/conformance", recursive=True)
raises(NotFound, lambda: w.workspace.get_status("/Shared/conformance"))
raises(NotFound, lambda: w.genie.get_space(space.space_id), "trashed")
done("workspace folders")
