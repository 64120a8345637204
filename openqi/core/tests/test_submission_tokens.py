"""One-time submission tokens (core.submission): the mechanism itself, on a named idea's form."""

import datetime
import re
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

from openqi.core.models import SubmissionRecord
from openqi.core.submission import FIELD_NAME, new_token
from openqi.core.tests.resubmit import send_twice
from openqi.ideas.models import Idea

pytestmark = pytest.mark.django_db

IDEA = {
    "title": "Put a clock in every side room",
    "problem": "Patients in side rooms lose track of time.",
    "suggestion": "Fit a clock in each side room.",
    "domains": ["patient_centred"],
    "identity": "named",
    "action": "share",
}


def test_every_post_form_carries_a_fresh_token_that_javascript_can_keep_on_back(member_client: Client) -> None:
    first = member_client.get("/o/alpha/ideas/new/").content.decode()
    second = member_client.get("/o/alpha/ideas/new/").content.decode()
    pattern = rf'<input type="text" name="{FIELD_NAME}" value="([A-Za-z0-9_-]{{43}})" hidden data-submission-token>'
    one, two = re.search(pattern, first), re.search(pattern, second)
    assert one and two
    assert one.group(1) != two.group(1)


def test_a_repeated_token_shows_the_first_result_and_creates_nothing(member_client: Client) -> None:
    first, _ = send_twice(member_client, "/o/alpha/ideas/new/", IDEA, count=Idea.objects.count)
    assert first["Location"] == f"/o/alpha/ideas/{Idea.objects.get().pk}/"


def test_a_new_token_creates_a_new_one(member_client: Client) -> None:
    for _ in range(2):
        member_client.post("/o/alpha/ideas/new/", IDEA | {FIELD_NAME: new_token()})
    assert Idea.objects.count() == 2


def test_a_form_sent_without_a_token_still_works(member_client: Client) -> None:
    assert member_client.post("/o/alpha/ideas/new/", IDEA).status_code == 302
    assert member_client.post("/o/alpha/ideas/new/", IDEA | {FIELD_NAME: "not-a-token"}).status_code == 302
    assert Idea.objects.count() == 2
    assert not SubmissionRecord.objects.exists()


def test_a_refused_sending_uses_no_token_so_the_corrected_form_can_be_sent(member_client: Client) -> None:
    token = new_token()
    page = member_client.post("/o/alpha/ideas/new/", IDEA | {"title": "", FIELD_NAME: token}).content.decode()
    assert "There is a problem" in page
    assert member_client.post("/o/alpha/ideas/new/", IDEA | {FIELD_NAME: token}).status_code == 302
    assert Idea.objects.count() == 1


def test_a_token_means_nothing_on_another_form(member_client: Client, personas: Any) -> None:
    token = new_token()
    member_client.post("/o/alpha/ideas/new/", IDEA | {FIELD_NAME: token})
    idea = Idea.objects.get()
    response = member_client.post(
        f"/o/alpha/ideas/{idea.pk}/comment/", {"body": "Also the day room", FIELD_NAME: token}
    )
    assert response.status_code == 302
    assert idea.comments.count() == 1


def test_an_outsider_replaying_a_token_is_refused_before_anything_is_shown(
    member_client: Client, outsider_client: Client
) -> None:
    token = new_token()
    member_client.post("/o/alpha/ideas/new/", IDEA | {FIELD_NAME: token})
    assert outsider_client.post("/o/alpha/ideas/new/", IDEA | {FIELD_NAME: token}).status_code == 404


def test_a_record_names_no_person_and_no_time_and_old_records_are_deleted(member_client: Client) -> None:
    SubmissionRecord.objects.create(key="0" * 64, result_url="/old/", used_on=datetime.date(2020, 1, 1))
    member_client.post("/o/alpha/ideas/new/", IDEA | {FIELD_NAME: new_token()})
    (record,) = SubmissionRecord.objects.all()
    assert re.fullmatch(r"[0-9a-f]{64}", record.key)
    assert {f.name for f in SubmissionRecord._meta.concrete_fields} == {"key", "result_url", "used_on"}
    assert not any(f.is_relation for f in SubmissionRecord._meta.get_fields())


