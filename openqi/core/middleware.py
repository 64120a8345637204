from collections.abc import Callable

from django.http import HttpRequest, HttpResponse


class NoStoreForSignedInMiddleware:
    """Pages shown to a signed-in person must not be kept by browsers or shared caches."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            response["Cache-Control"] = "no-store"
        return response
