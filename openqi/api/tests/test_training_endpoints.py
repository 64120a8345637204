"""Training records through the API: the organisation's completions for leads (as the web app's
capability export), each person's own for everyone; another organisation's never."""

import datetime
from typing import Any

import pytest
from django.utils import timezone

from openqi.api.models import ApiToken
from openqi.api.tests.conftest import ApiClient, Issue
from openqi.factories import MembershipFactory
from openqi.organisations.models import Role
from openqi.training.models import RecordSource, TrainingRecord
from openqi.training.tests.conftest import make_course

pytestmark = pytest.mark.django_db


def _record(membership: Any, course: Any, day: datetime.date) -> TrainingRecord:
    return TrainingRecord.objects.create(
        organisation=membership.organisation,
        user=membership.user,
        team=membership.team,
        course=course,
        level=course.level,
        completed_on=day,
        source=RecordSource.IMPORT,
    )


def test_a_lead_reads_the_organisations_completions_newest_first(personas: Any, issue: Issue) -> None:
    course = make_course(personas)
    _record(personas.member, course, datetime.date(2025, 2, 1))
    _record(personas.lead, course, datetime.date(2025, 8, 2))
    body = ApiClient(issue(personas.lead, role="lead")).get("/o/alpha/training/records").json()
    assert body["count"] == 2
    assert [(r["email"], r["completed_on"]) for r in body["items"]] == [
        (personas.lead.user.email, "2025-08-02"),
        (personas.member.user.email, "2025-02-01"),
    ]
    first = body["items"][0]
    assert first["course"] == "Introduction to Quality Improvement" and first["level"] == "Foundation"
    assert first["source"] == "import"


@pytest.mark.parametrize("role", [Role.STAFF, Role.CHAMPION, Role.QI_COACH])
def test_the_organisations_records_are_for_leads_and_above(personas: Any, issue: Issue, role: str) -> None:
    membership = MembershipFactory(organisation=personas.org_a, role=role)
    assert ApiClient(issue(membership, role=role)).get("/o/alpha/training/records").status_code == 403


def test_a_lead_token_of_a_staff_role_is_refused_the_organisations_records(personas: Any, issue: Issue) -> None:
    assert ApiClient(issue(personas.lead, role="staff")).get("/o/alpha/training/records").status_code == 403


def test_each_person_reads_their_own_completions_only(personas: Any, issue: Issue) -> None:
    course = make_course(personas)
    _record(personas.member, course, datetime.date(2025, 2, 1))
    _record(personas.lead, course, datetime.date(2025, 8, 2))
    mine = ApiClient(issue(personas.member)).get("/o/alpha/training/records/mine").json()
    assert [r["email"] for r in mine] == [personas.member.user.email]


@pytest.mark.parametrize("path", ["/o/alpha/training/records", "/o/alpha/training/records/mine"], ids=["all", "mine"])
def test_another_organisations_token_an_expired_one_and_none_are_refused(
    personas: Any, issue: Issue, path: str
) -> None:
    assert ApiClient().get(path).status_code == 401
    assert ApiClient(issue(personas.outsider, role="lead")).get(path).status_code == 404
    expiring = ApiClient(issue(personas.lead, role="lead"))
    ApiToken.objects.filter(user=personas.lead.user).update(expires_at=timezone.now() - datetime.timedelta(seconds=1))
    assert expiring.get(path).status_code == 401


def test_the_records_list_has_an_etag(personas: Any, issue: Issue) -> None:
    client = ApiClient(issue(personas.lead, role="lead"))
    first = client.get("/o/alpha/training/records")
    assert client.get("/o/alpha/training/records", **{"If-None-Match": first["ETag"]}).status_code == 304
