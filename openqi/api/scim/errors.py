"""SCIM answers: the media type, error messages (RFC 7644 §3.12) and a view wrapper that turns
every refusal, and any failure, into one."""

import json
import logging
from collections.abc import Callable
from functools import wraps
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.views.decorators.csrf import csrf_exempt

logger = logging.getLogger(__name__)
MEDIA_TYPE = "application/scim+json"
ERROR_SCHEMA = "urn:ietf:params:scim:api:messages:2.0:Error"


class ScimError(Exception):
    def __init__(self, status: int, detail: str, scim_type: str = "", headers: dict[str, str] | None = None) -> None:
        super().__init__(detail)
        self.status, self.detail, self.scim_type = status, detail, scim_type
        self.headers = headers or {}


def scim_response(
    body: dict[str, Any] | None, status: int = 200, headers: dict[str, str] | None = None
) -> HttpResponse:
    response = HttpResponse(
        json.dumps(body) if body is not None else b"", status=status, content_type=MEDIA_TYPE if body else None
    )
    for name, value in (headers or {}).items():
        response[name] = value
    response["Cache-Control"] = "no-store"
    return response


def error_response(error: ScimError) -> HttpResponse:
    body: dict[str, Any] = {"schemas": [ERROR_SCHEMA], "status": str(error.status), "detail": error.detail}
    if error.scim_type:
        body["scimType"] = error.scim_type
    headers = dict(error.headers)
    if error.status == 401:
        headers["WWW-Authenticate"] = 'Bearer realm="openqi-scim"'
    return scim_response(body, error.status, headers)


def _validation_detail(error: ValidationError) -> str:
    if hasattr(error, "error_dict"):
        return " ".join(m for messages in error.message_dict.values() for m in messages)
    return " ".join(error.messages)


def scim_endpoint(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Bearer-authenticated (no cookies, so no CSRF); every refusal as SCIM error JSON."""

    @csrf_exempt
    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        try:
            return view(request, *args, **kwargs)
        except ScimError as error:
            return error_response(error)
        except ValidationError as error:
            message = _validation_detail(error)
            scim_type = "uniqueness" if "belongs to another" in message or "already" in message else "invalidValue"
            return error_response(ScimError(409 if scim_type == "uniqueness" else 400, message, scim_type))
        except PermissionDenied as error:
            return error_response(ScimError(403, str(error) or "Not allowed."))
        except Exception:
            logger.exception("SCIM error on %s", request.path)
            return error_response(ScimError(500, "Something went wrong on our side. It has been logged."))

    return wrapper
