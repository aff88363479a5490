"""Who the caller is, with every authentication method the emulator offers the SDKs: a personal
access token, and OAuth machine-to-machine (client credentials) found through the workspace's
OIDC discovery (/.well-known/databricks-config, then /oidc/.well-known/oauth-authorization-server)."""

from databricks.sdk import WorkspaceClient
from databricks.sdk.errors import PermissionDenied, Unauthenticated

from common import HOST, SP_ID, SP_SECRET, WAREHOUSE, check, client, done, eq, fail

me = client().current_user.me()
eq(me.user_name, "admin@example.com", "current user with the admin's token")
eq(client("emulator-token-analyst").current_user.me().user_name, "analyst@example.com", "the analyst's token")

m2m = WorkspaceClient(host=HOST, client_id=SP_ID, client_secret=SP_SECRET, auth_type="oauth-m2m")
eq(m2m.config.workspace_id, "1234567890123456", "workspace id from /.well-known/databricks-config")
check(m2m.config.discovery_url.endswith("/oidc/.well-known/oauth-authorization-server"), f"discovery url {m2m.config.discovery_url}")
sp = m2m.current_user.me()
eq(sp.user_name, SP_ID, "the service principal, through OAuth M2M")
eq(m2m.warehouses.get(WAREHOUSE).id, WAREHOUSE, "an API call with the OAuth token")

try:
    WorkspaceClient(host=HOST, client_id=SP_ID, client_secret="wrong", auth_type="oauth-m2m").current_user.me()
    fail("a wrong client secret was accepted")
except ValueError as e:  # the SDK reports a refused token request while it configures auth
    check("invalid_client" in str(e) or "401" in str(e), f"a wrong secret says why: {e}")
except (PermissionDenied, Unauthenticated):
    pass

try:
    client("not-a-token").current_user.me()
    fail("an unknown token was accepted")
except (PermissionDenied, Unauthenticated) as e:
    check("Invalid access token" in str(e), f"an unknown token says why: {e}")

done("identity and auth")
