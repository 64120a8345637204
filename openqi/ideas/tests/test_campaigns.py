"""Campaigns: a time-boxed push for ideas, with progress and a closing report."""

import datetime
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.utils import timezone

from openqi.audit.models import AuditEvent
from openqi.ideas import selectors, services
from openqi.ideas.models import Campaign
from openqi.ideas.tests.helpers import share

pytestmark = pytest.mark.django_db


def _campaign(personas: Any, **kwargs: Any) -> Campaign:
    today = timezone.localdate()
    values = {
        "title": "5 ideas in 2 weeks: safer handovers",
        "question": "How could handovers be safer?",
        "starts_on": today - datetime.timedelta(days=1),
        "ends_on": today + datetime.timedelta(days=13),
        "target": 5,
    }
    values.update(kwargs)
    return services.campaign_create(actor=personas.lead.user, organisation=personas.org_a, **values)


def _date(prefix: str, day: datetime.date) -> dict[str, str]:
    return {f"{prefix}-day": str(day.day), f"{prefix}-month": str(day.month), f"{prefix}-year": str(day.year)}


def test_a_lead_starts_a_campaign_and_it_is_audited(lead_client: Client, personas: Any) -> None:
    today = timezone.localdate()
    response = lead_client.post(
        "/o/alpha/ideas/campaigns/new/",
        {"title": "Safer handovers", "question": "How?", "team": "", "target": "5"}
        | _date("starts_on", today)
        | _date("ends_on", today + datetime.timedelta(days=14)),
    )
    campaign = Campaign.objects.get()
    assert response["Location"] == f"/o/alpha/ideas/campaigns/{campaign.pk}/"
    assert AuditEvent.objects.filter(action="campaign.create", actor=personas.lead.user).exists()


def test_bad_campaign_input_shows_the_error_summary_and_saves_nothing(lead_client: Client, personas: Any) -> None:
    today = timezone.localdate()
    page = lead_client.post("/o/alpha/ideas/campaigns/new/", {"target": "0"}).content.decode()
    assert "There is a problem" in page
    for message in ("Enter a campaign name", "Enter a start date", "The target must be at least 1 idea"):
        assert message in page
    page = lead_client.post(
        "/o/alpha/ideas/campaigns/new/",
        {"title": "T", "question": "Q", "target": "3"}
        | _date("starts_on", today)
        | _date("ends_on", today - datetime.timedelta(days=1)),
    ).content.decode()
    assert "The end date must be on or after the start date" in page
    assert not Campaign.objects.exists()


def test_staff_cannot_start_or_close_a_campaign(member_client: Client, personas: Any) -> None:
    campaign = _campaign(personas)
    assert member_client.get("/o/alpha/ideas/campaigns/new/").status_code == 403
    assert member_client.post(f"/o/alpha/ideas/campaigns/{campaign.pk}/close/", {"report": "x"}).status_code == 403
    assert member_client.get(f"/o/alpha/ideas/campaigns/{campaign.pk}/").status_code == 200


def test_ideas_shared_into_a_campaign_count_towards_its_target(member_client: Client, personas: Any) -> None:
    campaign = _campaign(personas)
    form = member_client.get(f"/o/alpha/ideas/new/?campaign={campaign.pk}").content.decode()
    assert f'<option value="{campaign.pk}" selected' in form
    member_client.post(
        "/o/alpha/ideas/new/",
        {
            "title": "Handover checklist",
            "problem": "Things get missed",
            "suggestion": "A checklist",
            "identity": "named",
            "campaign": str(campaign.pk),
            "action": "share",
        },
    )
    progress = selectors.campaign_progress(campaign=campaign)
    assert (progress.ideas, progress.target, progress.percent) == (1, 5, 20)
    page = member_client.get(f"/o/alpha/ideas/campaigns/{campaign.pk}/").content.decode()
    assert "1 of 5 ideas" in page
    assert "Handover checklist" in page


def test_a_campaign_that_is_closed_or_not_started_takes_no_ideas(personas: Any) -> None:
    future = _campaign(personas, starts_on=timezone.localdate() + datetime.timedelta(days=3))
    with pytest.raises(ValidationError):
        share(personas.member, campaign=future)
    current = _campaign(personas)
    services.campaign_close(actor=personas.lead.user, campaign=current, report="Thanks all")
    with pytest.raises(ValidationError):
        share(personas.member, campaign=current)
    assert list(selectors.campaign_open_list(organisation=personas.org_a)) == []


def test_closing_needs_a_report_and_shows_it(lead_client: Client, personas: Any) -> None:
    campaign = _campaign(personas)
    page = lead_client.post(f"/o/alpha/ideas/campaigns/{campaign.pk}/close/", {"report": ""}).content.decode()
    assert "Write the closing report" in page
    lead_client.post(f"/o/alpha/ideas/campaigns/{campaign.pk}/close/", {"report": "Seven ideas; two being tested."})
    campaign.refresh_from_db()
    assert campaign.closed_on == timezone.localdate()
    assert (
        "Seven ideas; two being tested." in lead_client.get(f"/o/alpha/ideas/campaigns/{campaign.pk}/").content.decode()
    )


def test_the_campaign_report_hides_small_anonymous_counts(personas: Any) -> None:
    campaign = _campaign(personas, target=20)
    share(personas.member, campaign=campaign)
    share(personas.member, identity="anonymous", campaign=campaign)
    progress = selectors.campaign_progress(campaign=campaign)
    assert (progress.ideas, progress.named, progress.anonymous) == (2, None, None)
    for _ in range(10):
        share(personas.member, identity="anonymous", campaign=campaign)
    progress = selectors.campaign_progress(campaign=campaign)
    assert (progress.ideas, progress.named, progress.anonymous) == (12, 1, 11)


def test_a_campaign_of_another_organisation_is_not_found(lead_client: Client, personas: Any) -> None:
    other = services.campaign_create(
        actor=personas.outsider.user,
        organisation=personas.org_b,
        title="Elsewhere",
        question="?",
        starts_on=timezone.localdate(),
        ends_on=timezone.localdate(),
        target=1,
    )
    assert lead_client.get(f"/o/alpha/ideas/campaigns/{other.pk}/").status_code == 404
    with pytest.raises(ValidationError):
        share(personas.member, campaign=other)
