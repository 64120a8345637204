"""Quick mistakes undone from the next page: a success message that carries an Undo button.

A view that archives or removes something calls `undo_message(request, text, undo_url=…)`. The
layout shows the message in the success banner with a small form that POSTs to `undo_url`
(so it works without JavaScript and carries the CSRF token). The undo itself is the ordinary
restore service behind that URL: there is no time limit and no second mechanism, so the same
thing can be restored later from its app's "archived" or "removed" list.
"""

from typing import Any

from django.contrib import messages
from django.http import HttpRequest

UNDO_TAG = "undo"


def undo_message(request: HttpRequest, text: str, *, undo_url: str) -> None:
    # extra_tags is the only free field a message keeps through cookie or session storage.
    messages.success(request, text, extra_tags=f"{UNDO_TAG} {undo_url}")


def undo_url_of(message: Any) -> str:
    """The URL the message's Undo button posts to, or "" for an ordinary message."""
    tags = str(getattr(message, "extra_tags", "") or "")
    kind, _, undo_url = tags.partition(" ")
    return undo_url if kind == UNDO_TAG and undo_url.startswith("/") else ""
