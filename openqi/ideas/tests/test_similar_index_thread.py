"""The background rebuild of the similar-ideas index closes the database connection its own thread
opened, from that thread (it once closed the request's connection from the wrong thread, which
raised in the thread and left the thread's connection open on every idea shared)."""

import threading
from typing import Any

import pytest
from django.db import connection
from django.db.backends.signals import connection_created

from openqi.ideas import selectors
from openqi.ideas.similar_cache import CACHE
from openqi.ideas.tests.helpers import share

pytestmark = pytest.mark.django_db(transaction=True)  # the thread reads what the test committed


def test_the_rebuild_thread_closes_its_own_connection_and_raises_nothing(personas: Any, settings: Any) -> None:
    settings.IDEAS_SIMILAR_INDEX_BACKGROUND = True
    CACHE.clear()
    opened: list[tuple[Any, list[bool]]] = []  # each thread connection, and whether it was closed from its thread
    failures: list[BaseException | None] = []

    def on_connection(sender: Any, connection: Any, **kwargs: Any) -> None:
        if not threading.current_thread().name.startswith("similar-index"):
            return
        closed: list[bool] = []
        real_close = connection.close

        def close() -> None:
            closed.append(threading.current_thread().name.startswith("similar-index"))
            real_close()

        connection.close = close
        opened.append((connection, closed))

    previous_hook = threading.excepthook
    threading.excepthook = lambda args: failures.append(args.exc_value)
    connection_created.connect(on_connection)
    try:
        share(personas.member, title="Clocks in side rooms")
        selectors.idea_similar(organisation=personas.org_a, text="side room clocks")  # first: built at once
        share(personas.member, title="Side room clocks please")
        selectors.idea_similar(organisation=personas.org_a, text="side room clocks")  # rebuilt in a thread
        CACHE.wait()
    finally:
        connection_created.disconnect(on_connection)
        threading.excepthook = previous_hook
        CACHE.clear()
    assert failures == []
    assert opened, "the rebuild thread should have read the database on a connection of its own"
    for thread_connection, closed in opened:
        assert closed == [True], "the thread's connection is closed once, from the thread itself"
        if thread_connection.vendor == "postgresql":
            assert thread_connection.connection is None  # really closed: no connection left to leak
    # The request's own connection was neither closed nor touched from another thread.
    assert connection.is_usable()
