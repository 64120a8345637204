"""Structured logs: one JSON object a line, a request id on every line, one line per request.

The request line holds the request id, method, route (the URL pattern, never the path, which can
carry reset keys or names, and never the query string or body), view name, status and duration.
No person is named: no user, no IP address, no user agent. Views that take anonymous submissions
are marked `@no_access_log` and leave no request line at all (ADR 0006/0007: an anonymous answer
must not be placed in time against a person's other requests).
"""

import json
import logging
import re
import time
import uuid
from collections.abc import Callable
from contextvars import ContextVar
from datetime import UTC, datetime
from typing import Any, TypeVar

from django.http import HttpRequest, HttpResponse

request_logger = logging.getLogger("openqi.request")

_request_id: ContextVar[str] = ContextVar("openqi_request_id", default="-")
_VALID_REQUEST_ID = re.compile(r"^[A-Za-z0-9._-]{1,64}$")
# Fields a record may carry into the JSON line (from `extra=`); anything else stays out.
_EXTRA_FIELDS = ("request_id", "method", "route", "view", "status", "duration_ms")

F = TypeVar("F", bound=Callable[..., Any])


def no_access_log(view: F) -> F:
    """Mark a view whose requests must leave no request-log line (anonymous submissions)."""
    view.no_access_log = True  # type: ignore[attr-defined]
    return view


def _view_wants_no_log(request: HttpRequest) -> bool:
    match = getattr(request, "resolver_match", None)
    if match is None:
        return False
    func = match.func
    view_class = getattr(func, "view_class", None)
    return bool(getattr(func, "no_access_log", False) or getattr(view_class, "no_access_log", False))


class RequestIdFilter(logging.Filter):
    """Put the current request's id on every record logged while it is handled."""

    def filter(self, record: logging.LogRecord) -> bool:
        if not hasattr(record, "request_id"):
            record.request_id = _request_id.get()
        return True


class AnonymousPathFilter(logging.Filter):
    """Django's error records name the path; for anonymous-submission views, say less."""

    def filter(self, record: logging.LogRecord) -> bool:
        request = getattr(record, "request", None)
        if request is not None and _view_wants_no_log(request):
            record.msg = "Error on an anonymous-submission page"
            record.args = ()
        return True


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, Any] = {
            "time": datetime.fromtimestamp(record.created, tz=UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        for field in _EXTRA_FIELDS:
            if hasattr(record, field):
                entry[field] = getattr(record, field)
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        return json.dumps(entry, default=str)


class RequestLogMiddleware:
    """First in MIDDLEWARE: gives each request an id (X-Request-ID in and out) and logs one line."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        given = request.headers.get("X-Request-ID", "")
        request_id = given if _VALID_REQUEST_ID.match(given) else uuid.uuid4().hex
        request.request_id = request_id  # type: ignore[attr-defined]
        token = _request_id.set(request_id)
        started = time.perf_counter()
        try:
            response = self.get_response(request)
            response["X-Request-ID"] = request_id
            if not _view_wants_no_log(request):
                match = getattr(request, "resolver_match", None)
                request_logger.info(
                    "request",
                    extra={
                        "method": request.method,
                        "route": match.route if match else None,
                        "view": match.view_name if match else None,
                        "status": response.status_code,
                        "duration_ms": round((time.perf_counter() - started) * 1000, 1),
                    },
                )
            return response
        finally:
            _request_id.reset(token)
