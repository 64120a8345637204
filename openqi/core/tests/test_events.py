"""Domain events reach their listeners after the write commits; one failing listener stops no other."""

from collections.abc import Iterator

import pytest
from django.db import transaction

from openqi.core import events
from openqi.core.events import DomainEvent, event_publish, event_subscribe, event_unsubscribe


@pytest.fixture
def heard() -> Iterator[list[DomainEvent]]:
    got: list[DomainEvent] = []

    def listener(event: DomainEvent) -> None:
        got.append(event)

    event_subscribe(listener, "thing.happened")
    yield got
    event_unsubscribe(listener, "thing.happened")


def test_a_listener_hears_its_event_and_not_others(heard: list[DomainEvent]) -> None:
    event_publish("thing.happened", organisation_id=7, payload={"id": 1})
    event_publish("other.thing", organisation_id=7, payload={"id": 2})
    assert [(e.name, e.organisation_id, dict(e.payload)) for e in heard] == [("thing.happened", 7, {"id": 1})]


def test_subscribing_twice_delivers_once(heard: list[DomainEvent]) -> None:
    listener = events._listeners[-1][0]
    event_subscribe(listener, "thing.happened")
    event_publish("thing.happened", organisation_id=1, payload={})
    assert len(heard) == 1


def test_a_failing_listener_does_not_stop_the_others(heard: list[DomainEvent]) -> None:
    def broken(event: DomainEvent) -> None:
        raise RuntimeError("receiver down")

    events._listeners.insert(0, (broken, ""))
    try:
        event_publish("thing.happened", organisation_id=1, payload={"ok": True})
    finally:
        event_unsubscribe(broken)
    assert len(heard) == 1


def test_a_payload_that_is_not_plain_json_is_refused_at_once(heard: list[DomainEvent]) -> None:
    with pytest.raises(TypeError):
        event_publish("thing.happened", organisation_id=1, payload={"when": object()})
    with pytest.raises(ValueError, match="JSON"):
        event_publish("thing.happened", organisation_id=1, payload={"value": float("nan")})
    assert heard == []


@pytest.mark.django_db(transaction=True)
def test_nothing_is_heard_from_a_write_that_rolls_back(
    heard: list[DomainEvent], monkeypatch: pytest.MonkeyPatch
) -> None:
    # The suite runs on_commit callbacks at once (openqi/conftest.py); this test needs the real rule.
    monkeypatch.undo()

    def failing_write() -> None:
        with transaction.atomic():
            event_publish("thing.happened", organisation_id=1, payload={"n": 1})
            raise RuntimeError("the write fails")

    with pytest.raises(RuntimeError):
        failing_write()
    assert heard == []
    with transaction.atomic():
        event_publish("thing.happened", organisation_id=1, payload={"n": 2})
        assert heard == []  # not before the commit
    assert [e.payload["n"] for e in heard] == [2]
