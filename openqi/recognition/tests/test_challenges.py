"""Campaign challenges: individual targets, progress, and a draw anyone on the panel can verify.
Anonymous ideas (and ideas named to the QI team only) never count towards a named entry."""

import datetime
import shutil
import subprocess
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.utils import timezone

from openqi.audit.models import AuditEvent
from openqi.conftest import client_for
from openqi.ideas import services as idea_services
from openqi.ideas.models import Campaign
from openqi.ideas.tests.helpers import share
from openqi.notifications.models import Notification
from openqi.recognition import draws, services
from openqi.recognition.models import CampaignChallenge

pytestmark = pytest.mark.django_db


@pytest.fixture
def campaign(personas: Any) -> Campaign:
    today = timezone.localdate()
    return idea_services.campaign_create(
        actor=personas.lead.user,
        organisation=personas.org_a,
        title="5 ideas in 2 weeks",
        question="What slows down discharge?",
        starts_on=today - datetime.timedelta(days=7),
        ends_on=today + datetime.timedelta(days=7),
        target=20,
    )


@pytest.fixture
def challenge(personas: Any, campaign: Campaign) -> CampaignChallenge:
    return services.challenge_create(
        actor=personas.lead.user, campaign=campaign, individual_target=2, prize="Afternoon tea", winners_wanted=1
    )


def _ideas(membership: Any, campaign: Campaign, n: int, identity: str = "named") -> None:
    for i in range(n):
        share(membership, identity=identity, title=f"Idea {identity} {i}", campaign=campaign)


def _close(personas: Any, campaign: Campaign) -> None:
    idea_services.campaign_close(actor=personas.lead.user, campaign=campaign, report="Thank you all.")


def test_a_lead_sets_an_individual_target_through_the_form(
    personas: Any, campaign: Campaign, member_client: Client
) -> None:
    url = f"/o/alpha/recognition/campaigns/{campaign.pk}/target/"
    assert member_client.get(url).status_code == 403
    lead = client_for(personas.lead.user)
    assert url in lead.get("/o/alpha/recognition/").content.decode()
    assert url not in member_client.get("/o/alpha/recognition/").content.decode()
    assert lead.post(url, {"individual_target": "0", "prize": "Tea", "winners_wanted": "1"}).status_code == 200
    assert lead.post(url, {"individual_target": "3", "prize": "", "winners_wanted": "1"}).status_code == 200
    assert not CampaignChallenge.objects.exists()
    assert lead.post(url, {"individual_target": "3", "prize": "Tea", "winners_wanted": "2"}).status_code == 302
    challenge = CampaignChallenge.objects.get()
    assert (challenge.individual_target, challenge.winners_wanted, challenge.organisation) == (3, 2, personas.org_a)
    with pytest.raises(ValidationError):
        services.challenge_create(actor=personas.lead.user, campaign=campaign, individual_target=1, prize="Again")
    with pytest.raises(PermissionDenied):
        services.challenge_create(actor=personas.member.user, campaign=campaign, individual_target=1, prize="x")


def test_each_person_sees_their_own_progress(
    personas: Any, campaign: Campaign, challenge: CampaignChallenge, member_client: Client
) -> None:
    _ideas(personas.member, campaign, 1)
    page = member_client.get(f"/o/alpha/recognition/campaigns/{campaign.pk}/").content.decode()
    assert "You have shared 1 of 2 named ideas" in page
    _ideas(personas.member, campaign, 1)
    page = member_client.get(f"/o/alpha/recognition/campaigns/{campaign.pk}/").content.decode()
    assert "You have shared 2 of 2 named ideas: you are in the draw" in page
    # the panel's controls and the entrant list are not shown to staff
    assert "Fix the entrants" not in page


def test_anonymous_and_qi_team_only_ideas_never_count_towards_a_named_entry(
    personas: Any, campaign: Campaign, challenge: CampaignChallenge, colleague: Any
) -> None:
    _ideas(personas.member, campaign, 5, identity="anonymous")
    _ideas(personas.member, campaign, 5, identity="qi_team")
    _ideas(colleague, campaign, 2)
    assert services.challenge_qualifiers(challenge=challenge) == [colleague.user.pk]
    page = client_for(personas.member.user).get(f"/o/alpha/recognition/campaigns/{campaign.pk}/").content.decode()
    assert "You have shared 0 of 2 named ideas" in page
    _close(personas, campaign)
    fixed = services.challenge_fix_entrants(actor=personas.lead.user, challenge=challenge)
    assert fixed.entrant_ids == [colleague.user.pk]


