"""A helper for the tests that a create form sent twice with one submission token creates one thing."""

from collections.abc import Callable
from typing import Any

from django.test import Client

from openqi.core.submission import ALREADY_SENT, FIELD_NAME, new_token


def send_twice(client: Client, url: str, data: dict[str, Any], *, count: Callable[[], int]) -> tuple[Any, Any]:
    """Post the same form twice with one token: the first creates one thing, the second nothing.

    Returns both responses; the second leads to what the first made (its redirect, or the page
    a create view marks as its result)."""
    token = new_token()
    before = count()
    first = client.post(url, {**data, FIELD_NAME: token})
    assert first.status_code in (200, 302), first.status_code
    assert count() == before + 1, "the first sending should create exactly one"
    second = client.post(url, {**data, FIELD_NAME: token})
    assert count() == before + 1, "the second sending of the same token created another"
    if first.status_code == 302:
        assert second.status_code == 302
        assert second["Location"] == first["Location"]
        page = client.get(second["Location"]).content.decode()
        assert ALREADY_SENT.split(",")[0] in page
    return first, second