def test_two_sendings_of_one_token_at_once_make_one(member_client: Client, monkeypatch: pytest.MonkeyPatch) -> None:
    """The second sending passed the check before the first was recorded: it meets the record's
    unique key and is rolled back whole, then sent to the first's result."""
    from openqi.core import submission

    token = new_token()
    member_client.post("/o/alpha/ideas/new/", IDEA | {FIELD_NAME: token})
    first = Idea.objects.get()
    # As if the check ran before the other request's record was committed:
    real_filter = SubmissionRecord.objects.filter
    calls = {"n": 0}

    def blind_first_check(*args: Any, **kwargs: Any) -> Any:
        calls["n"] += 1
        return real_filter(*args, **kwargs).none() if calls["n"] == 1 else real_filter(*args, **kwargs)

    monkeypatch.setattr(submission.SubmissionRecord.objects, "filter", blind_first_check)
    response = member_client.post("/o/alpha/ideas/new/", IDEA | {FIELD_NAME: token})
    assert response.status_code == 302
    assert response["Location"] == f"/o/alpha/ideas/{first.pk}/"
    assert list(Idea.objects.all()) == [first]


def _views(resolver: URLResolver, prefix: str = "") -> list[tuple[str, Any]]:
    found: list[tuple[str, Any]] = []
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            namespace = f"{prefix}{pattern.namespace}:" if pattern.namespace else prefix
            found += _views(pattern, namespace)
        elif isinstance(pattern, URLPattern) and pattern.name:
            found.append((prefix + pattern.name, pattern.callback))
    return found


# URL names that end in a create word but create nothing a person could send twice by mistake.
NOT_CREATE_FORMS: set[str] = set()
CREATE_WORDS = (
    "_create",
    "_add",
    "_new",
    "_answer",
    "_copy",
    "_adopt",
    "_upload",
    "_follow_up",
    "data_entry",
    "_checkin",
)
# The open API's writes are sent by programs with a token, not by forms, so they carry no
# submission token. A retried data point cannot duplicate (one value per measure and period: the
# single write refuses a second, the bulk write replaces it); idea_create takes an Idempotency-Key
# header instead (openqi/api/idempotency.py, tested in api/tests/test_ideas_endpoints.py).
API_NAMESPACE = "api-v1:"
# Pages that hold a create form among others (the view guards every POST it answers).
ALSO_GUARDED = {
    "checkins:kiosk_checkin",
    "measures:import_preview",
    "projects:fishbone_detail",
    "projects:why_chain_detail",
    "projects:process_map_detail",
    "projects:member_list",
    "projects:link_list",
    "projects:partner_list",
    "projects:involvement_list",
}


def test_every_create_form_in_the_product_is_guarded_by_a_submission_token() -> None:
    views = _views(get_resolver())
    create = {
        name
        for name, _ in views
        if name.endswith(CREATE_WORDS)
        and name not in NOT_CREATE_FORMS
        and not name.startswith(("admin:", API_NAMESPACE))
    }
    unguarded = sorted(
        name for name, view in views if name in create and not getattr(view, "once_per_submission", False)
    )
    assert unguarded == []
    guarded = {name for name, view in views if getattr(view, "once_per_submission", False)}
    assert guarded >= ALSO_GUARDED
    assert len(guarded) >= 40


def test_the_sqlite_database_is_set_up_for_a_web_server() -> None:
    if connection.vendor != "sqlite":
        pytest.skip("SQLite only")
    options = connection.settings_dict["OPTIONS"]
    assert options["transaction_mode"] == "IMMEDIATE"
    assert "journal_mode=WAL" in options["init_command"]
    assert "busy_timeout=" in options["init_command"]
