"""What /readyz checks: the database answers, then every check an app registered.

core knows no app: an app that can tell whether the service is fit to take traffic (the task
queue moves, for one) registers a check in its `AppConfig.ready()`. A check returns a dict with
a `status` ("ok" or a word saying what is wrong), figures, and `problems` as sentences; it holds
statuses, counts and ages in seconds only, never a task's arguments or a person.
"""

from collections.abc import Callable
from datetime import datetime
from typing import Any

from django.db import DatabaseError, connection
from django.utils import timezone

ReadinessCheck = Callable[[datetime], dict[str, Any]]

_CHECKS: dict[str, ReadinessCheck] = {}


def readiness_check_register(name: str, check: ReadinessCheck) -> None:
    """Add (or replace) a named check; `check(now)` may raise DatabaseError (reported as down)."""
    _CHECKS[name] = check


def readiness_report() -> dict[str, Any]:
    now = timezone.now()
    checks: dict[str, Any] = {}
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        checks["database"] = {"status": "ok"}
    except DatabaseError as error:
        checks["database"] = {"status": "down", "problems": [type(error).__name__]}
        return {"status": "not ready", "checks": checks}
    for name, check in sorted(_CHECKS.items()):
        try:
            checks[name] = check(now)
        except DatabaseError as error:
            checks[name] = {"status": "down", "problems": [type(error).__name__]}
    ready = all(check["status"] == "ok" for check in checks.values())
    return {"status": "ready" if ready else "not ready", "checks": checks}