def test_entrants_are_fixed_only_after_the_campaign_and_never_twice(
    personas: Any, campaign: Campaign, challenge: CampaignChallenge, colleague: Any
) -> None:
    _ideas(colleague, campaign, 2)
    with pytest.raises(ValidationError):
        services.challenge_fix_entrants(actor=personas.lead.user, challenge=challenge)
    with pytest.raises(ValidationError):
        services.challenge_draw(actor=personas.lead.user, challenge=challenge)
    _close(personas, campaign)
    with pytest.raises(PermissionDenied):
        services.challenge_fix_entrants(actor=personas.member.user, challenge=challenge)
    services.challenge_fix_entrants(actor=personas.lead.user, challenge=challenge)
    with pytest.raises(ValidationError):
        services.challenge_fix_entrants(actor=personas.lead.user, challenge=challenge)


def test_the_commitment_is_audited_before_the_draw_and_the_draw_verifies(
    personas: Any, campaign: Campaign, challenge: CampaignChallenge, colleague: Any
) -> None:
    _ideas(colleague, campaign, 2)
    _ideas(personas.member, campaign, 3)
    _close(personas, campaign)
    lead = client_for(personas.lead.user)
    base = f"/o/alpha/recognition/campaigns/{campaign.pk}/"
    assert lead.post(base + "fix-entrants/").status_code == 302
    challenge.refresh_from_db()
    fixed = AuditEvent.objects.get(action="campaign_challenge.entrants_fixed")
    assert fixed.detail["seed_commitment"] == challenge.seed_commitment == draws.commitment(challenge.seed)
    assert fixed.detail["entrants"] == sorted([colleague.user.pk, personas.member.user.pk])
    assert fixed.detail["entrants_digest"] == draws.entrants_digest(challenge.entrant_ids)
    assert "seed" not in fixed.detail
    # the seed is not shown before the draw
    assert challenge.seed not in lead.get(base + "verify/").content.decode()

    assert lead.post(base + "draw/").status_code == 302
    challenge.refresh_from_db()
    drawn = AuditEvent.objects.get(action="campaign_challenge.draw")
    assert drawn.created_at >= fixed.created_at
    assert drawn.detail["seed"] == challenge.seed and drawn.detail["verified"] is True
    assert (
        drawn.detail["winners"] == challenge.winner_ids == draws.draw_winners(challenge.seed, challenge.entrant_ids, 1)
    )
    winner_id = challenge.winner_ids[0]
    assert Notification.objects.filter(user_id=winner_id, title__contains="You won the prize draw").exists()
    with pytest.raises(ValidationError):
        services.challenge_draw(actor=personas.lead.user, challenge=challenge)

    # any panel member verifies it afterwards, and the check is audited
    admin = client_for(personas.admin.user)
    page = admin.post(base + "verify/").content.decode()
    assert "The draw is verified" in page and challenge.seed in page
    assert AuditEvent.objects.get(action="campaign_challenge.verify").detail["verified"] is True


def test_a_tampered_draw_does_not_verify(
    personas: Any, campaign: Campaign, challenge: CampaignChallenge, colleague: Any
) -> None:
    _ideas(colleague, campaign, 2)
    _ideas(personas.member, campaign, 2)
    _close(personas, campaign)
    services.challenge_fix_entrants(actor=personas.lead.user, challenge=challenge)
    services.challenge_draw(actor=personas.lead.user, challenge=challenge)
    challenge.refresh_from_db()
    loser = next(i for i in challenge.entrant_ids if i not in challenge.winner_ids)
    CampaignChallenge.objects.filter(pk=challenge.pk).update(winner_ids=[loser])
    challenge.refresh_from_db()
    result = services.challenge_verify(actor=personas.lead.user, challenge=challenge)
    assert not result.verified and result.commitment_matches
    page = client_for(personas.lead.user).post(f"/o/alpha/recognition/campaigns/{campaign.pk}/verify/").content.decode()
    assert "The draw does not verify" in page
    assert AuditEvent.objects.filter(action="campaign_challenge.verify", detail__verified=False).count() == 2


