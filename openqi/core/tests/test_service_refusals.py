"""A service's refusal reaches the person the same way from every view: as form errors when there
is a form (`call_service`), as an error message when there is only a button (`call_service_from_button`),
as words on the page for a confirmation page (`call_service_on_page`)."""

from typing import NoReturn

import pytest
from django import forms
from django.contrib.messages import get_messages
from django.contrib.messages.storage.fallback import FallbackStorage
from django.contrib.sessions.backends.signed_cookies import SessionStore
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest
from django.test import RequestFactory

from openqi.core.forms_util import call_service, call_service_from_button, call_service_on_page


class NoteForm(forms.Form):
    title = forms.CharField()
    body = forms.CharField()


def _refuse(error: Exception) -> NoReturn:
    raise error


def _request() -> HttpRequest:
    request = RequestFactory().post("/")
    request.session = SessionStore()
    request._messages = FallbackStorage(request)  # type: ignore[attr-defined]
    return request


def test_a_refusal_naming_a_field_becomes_that_fields_error() -> None:
    form = NoteForm({"title": "x", "body": "y"})
    assert form.is_valid()
    result = call_service(form, lambda: _refuse(ValidationError({"title": "Choose another title"})))
    assert result is None
    assert form.errors == {"title": ["Choose another title"]}


def test_a_refusal_of_permission_becomes_an_error_on_the_named_field() -> None:
    form = NoteForm({"title": "x", "body": "y"})
    assert form.is_valid()
    call_service(form, lambda: _refuse(PermissionDenied("Only the lead can do this.")), refused_field="body")
    assert form.errors == {"body": ["Only the lead can do this."]}


def test_a_service_that_runs_hands_back_its_result_and_leaves_the_form_clean() -> None:
    form = NoteForm({"title": "x", "body": "y"})
    assert form.is_valid()
    assert call_service(form, lambda: 42) == 42
    assert not form.errors


@pytest.mark.parametrize(
    ("error", "text"),
    [
        (
            ValidationError(["This step is the last one.", "Add another first."]),
            "This step is the last one. Add another first.",
        ),
        (
            PermissionDenied("You shared this idea, so you support it already."),
            "You shared this idea, so you support it already.",
        ),
    ],
)
def test_a_refusal_behind_a_button_becomes_one_error_message(error: Exception, text: str) -> None:
    request = _request()
    assert call_service_from_button(request, lambda: _refuse(error)) is False
    assert [(m.level_tag, m.message) for m in get_messages(request)] == [("error", text)]


def test_a_service_behind_a_button_that_runs_leaves_no_message() -> None:
    request = _request()
    ran: list[bool] = []
    assert call_service_from_button(request, lambda: ran.append(True)) is True
    assert ran == [True]
    assert list(get_messages(request)) == []


def test_a_confirmation_page_gets_the_result_or_the_words_of_the_refusal() -> None:
    assert call_service_on_page(lambda: "member") == ("member", "")
    refused = call_service_on_page(lambda: _refuse(ValidationError("You cannot remove the last admin.")))
    assert refused == (None, "You cannot remove the last admin.")
    assert call_service_on_page(lambda: _refuse(PermissionDenied("No."))) == (None, "No.")
