"""Errors as RFC 9457 problem details (application/problem+json), with field errors.

Every refusal of the API answers with `type`, `title`, `status` and `detail`; a validation failure
adds `errors`: a list of `{"field": "...", "detail": "..."}`, with the field as a JSON pointer-like
dotted path (`points.3.value` for the fourth row of a bulk write).
"""

import json
import logging
from typing import Any

from django.core.exceptions import PermissionDenied, RequestDataTooBig
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404, HttpRequest, HttpResponse
from ninja import NinjaAPI, Schema
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError

from openqi.api.auth import RateLimited

logger = logging.getLogger(__name__)
PROBLEM_TYPE = "https://openqi.org.uk/problems/"
TITLES = {
    400: "Bad request",
    401: "Not signed in",
    403: "Not allowed",
    404: "Not found",
    405: "Method not allowed",
    409: "Conflict",
    412: "Precondition failed",
    413: "Request too large",
    422: "Invalid request",
    429: "Too many requests",
    500: "Server error",
}
SLUGS = {
    400: "bad-request",
    401: "unauthenticated",
    403: "forbidden",
    404: "not-found",
    405: "method-not-allowed",
    409: "conflict",
    412: "precondition-failed",
    413: "too-large",
    422: "invalid",
    429: "rate-limited",
    500: "server-error",
}


class FieldError(Schema):
    field: str
    detail: str


class Problem(Schema):
    """RFC 9457 problem details."""

    type: str
    title: str
    status: int
    detail: str
    instance: str = ""
    errors: list[FieldError] = []


def problem(
    request: HttpRequest, status: int, detail: str, *, errors: list[dict[str, str]] | None = None
) -> HttpResponse:
    body: dict[str, Any] = {
        "type": PROBLEM_TYPE + SLUGS.get(status, "error"),
        "title": TITLES.get(status, "Error"),
        "status": status,
        "detail": detail,
        "instance": request.path,
    }
    if errors:
        body["errors"] = errors
    return HttpResponse(json.dumps(body), status=status, content_type="application/problem+json")


def _field(loc: Any) -> str:
    # Pydantic locations start with where the value came from ("body", "query", "path").
    parts = [str(p) for p in loc if p not in ("body", "query", "path", "payload")]
    return ".".join(parts) or "request"


def _prefixed(prefix: str, name: str) -> str:
    """`3.value` under `points.` is `points.3.value`; a name of the whole request stays as it is."""
    if name == "__all__":
        return "request"
    return prefix + name if name[:1].isdigit() else name


def field_errors_from_django(exc: DjangoValidationError, prefix: str = "") -> list[dict[str, str]]:
    if hasattr(exc, "error_dict"):
        return [
            {"field": _prefixed(prefix, name), "detail": str(message)}
            for name, errors in exc.message_dict.items()
            for message in errors
        ]
    return [{"field": prefix.rstrip(".") or "request", "detail": str(m)} for m in exc.messages]


class ServiceRefusal(Exception):
    """A service's ValidationError with the field path of the item it concerned."""

    def __init__(
        self, errors: list[dict[str, str]], detail: str = "The request has errors. Nothing was saved."
    ) -> None:
        super().__init__(detail)
        self.errors = errors
        self.detail = detail


def install(api: NinjaAPI) -> None:
    # Handlers take `Any`: ninja's annotation asks for "the exception or its class", which no
    # handler can honestly accept; each handler is registered for one class only.
    def on_validation(request: HttpRequest, exc: Any) -> HttpResponse:
        errors = [{"field": _field(e.get("loc", ())), "detail": str(e.get("msg", "Invalid value"))} for e in exc.errors]
        return problem(request, 422, "The request has errors. Nothing was saved.", errors=errors)

    def on_django_validation(request: HttpRequest, exc: Any) -> HttpResponse:
        return problem(request, 422, "The request has errors. Nothing was saved.", errors=field_errors_from_django(exc))

    def on_refusal(request: HttpRequest, exc: Any) -> HttpResponse:
        return problem(request, 422, exc.detail, errors=exc.errors)

    def on_http(request: HttpRequest, exc: Any) -> HttpResponse:
        if isinstance(exc, AuthenticationError) and exc.message == "Unauthorized":
            detail = "Send a valid API token: Authorization: Bearer <token>."
        else:
            detail = exc.message
        response = problem(request, exc.status_code, detail)
        if isinstance(exc, RateLimited):
            response["Retry-After"] = str(exc.retry_after)
        if exc.status_code == 401:
            response["WWW-Authenticate"] = 'Bearer realm="openqi"'
        return response

    def on_404(request: HttpRequest, exc: Any) -> HttpResponse:
        return problem(request, 404, "Nothing here, or not in this token's organisation.")

    def on_403(request: HttpRequest, exc: Any) -> HttpResponse:
        return problem(request, 403, str(exc) or "Not allowed.")

    def on_too_big(request: HttpRequest, exc: Any) -> HttpResponse:
        return problem(request, 413, "The request is too large. Send the data in smaller parts.")

    def on_error(request: HttpRequest, exc: Any) -> HttpResponse:
        logger.exception("API error on %s", request.path)
        return problem(request, 500, "Something went wrong on our side. It has been logged.")

    api.add_exception_handler(Exception, on_error)
    api.add_exception_handler(RequestDataTooBig, on_too_big)
    api.add_exception_handler(Http404, on_404)
    api.add_exception_handler(PermissionDenied, on_403)
    api.add_exception_handler(HttpError, on_http)
    api.add_exception_handler(NinjaValidationError, on_validation)
    api.add_exception_handler(DjangoValidationError, on_django_validation)
    api.add_exception_handler(ServiceRefusal, on_refusal)
