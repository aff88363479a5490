"""Shared by the conformance scripts: the official Databricks SDK for Python, pointed at a running
emulator (DATABRICKS_HOST and DATABRICKS_TOKEN in the environment, set by sdk.test.ts), and small
helpers. Each script checks one API area and exits non-zero with the first difference it finds."""

import json
import os
import sys
import time
import urllib.request

from databricks.sdk import WorkspaceClient

HOST = os.environ["DATABRICKS_HOST"]
WAREHOUSE = "a1b2c3d4e5f60718"
SP_ID = "00000000-0000-4000-8000-00000000c1c0"
SP_SECRET = "emulator-secret-ci-deployer"


def client(token=None):
    """A client with a personal access token (the admin's unless another is given)."""
    return WorkspaceClient(host=HOST, token=token or os.environ["DATABRICKS_TOKEN"], auth_type="pat")


def hexid(n):
    """A document id: 32 lowercase hex digits."""
    return f"{n:032x}"


def document(version=2, benchmarks=(), examples=(), tables=("dev.sales.orders",)):
    """A serialized_space: benchmarks and examples are (question, sql) pairs."""
    column_flag = "enable_format_assistance" if version == 2 else "get_example_values"
    doc = {
        "version": version,
        "config": {"sample_questions": [{"id": hexid(1), "question": ["How many orders?"]}]},
        "data_sources": {
            "tables": [
                {"identifier": t, "column_configs": [{"column_name": "amount", column_flag: True}]}
                for t in sorted(tables)
            ]
        },
        "instructions": {
            "text_instructions": [{"id": hexid(2), "content": ["Amounts are in USD."]}],
            "example_question_sqls": [
                {"id": hexid(100 + i), "question": [q], "sql": [s]} for i, (q, s) in enumerate(examples)
            ],
        },
    }
    if benchmarks:
        doc["benchmarks"] = {
            "questions": [
                {"id": hexid(200 + i), "question": [q], "answer": [{"format": "SQL", "content": [s]}]}
                for i, (q, s) in enumerate(benchmarks)
            ]
        }
    return json.dumps(doc)


def admin(method, path, body=None):
    """The emulator's own controls (no token, outside /api)."""
    data = None if body is None else json.dumps(body).encode()
    req = urllib.request.Request(HOST + path, data=data, method=method, headers={"content-type": "application/json"})
    with urllib.request.urlopen(req) as res:
        text = res.read().decode()
        return json.loads(text) if text else {}


def raises(cls, fn, contains=None):
    """Calls fn; it must raise the SDK's exception class `cls` (and say `contains`)."""
    try:
        fn()
    except cls as e:
        if contains is not None and contains not in str(e):
            fail(f"{cls.__name__} raised, but its message {str(e)!r} does not say {contains!r}")
        return e
    except Exception as e:  # noqa: BLE001 - the point is to name what was raised instead
        fail(f"expected {cls.__name__}, got {type(e).__module__}.{type(e).__name__}: {e}")
    fail(f"expected {cls.__name__}, nothing was raised")


def eq(actual, expected, what):
    if actual != expected:
        fail(f"{what}: expected {expected!r}, got {actual!r}")


def check(cond, what):
    if not cond:
        fail(what)


def fail(message):
    print(f"CONFORMANCE FAILURE: {message}", file=sys.stderr)
    sys.exit(1)


def until(fn, what, timeout=30):
    """Polls fn until it returns a true value (the emulator's clock is real time here)."""
    deadline = time.time() + timeout
    while time.time() < deadline:
        value = fn()
        if value:
            return value
        time.sleep(0.1)
    fail(f"timed out waiting for {what}")


def done(area):
    print(f"conformance ok: {area}")
