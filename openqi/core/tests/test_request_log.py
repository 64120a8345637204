"""The request log: one JSON line per request with a request id, and none for anonymous submissions."""

import json
import logging
from typing import Any

import pytest
from django.test import Client

from openqi.core.logging import JsonFormatter
from openqi.ideas.models import Idea


@pytest.fixture
def request_lines(caplog: pytest.LogCaptureFixture) -> pytest.LogCaptureFixture:
    caplog.set_level(logging.INFO, logger="openqi.request")
    return caplog


def _logged(caplog: pytest.LogCaptureFixture) -> list[logging.LogRecord]:
    return [r for r in caplog.records if r.name == "openqi.request"]


def test_a_request_gets_one_json_line_with_id_route_status_and_duration_but_no_path_or_query(
    db: Any, request_lines: pytest.LogCaptureFixture
) -> None:
    response = Client().get("/privacy/?email=someone@nhs.net")

    [record] = _logged(request_lines)
    line = json.loads(JsonFormatter().format(record))
    assert line["request_id"] == response["X-Request-ID"] and len(line["request_id"]) == 32
    assert line["method"] == "GET" and line["route"] == "privacy/" and line["view"] == "core:privacy"
    assert line["status"] == 200 and line["duration_ms"] >= 0
    assert "someone" not in json.dumps(line)


def test_a_given_request_id_is_kept_and_echoed_and_a_malformed_one_replaced(
    db: Any, request_lines: pytest.LogCaptureFixture
) -> None:
    kept = Client().get("/privacy/", headers={"X-Request-ID": "proxy-abc.123"})
    replaced = Client().get("/privacy/", headers={"X-Request-ID": "bad id\nwith a new line"})

    assert kept["X-Request-ID"] == "proxy-abc.123"
    assert replaced["X-Request-ID"] != "bad id\nwith a new line" and len(replaced["X-Request-ID"]) == 32
    assert [r.request_id for r in _logged(request_lines)] == ["proxy-abc.123", replaced["X-Request-ID"]]


def test_the_route_of_a_signed_in_page_is_its_pattern_not_the_slugs_and_ids(
    personas: Any, member_client: Client, request_lines: pytest.LogCaptureFixture
) -> None:
    member_client.get(f"/o/{personas.org_a.slug}/ideas/")

    [record] = _logged(request_lines)
    assert record.route == "o/<slug:org_slug>/ideas/" and record.status == 200  # type: ignore[attr-defined]


def test_anonymous_submission_paths_leave_no_request_line(
    personas: Any, member_client: Client, request_lines: pytest.LogCaptureFixture
) -> None:
    slug = personas.org_a.slug
    member_client.post(
        f"/o/{slug}/ideas/new/",
        {
            "title": "Quieter night-time observations",
            "problem": "Patients are woken for every observation round.",
            "suggestion": "Group the night observations together.",
            "domains": ["patient_centred"],
            "identity": "anonymous",
            "action": "share",
        },
    )
    member_client.post(f"/o/{slug}/check-in/", {"score": "4"})
    for path in (
        f"/o/{slug}/ideas/new/",
        f"/o/{slug}/ideas/follow-up/",
        f"/o/{slug}/check-in/",
        f"/o/{slug}/surveys/1/answer/",
        f"/p/{slug}/",
        f"/p/{slug}/follow-up/",
        "/k/not-a-real-kiosk-token/",
    ):
        member_client.get(path)
    assert Idea.objects.filter(organisation=personas.org_a).count() == 1  # the submission itself went through

    assert _logged(request_lines) == []

    member_client.get(f"/o/{slug}/ideas/")
    assert len(_logged(request_lines)) == 1
