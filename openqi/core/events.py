"""Domain events: an app says something happened; apps above it listen, without either importing the other.

core gives the words no meaning. The app that owns a change publishes it from its service, and the
event reaches the listeners only once that write has committed (`transaction.on_commit`): a
rolled-back write tells nobody anything. A higher app (the API's webhooks) subscribes in its
`AppConfig.ready()`, the registry pattern of docs/architecture.md:

    events.event_subscribe(handler)                  # every event
    events.event_subscribe(handler, "idea.answered") # one name

    events.event_publish("idea.answered", organisation_id=idea.organisation_id, payload={...})

A payload holds ids and public fields only, as plain JSON values (str, int, float, bool, None,
lists and dicts of them). It never names who wrote an anonymous idea or check-in: a listener may
send it out of OpenQI. A listener that fails is logged and the others still run; the write that
published the event has already committed and is not undone.
"""

import datetime
import json
import logging
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.utils import timezone

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class DomainEvent:
    name: str
    organisation_id: int
    payload: Mapping[str, Any]
    occurred_at: datetime.datetime = field(default_factory=timezone.now)


Listener = Callable[[DomainEvent], None]

# (listener, the one name it wants or "" for all), in the order they subscribed.
_listeners: list[tuple[Listener, str]] = []


def event_subscribe(listener: Listener, name: str = "") -> None:
    """Listen to one event name, or to all of them. Subscribing the same listener again changes nothing."""
    if (listener, name) not in _listeners:
        _listeners.append((listener, name))


def event_unsubscribe(listener: Listener, name: str = "") -> None:
    if (listener, name) in _listeners:
        _listeners.remove((listener, name))


def _deliver(event: DomainEvent) -> None:
    for listener, wanted in list(_listeners):
        if wanted and wanted != event.name:
            continue
        try:
            listener(event)
        except Exception:  # one listener's failure must not stop the others, nor the request
            logger.exception("Listener %r failed on event %s", listener, event.name)


def event_publish(name: str, *, organisation_id: int, payload: Mapping[str, Any]) -> DomainEvent:
    """Publish after the current transaction commits (at once outside one)."""
    # Refuse a payload that would not survive the trip out as JSON now, in the publisher's test,
    # rather than in a listener after the write has committed.
    json.dumps(payload, allow_nan=False)
    event = DomainEvent(name=name, organisation_id=organisation_id, payload=dict(payload))
    transaction.on_commit(lambda: _deliver(event))
    return event
