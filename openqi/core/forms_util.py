from collections.abc import Callable
from typing import TypeVar

from django import forms
from django.core.exceptions import PermissionDenied, ValidationError

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
    NHS error summary) and the result is None. Services stay free of any form or request."""
    try:
        return call()
    except ValidationError as error:
        add_errors(form, error)
    except PermissionDenied as error:
        form.add_error(refused_field, str(error))
    return None
