"""A pytest plugin for `suite_bench.py`: CPU seconds of each test's setup, call and teardown, and of
each process's start-up and collection, written as JSON lines to $SUITE_BENCH_OUT.

CPU time (`time.process_time`) and not wall time, because the machine is shared: a loaded machine
stretches wall time but barely CPU time. With pytest-xdist every worker appends its own lines.
"""

from __future__ import annotations

import json
import os
import resource
import time
from collections.abc import Iterator
from typing import Any

import pytest


def _write(record: dict[str, Any]) -> None:
    path = os.environ.get("SUITE_BENCH_OUT")
    if path:
        with open(path, "a", encoding="utf-8") as out:
            out.write(json.dumps(record) + "\n")


def _worker(config: Any) -> str:
    return str(getattr(config, "workerinput", {}).get("workerid", "main"))


def pytest_collection_finish(session: Any) -> None:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    # Everything so far: the interpreter, Django's set-up and collecting (importing) the tests.
    _write({"worker": _worker(session.config), "phase": "start+collect", "cpu": usage.ru_utime + usage.ru_stime})


@pytest.hookimpl(wrapper=True)
def pytest_runtest_setup(item: Any) -> Iterator[None]:
    start = time.process_time()
    try:
        return (yield)
    finally:
        _write(
            {"worker": _worker(item.config), "phase": "setup", "id": item.nodeid, "cpu": time.process_time() - start}
        )


@pytest.hookimpl(wrapper=True)
def pytest_runtest_call(item: Any) -> Iterator[None]:
    start = time.process_time()
    try:
        return (yield)
    finally:
        _write({"worker": _worker(item.config), "phase": "call", "id": item.nodeid, "cpu": time.process_time() - start})


@pytest.hookimpl(wrapper=True)
def pytest_runtest_teardown(item: Any, nextitem: Any) -> Iterator[None]:
    start = time.process_time()
    try:
        return (yield)
    finally:
        cpu = time.process_time() - start
        _write({"worker": _worker(item.config), "phase": "teardown", "id": item.nodeid, "cpu": cpu})
