"""Permissions through the SDK's PermissionsAPI for the two object types the package and the
Databricks provider manage: Genie spaces ("genie") and SQL warehouses ("warehouses")."""

from databricks.sdk.errors import BadRequest, NotFound
from databricks.sdk.service.iam import AccessControlRequest, PermissionLevel

from common import WAREHOUSE, check, client, document, done, eq, raises

w = client()
space = w.genie.create_space(warehouse_id=WAREHOUSE, serialized_space=document(2), title="ACL")


def levels_of(acl):
    return {
        (e.user_name or e.group_name or e.service_principal_name): sorted(
            p.permission_level.value for p in e.all_permissions if not p.inherited
        )
        for e in acl.access_control_list
    }


acl = w.permissions.get("genie", space.space_id)
eq(acl.object_type, "genie", "object_type")
eq(levels_of(acl).get("admin@example.com"), ["CAN_MANAGE"], "the creator manages the space")

lv = w.permissions.get_permission_levels("genie", space.space_id)
eq(sorted(l.permission_level.value for l in lv.permission_levels), ["CAN_EDIT", "CAN_MANAGE", "CAN_READ", "CAN_RUN"], "genie levels")

put = w.permissions.set(
    "genie",
    space.space_id,
    access_control_list=[
        AccessControlRequest(user_name="admin@example.com", permission_level=PermissionLevel.CAN_MANAGE),
        AccessControlRequest(group_name="analysts", permission_level=PermissionLevel.CAN_RUN),
    ],
)
eq(levels_of(put).get("analysts"), ["CAN_RUN"], "set (PUT) grants the group")
patched = w.permissions.update(
    "genie",
    space.space_id,
    access_control_list=[AccessControlRequest(user_name="analyst@example.com", permission_level=PermissionLevel.CAN_EDIT)],
)
got = levels_of(patched)
eq(got.get("analyst@example.com"), ["CAN_EDIT"], "update (PATCH) adds a grant")
eq(got.get("analysts"), ["CAN_RUN"], "update keeps the other grants")
again = levels_of(w.permissions.set("genie", space.space_id, access_control_list=[
    AccessControlRequest(user_name="admin@example.com", permission_level=PermissionLevel.CAN_MANAGE)]))
check("analysts" not in again and "analyst@example.com" not in again, "set replaces every direct grant")
raises(BadRequest, lambda: w.permissions.update("genie", space.space_id, access_control_list=[
    AccessControlRequest(group_name="no-such-group", permission_level=PermissionLevel.CAN_RUN)]), "does not exist")
raises(NotFound, lambda: w.permissions.get("genie", "0" * 32))

# Warehouses: object type "warehouses", the owner kept by a PUT without IS_OWNER.
wacl = w.permissions.get("warehouses", WAREHOUSE)
eq(wacl.object_type, "warehouses", "warehouse object_type")
eq(wacl.object_id, f"/sql/warehouses/{WAREHOUSE}", "warehouse object_id")
wl = w.permissions.get_permission_levels("warehouses", WAREHOUSE)
check({"CAN_USE", "CAN_MANAGE", "IS_OWNER"} <= {l.permission_level.value for l in wl.permission_levels}, "warehouse levels")
ws = w.permissions.set("warehouses", WAREHOUSE, access_control_list=[
    AccessControlRequest(group_name="analysts", permission_level=PermissionLevel.CAN_USE)])
got = levels_of(ws)
eq(got.get("analysts"), ["CAN_USE"], "warehouse set grants the group")
eq(got.get("admin@example.com"), ["IS_OWNER"], "warehouse set keeps the owner")
wu = w.permissions.update("warehouses", WAREHOUSE, access_control_list=[
    AccessControlRequest(user_name="analyst@example.com", permission_level=PermissionLevel.CAN_MANAGE)])
eq(levels_of(wu).get("analyst@example.com"), ["CAN_MANAGE"], "warehouse update adds a grant")

done("permissions")
