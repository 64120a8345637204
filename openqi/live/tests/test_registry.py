"""The live-update machinery alone: channels, ETags and 304s, with no boards involved."""

from typing import Any

import pytest
from django.test import RequestFactory

from openqi.live.registry import live_channel_register, live_channels, live_response, live_version

state = {"n": 0}


def _version(*, key: int) -> str:
    return f"{key}:{state['n']}"


live_channel_register("tests.counter", _version)


def test_a_version_is_an_opaque_hash_that_moves_when_the_channels_answer_moves() -> None:
    first = live_version("tests.counter", key=1)
    assert "1:" not in first and len(first) == 20
    assert live_version("tests.counter", key=2) != first
    state["n"] += 1
    assert live_version("tests.counter", key=1) != first


def test_a_poll_with_the_current_etag_gets_304_and_no_body() -> None:
    request = RequestFactory().get("/")
    response = live_response(request, "tests.counter", key=7)
    assert response.status_code == 200
    etag = response["ETag"]
    again = live_response(RequestFactory().get("/", HTTP_IF_NONE_MATCH=f'W/{etag}, "other"'), "tests.counter", key=7)
    assert again.status_code == 304 and again.content == b""
    assert again["ETag"] == etag


def test_a_channel_name_cannot_be_taken_by_a_second_function(settings: Any) -> None:
    with pytest.raises(ValueError, match="already registered"):
        live_channel_register("tests.counter", lambda **scope: "x")
    assert "tests.counter" in live_channels() and "boards.team" in live_channels()
