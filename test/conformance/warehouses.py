"""SQL warehouses through the SDK's WarehousesAPI, waiters included: create and wait until
RUNNING, get, list, edit, stop and wait until STOPPED, start, delete."""

from datetime import timedelta

from databricks.sdk.errors import BadRequest, NotFound
from databricks.sdk.service.sql import CreateWarehouseRequestWarehouseType, State

from common import WAREHOUSE, check, client, done, eq, raises

w = client()
created = w.warehouses.create_and_wait(
    name="conformance",
    cluster_size="2X-Small",
    max_num_clusters=1,
    auto_stop_mins=10,
    enable_serverless_compute=True,
    warehouse_type=CreateWarehouseRequestWarehouseType.PRO,
    timeout=timedelta(seconds=60),
)
eq(created.state, State.RUNNING, "create_and_wait ends RUNNING")
got = w.warehouses.get(created.id)
eq(got.name, "conformance", "name")
eq(got.cluster_size, "2X-Small", "cluster_size")
eq(got.warehouse_type.value, "PRO", "warehouse_type")
check(got.odbc_params is not None and got.jdbc_url, "connection details")
check(any(x.id == created.id for x in w.warehouses.list()), "list has the new warehouse")
check(any(x.id == WAREHOUSE for x in w.warehouses.list()), "list has the seed's warehouse")

w.warehouses.edit(created.id, name="conformance-renamed", cluster_size="Small").result(timeout=timedelta(seconds=60))
eq(w.warehouses.get(created.id).name, "conformance-renamed", "edit renames")
raises(BadRequest, lambda: w.warehouses.create(name="conformance-renamed", cluster_size="Small"), "already exists")

stopped = w.warehouses.stop(created.id).result(timeout=timedelta(seconds=60))
eq(stopped.state, State.STOPPED, "stop waits until STOPPED")
started = w.warehouses.start(created.id).result(timeout=timedelta(seconds=60))
eq(started.state, State.RUNNING, "start waits until RUNNING")

w.warehouses.delete(created.id)
raises(NotFound, lambda: w.warehouses.get(created.id))
done("warehouses")
