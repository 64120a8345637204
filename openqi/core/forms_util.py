"""The one way a view turns a service's refusal into something the person can read.

Services refuse with `ValidationError` (the input breaks a rule) or `PermissionDenied` (this person
may not do this to this object); they know nothing of forms or requests. A view that has a form
calls the service through `call_service`, so a refusal becomes form errors and the page shows the
NHS error summary. A view behind a button with no form (remove, publish, undo) calls it through
`call_service_from_button`, so a refusal becomes an error message on the page it redirects to. A
confirmation page with no form (remove a member, accept an invitation, a kiosk's one tap) calls it
through `call_service_on_page` and shows the refusal's words on the page itself. Views do not write
their own `try`/`except` around a service.
"""

from collections.abc import Callable
from typing import TypeVar

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest

T = TypeVar("T")


def add_errors(form: forms.Form, error: ValidationError) -> None:
    """Attach a service's ValidationError to the form: per field where it names one."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            for item in errors:
                form.add_error(field if field in form.fields else None, item.messages)
    else:
        form.add_error(None, error.messages)


def call_service(form: forms.Form, call: Callable[[], T], *, refused_field: str | None = None) -> T | None:
    """Run a service for a valid form; its refusals become form errors (so the page shows the
    NHS error summary) and the result is None. Services stay free of any form or request.

    For a service that itself returns None, ask `form.errors` whether it was refused."""
    try:
        return call()
    except ValidationError as error:
        add_errors(form, error)
    except PermissionDenied as error:
        form.add_error(refused_field, str(error))
    return None


def refusal_text(error: ValidationError | PermissionDenied) -> str:
    """A refusal as one sentence or a few, for a message or a confirmation page."""
    if isinstance(error, ValidationError):
        return " ".join(error.messages)
    return str(error)


def call_service_from_button(request: HttpRequest, call: Callable[[], object]) -> bool:
    """Run a service behind a button that has no form; a refusal becomes an error message for the
    next page. True when the service ran, False when it refused."""
    try:
        call()
    except (ValidationError, PermissionDenied) as error:
        messages.error(request, refusal_text(error))
        return False
    return True


def call_service_on_page(call: Callable[[], T]) -> tuple[T | None, str]:
    """Run a service from a page with no form that shows a refusal itself: (its result, "") when
    it ran, (None, the refusal's words) when it refused."""
    try:
        return call(), ""
    except (ValidationError, PermissionDenied) as error:
        return None, refusal_text(error)
