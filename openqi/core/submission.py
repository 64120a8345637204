"""One-time submission tokens: sending the same form twice creates one thing, not two.

Every POST form carries a fresh random token (`submission_token_input()` renders it, from
`csrf_input` in `core/forms.jinja`). A create view wrapped in `once_per_submission` asks, before it
runs, whether this token was used on this address; if so it sends the person to what the first
sending made and runs nothing. Otherwise it runs the view in one transaction and, when the view
answers with a redirect (or marks its page with `shown_once`), records the token in that same
transaction, so the item and the record are saved together or not at all. Two simultaneous sendings
of one token: the second meets the first's record (unique key), is rolled back whole, and is sent to
the first's result.

The token field is a text input with the `hidden` attribute rather than `type="hidden"`: browsers
restore a text field's value when a person goes Back to a page they sent (openqi.js makes the value
one the browser keeps), so Back and send again repeats the first token instead of a new one.

Records hold no person and no object (see `core.models.SubmissionRecord`) and live about a day.
"""

import datetime
import functools
import hashlib
import re
import secrets
from collections.abc import Callable
from typing import Any, TypeVar

from django.contrib import messages
from django.db import IntegrityError, transaction
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.utils import timezone
from markupsafe import Markup

from openqi.core.models import SubmissionRecord

FIELD_NAME = "submission_token"
ALREADY_SENT = "You already sent this, so nothing new was created. This is what it made."
KEEP_DAYS = 1
_TOKEN = re.compile(r"^[A-Za-z0-9_-]{43}$")
_RESULT_ATTRIBUTE = "openqi_submission_result"
SAME_ADDRESS = "="  # stored for "the address the form was sent to"
_REDIRECTS = {301, 302, 303, 307, 308}

ViewFunc = TypeVar("ViewFunc", bound=Callable[..., HttpResponse])


def new_token() -> str:
    return secrets.token_urlsafe(32)


def submission_token_input() -> Markup:
    """The hidden field every POST form carries (rendered by `csrf_input`)."""
    return Markup(  # noqa: S704  # nosec B704 # the token is [A-Za-z0-9_-] only, made here
        f'<input type="text" name="{FIELD_NAME}" value="{new_token()}" hidden data-submission-token>'
    )


def submission_key(request: HttpRequest) -> str | None:
    """The record key for this POST's token, or None when it carries no well-formed token."""
    if request.method != "POST":
        return None
    token = request.POST.get(FIELD_NAME, "")
    if not _TOKEN.match(token):
        return None
    # The path scopes a token to one form: a token reused on another address means nothing there.
    return hashlib.sha256(f"{request.path}\n{token}".encode()).hexdigest()


def shown_once(response: HttpResponse, *, repeat_here: bool = False) -> HttpResponse:
    """Mark a page a create view renders (rather than redirects to) as the result of the sending.

    A repeat is sent back to the form's own address when `repeat_here` (where a one-per-day or
    one-per-person rule says it is done already); otherwise the page could be shown only once (an
    anonymous idea's follow-up code, a kiosk link) and a repeat gets a page saying it was sent."""
    setattr(response, _RESULT_ATTRIBUTE, SAME_ADDRESS if repeat_here else "")  # a marker only this module reads
    return response


def _result_of(request: HttpRequest, response: HttpResponse) -> str | None:
    if response.status_code in _REDIRECTS:
        location = str(response["Location"])
        # The form's own address is not stored: the key already stands for it, and some addresses
        # hold a secret (a kiosk's link) that must not be kept in plain text.
        return SAME_ADDRESS if location == request.path else location
    result = getattr(response, _RESULT_ATTRIBUTE, None)
    return result if isinstance(result, str) else None


class _AlreadyUsed(Exception):
    """Raised inside the view's transaction to roll back a second sending of one token."""


def _record(key: str, result_url: str) -> None:
    today = timezone.localdate()
    SubmissionRecord.objects.filter(used_on__lt=today - datetime.timedelta(days=KEEP_DAYS)).delete()
    try:
        with transaction.atomic():
            SubmissionRecord.objects.create(key=key, result_url=result_url[:500], used_on=today)
    except IntegrityError:
        raise _AlreadyUsed from None


def _replay(request: HttpRequest, record: SubmissionRecord) -> HttpResponse:
    if record.result_url:
        messages.info(request, ALREADY_SENT)
        return HttpResponseRedirect(request.path if record.result_url == SAME_ADDRESS else record.result_url)
    return render(request, "core/already_sent.jinja", {})


def once_per_submission(view: ViewFunc) -> ViewFunc:
    """Wrap a create view so a repeated submission token shows the first result, creating nothing.

    Put it below the access decorator (`org_view`) so a repeat is checked for access like any
    request."""

    @functools.wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        key = submission_key(request)
        if key is None:
            return view(request, *args, **kwargs)
        try:
            with transaction.atomic():
                earlier = SubmissionRecord.objects.filter(key=key).first()
                if earlier is not None:
                    return _replay(request, earlier)
                response = view(request, *args, **kwargs)
                result = _result_of(request, response)
                if result is not None:
                    _record(key, result)
                return response
        except _AlreadyUsed:
            return _replay(request, SubmissionRecord.objects.get(key=key))

    wrapped.once_per_submission = True  # type: ignore[attr-defined]  # a marker the URL test reads
    return wrapped  # type: ignore[return-value]