def test_a_draw_with_nobody_on_target_is_refused(
    personas: Any, campaign: Campaign, challenge: CampaignChallenge
) -> None:
    _close(personas, campaign)
    services.challenge_fix_entrants(actor=personas.lead.user, challenge=challenge)
    with pytest.raises(ValidationError):
        services.challenge_draw(actor=personas.lead.user, challenge=challenge)


def test_panel_actions_are_for_leads_and_pages_for_members(
    personas: Any, campaign: Campaign, challenge: CampaignChallenge, member_client: Client, outsider_client: Client
) -> None:
    base = f"/o/alpha/recognition/campaigns/{campaign.pk}/"
    for path in ("fix-entrants/", "draw/", "verify/"):
        assert member_client.post(base + path).status_code == 403
        assert outsider_client.post(base + path).status_code == 404
    assert member_client.get(base).status_code == 200
    assert outsider_client.get(base).status_code == 404


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils comes from scripts/ensure-weasyprint.sh")
def test_the_closing_report_pdf_has_participation_stages_and_winners_and_names_no_anonymous_author(
    personas: Any,
    campaign: Campaign,
    challenge: CampaignChallenge,
    colleague: Any,
    tmp_path: Any,
    outsider_client: Client,
) -> None:
    url = f"/o/alpha/recognition/campaigns/{campaign.pk}/report/"
    member = client_for(personas.member.user)
    assert member.get(url).status_code == 404  # not closed yet
    for i in range(2):
        share(colleague, title=f"Named {i}", campaign=campaign, team=colleague.team)
    _ideas(personas.member, campaign, 3, identity="anonymous")
    _close(personas, campaign)
    services.challenge_fix_entrants(actor=personas.lead.user, challenge=challenge)
    services.challenge_draw(actor=personas.lead.user, challenge=challenge)
    response = member.get(url)
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    path = tmp_path / "report.pdf"
    path.write_bytes(response.content)
    raw = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True).stdout  # noqa: S603, S607
    text = " ".join(raw.split())
    assert "Campaign closing report: 5 ideas in 2 weeks" in text and "Alpha Hospitals NHS Trust" in text
    assert "5 of 20 ideas" in text
    assert "Ward 1" in text and "No team given" in text
    assert "Chris Colleague" in text  # the winner
    assert personas.member.user.display_name not in text  # shared only anonymously
    assert "not shown (fewer than" in text  # three anonymous ideas are below k
    assert outsider_client.get(url).status_code == 404


def test_the_campaign_page_shows_the_individual_target_and_only_the_readers_own_progress(
    personas: Any, campaign: Campaign, challenge: CampaignChallenge, colleague: Any, member_client: Client
) -> None:
    url = f"/o/alpha/ideas/campaigns/{campaign.pk}/"
    _ideas(colleague, campaign, 2)
    _ideas(personas.member, campaign, 1)
    _ideas(personas.member, campaign, 3, identity="anonymous")
    page = member_client.get(url).content.decode()
    assert "Individual target and prize draw" in page and "Afternoon tea" in page
    assert "You have shared 1 of 2 ideas under your own name." in page  # anonymous ideas do not count
    assert f'href="/o/alpha/recognition/campaigns/{campaign.pk}/"' in page
    assert "closing report" not in page  # not closed yet
    colleague_page = client_for(colleague.user).get(url).content.decode()
    assert "You have shared 2 of 2 ideas under your own name: you are in the draw." in colleague_page
    _close(personas, campaign)
    page = member_client.get(url).content.decode()
    assert f'href="/o/alpha/recognition/campaigns/{campaign.pk}/report/"' in page


def test_without_a_target_a_lead_is_offered_one_and_staff_see_nothing_until_the_close(
    personas: Any, campaign: Campaign, member_client: Client
) -> None:
    url = f"/o/alpha/ideas/campaigns/{campaign.pk}/"
    lead_page = client_for(personas.lead.user).get(url).content.decode()
    assert f'href="/o/alpha/recognition/campaigns/{campaign.pk}/target/"' in lead_page
    member_page = member_client.get(url).content.decode()
    assert "recognition/campaigns/" not in member_page and "prize draw" not in member_page.lower()
    _close(personas, campaign)
    member_page = member_client.get(url).content.decode()
    assert f'href="/o/alpha/recognition/campaigns/{campaign.pk}/report/"' in member_page
    assert "/target/" not in client_for(personas.lead.user).get(url).content.decode()
