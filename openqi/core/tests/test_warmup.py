"""Issue 13, cold start: gunicorn loads the app in its master and warms it before forking, so a
fresh worker has its views imported, its templates compiled and its model loaded already."""

import logging
import runpy
from pathlib import Path
from typing import Any
from unittest import mock

import pytest
from django.conf import settings
from django.db import connections
from django.template import engines

from openqi.core import warmup

CONF = Path(settings.BASE_DIR) / "gunicorn.conf.py"


class _Log:
    def __init__(self) -> None:
        self.lines: list[str] = []

    def info(self, message: str, *args: Any) -> None:
        self.lines.append(message % args)


def test_every_jinja_template_compiles_into_the_cache_and_stays_there(caplog: Any) -> None:
    env = engines["jinja2"].env
    env.cache.clear()
    with caplog.at_level(logging.WARNING, logger="openqi.warmup"):
        compiled = warmup.compile_templates()
    assert caplog.records == []  # none failed, and the cache holds them all
    assert compiled > 100
    assert len(env.cache) == compiled
    template = env.get_template("ideas/idea_list.jinja")
    assert env.get_template("ideas/idea_list.jinja") is template  # served from the cache


def test_gunicorn_preloads_and_warms_the_app_in_the_master(monkeypatch: Any) -> None:
    monkeypatch.delenv("GUNICORN_PRELOAD", raising=False)
    conf = runpy.run_path(str(CONF))
    assert conf["preload_app"] is True
    log = _Log()
    with mock.patch.object(connections, "close_all") as close_all:
        conf["when_ready"](type("Server", (), {"log": log})())
    assert len(log.lines) == 1 and "warm-up done" in log.lines[0]
    for step in ("urls", "templates", "embedder"):
        assert f"'{step}'" in log.lines[0]
    close_all.assert_called_once()  # no connection is left open to be shared by the forked workers


def test_preloading_can_be_turned_off(monkeypatch: Any) -> None:
    monkeypatch.setenv("GUNICORN_PRELOAD", "0")
    conf = runpy.run_path(str(CONF))
    assert conf["preload_app"] is False
    log = _Log()
    conf["when_ready"](type("Server", (), {"log": log})())
    assert log.lines == []


@pytest.mark.skipif("sqlite" in settings.DATABASES["default"]["ENGINE"], reason="in-memory SQLite never closes")
@pytest.mark.django_db(transaction=True)
def test_a_connection_opened_before_the_fork_is_closed() -> None:
    connection = connections["default"]
    connection.ensure_connection()
    assert connection.connection is not None
    warmup.warm_up()
    assert connection.connection is None
