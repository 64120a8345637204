"""The API's middleware: every error under /api/v1/ as problem details, and room for a bulk write's body.

Room for a bulk write's body: Django refuses request bodies over DATA_UPLOAD_MAX_MEMORY_SIZE
(2.5 MB), and 50,000 data points (the bulk write's limit) take about 4 MB of JSON. For that one
address, and only for a live token, the body may be up to API_BULK_MAX_BYTES; everyone else keeps
Django's limit (and gets 413)."""

import re
from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse

from openqi.api.problems import problem
from openqi.api.selectors import token_by_secret

BULK_PATH = re.compile(r"^/api/v1/o/[-\w]+/measures/data$")


class ApiBulkBodyMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.method == "POST" and BULK_PATH.match(request.path):
            refused = self._read_bulk_body(request)
            if refused is not None:
                return refused
        return self.get_response(request)

    @staticmethod
    def _read_bulk_body(request: HttpRequest) -> HttpResponse | None:
        length = int(request.META.get("CONTENT_LENGTH") or 0)
        if length <= (settings.DATA_UPLOAD_MAX_MEMORY_SIZE or 0):
            return None  # Django's own limit is enough
        secret = request.headers.get("Authorization", "").removeprefix("Bearer ").strip()
        token = token_by_secret(secret=secret) if secret else None
        if token is None or not token.is_active():
            return None  # Django's limit applies; authentication then refuses
        if length > settings.API_BULK_MAX_BYTES:
            return problem(request, 413, f"Send at most {settings.API_BULK_MAX_BYTES:,} bytes at once.")
        # Read through the stream (no size check there), then hand the body on as if Django read it.
        request._body = request.read(length)  # type: ignore[attr-defined]  # Django's cache of the body
        return None


API_PREFIX = "/api/v1/"
# Django's own short answers, where the API has nothing more precise to say.
DETAILS = {
    400: "The request could not be read.",
    403: "The request was refused.",
    404: "There is nothing at this address. The operations are listed at /api/v1/openapi.json.",
    405: "This address does not accept that method.",
    413: "The request body is too large.",
    500: "Something went wrong on our side. Try again later.",
}


class ApiProblemMiddleware:
    """Answers that Django or django-ninja make outside the API's own handlers (an unknown address,
    a method an operation does not accept, a CSRF or body-size refusal, a server error) become RFC
    9457 problem details under /api/v1/, like every other API refusal; `Allow` is kept on a 405.
    The explorer and the OpenAPI document are HTML and JSON answers with 200, so they pass through."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if not request.path.startswith(API_PREFIX) or response.status_code < 400:
            return response
        content_type = response.get("Content-Type", "")
        if content_type.startswith(("application/problem+json", "application/json")):
            return response
        answer = problem(request, response.status_code, DETAILS.get(response.status_code, "The request was refused."))
        for header in ("Allow", "Retry-After", "WWW-Authenticate"):
            if header in response:
                answer[header] = response[header]
        return answer
