"""One confirmation page for every destructive action (remove, archive, delete).

A view answers GET with `confirmation_page(...)`: a heading that asks the question, what will
happen (and how to get it back), a warning button that POSTs to the same URL, and a Cancel link.
On POST it calls its service (through `call_service_on_page`) and, if the service refuses,
renders the same page again with the refusal in an error summary. It works without JavaScript.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from openqi.core.forms_util import call_service_on_page


@dataclass(frozen=True)
class Confirmation:
    title: str  # the page title and H1, as a question: "Remove ‘Huddle at 8am’?"
    button: str  # "Remove change idea"
    cancel_url: str
    body: tuple[str, ...] = ()  # paragraphs: what happens, what is kept, how to restore
    caption: str = ""  # the thing it belongs to, shown above the H1
    warning: bool = True  # a red button for a destructive action


def confirmation_page(
    request: HttpRequest, confirmation: Confirmation, *, error_text: str = "", **context: Any
) -> HttpResponse:
    return render(
        request,
        "core/confirm.jinja",
        {"confirm": confirmation, "error_text": error_text, **context},
        status=400 if error_text else 200,
    )


def confirm_then(
    request: HttpRequest,
    confirmation: Confirmation,
    *,
    act: Callable[[], object],
    done: Callable[[], HttpResponse],
    **context: Any,
) -> HttpResponse:
    """The whole confirm-then-act view: GET shows the question; POST runs `act` (the service) and
    answers with `done()` (a message and a redirect), or the page again with the service's refusal."""
    error_text = ""
    if request.method == "POST":
        _, error_text = call_service_on_page(act)
        if not error_text:
            return done()
    return confirmation_page(request, confirmation, error_text=error_text, **context)
