"""Nominations: configurable awards, the panel's shortlist and decision, the announcement, certificates."""

import datetime
import shutil
import subprocess
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError
from django.test import Client
from django.utils import timezone

from openqi.audit.models import AuditEvent
from openqi.conftest import client_for
from openqi.factories import MembershipFactory, TeamFactory
from openqi.notifications.models import Notification
from openqi.organisations.models import Role
from openqi.recognition import services
from openqi.recognition.models import Nomination, NominationCategory, NominationStatus

pytestmark = pytest.mark.django_db


def _category(organisation: Any, name: str = "Star of the month") -> NominationCategory:
    services.nomination_categories_ensure(organisation=organisation)
    return NominationCategory.objects.get(organisation=organisation, name=name)


def _nominate(personas: Any, colleague: Any, **kwargs: Any) -> Nomination:
    return services.nomination_submit(
        actor=personas.member.user,
        organisation=personas.org_a,
        category=kwargs.pop("category", None) or _category(personas.org_a),
        nominee=kwargs.pop("nominee", colleague.user),
        reason=kwargs.pop("reason", "Stayed late to teach the new starters the huddle board."),
        **kwargs,
    )


def test_an_organisation_starts_with_the_three_awards_and_the_panel_adds_and_retires_them(
    personas: Any, lead_client: Client, member_client: Client
) -> None:
    assert lead_client.get("/o/alpha/recognition/awards/").status_code == 200
    names = set(NominationCategory.objects.filter(organisation=personas.org_a).values_list("name", flat=True))
    assert names == {"Improvement of the month", "Improver of the month", "Star of the month"}
    response = lead_client.post("/o/alpha/recognition/awards/", {"name": "Patient experience award", "description": ""})
    assert response.status_code == 302
    assert lead_client.post("/o/alpha/recognition/awards/", {"name": "patient experience AWARD"}).status_code == 200
    assert NominationCategory.objects.filter(organisation=personas.org_a).count() == 4
    category = NominationCategory.objects.get(name="Patient experience award")
    assert member_client.post(f"/o/alpha/recognition/awards/{category.pk}/toggle/").status_code == 403
    assert member_client.get("/o/alpha/recognition/awards/").status_code == 403
    lead_client.post(f"/o/alpha/recognition/awards/{category.pk}/toggle/")
    category.refresh_from_db()
    assert not category.active
    # another organisation's awards are its own
    assert not NominationCategory.objects.filter(organisation=personas.org_b).exists()


def test_a_member_nominates_a_colleague_through_the_form(personas: Any, colleague: Any, member_client: Client) -> None:
    member_client.get("/o/alpha/recognition/nominations/new/")
    category = _category(personas.org_a)
    response = member_client.post(
        "/o/alpha/recognition/nominations/new/",
        {"category": str(category.pk), "nominee": str(colleague.user.pk), "team": "", "title": "", "reason": "Kind."},
    )
    assert response.status_code == 302
    nomination = Nomination.objects.get()
    assert nomination.month == timezone.localdate().replace(day=1)
    assert nomination.status == NominationStatus.SUBMITTED and nomination.nominated_by == personas.member.user


def test_bad_nominations_are_refused(personas: Any, colleague: Any) -> None:
    retired = _category(personas.org_a, "Improver of the month")
    retired.active = False
    retired.save()
    foreign = _category(personas.org_b)
    other_team = TeamFactory(organisation=personas.org_b)
    for kwargs in (
        {"nominee": personas.member.user},  # yourself
        {"nominee": personas.outsider.user},
        {"nominee": None},  # nobody, no team, no title
        {"category": retired},
        {"category": foreign},
        {"nominee": None, "team": other_team},
        {"reason": "  "},
    ):
        with pytest.raises(ValidationError):
            _nominate(personas, colleague, **kwargs)
    assert not Nomination.objects.exists()


def test_the_panel_shortlists_and_chooses_one_winner_who_is_announced(personas: Any, colleague: Any) -> None:
    winner = _nominate(personas, colleague)
    rival = _nominate(personas, colleague, nominee=None, team=personas.member.team, reason="The whole ward.")
    with pytest.raises(PermissionDenied):
        services.nomination_shortlist(actor=personas.member.user, nomination=winner)
    with pytest.raises(ValidationError):  # not shortlisted yet
        services.nomination_decide(actor=personas.lead.user, nomination=winner, citation="For kindness")
    lead = client_for(personas.lead.user)
    assert lead.post(f"/o/alpha/recognition/nominations/{winner.pk}/shortlist/").status_code == 302
    panel = lead.get("/o/alpha/recognition/nominations/panel/").content.decode()
    assert "Chris Colleague" in panel and "Ward 1" in panel
    response = lead.post(
        f"/o/alpha/recognition/nominations/{winner.pk}/decide/", {"citation": "For teaching new starters."}
    )
    assert response.status_code == 302
    winner.refresh_from_db()
    rival.refresh_from_db()
    assert winner.status == NominationStatus.WON and winner.citation == "For teaching new starters."
    assert rival.status == NominationStatus.NOT_SELECTED
    assert Notification.objects.filter(user=colleague.user, title__contains="won Star of the month").exists()
    assert AuditEvent.objects.filter(action="nomination.win").count() == 1
    # announced on the home page of everyone in the organisation, and on the wall of fame
    home = client_for(personas.admin.user).get("/").content.decode()
    assert "Recognised this month" in home and "Chris Colleague" in home
    assert (
        "For teaching new starters."
        in client_for(personas.member.user).get("/o/alpha/recognition/wall-of-fame/").content.decode()
    )
    # not on the home page of another organisation's members
    assert "Chris Colleague" not in client_for(personas.outsider.user).get("/").content.decode()


def test_a_second_winner_for_the_same_award_and_month_is_refused(personas: Any, colleague: Any) -> None:
    first = _nominate(personas, colleague)
    second = _nominate(personas, colleague, nominee=personas.lead.user)
    for nomination in (first, second):
        services.nomination_shortlist(actor=personas.lead.user, nomination=nomination)
    services.nomination_decide(actor=personas.lead.user, nomination=first, citation="First")
    with pytest.raises(ValidationError):
        services.nomination_decide(actor=personas.lead.user, nomination=second, citation="Second")
    # and the database refuses it too
    second.refresh_from_db()
    second.status = NominationStatus.WON
    with pytest.raises(IntegrityError):
        second.save()


def test_the_panel_pages_are_for_leads(personas: Any, colleague: Any, member_client: Client) -> None:
    nomination = _nominate(personas, colleague)
    assert member_client.get("/o/alpha/recognition/nominations/panel/").status_code == 403
    assert member_client.post(f"/o/alpha/recognition/nominations/{nomination.pk}/shortlist/").status_code == 403
    assert member_client.get(f"/o/alpha/recognition/nominations/{nomination.pk}/decide/").status_code == 403
    # the panel page for another month, and a month that makes no sense, still answer
    lead = client_for(personas.lead.user)
    assert lead.get("/o/alpha/recognition/nominations/panel/?month=2020-02").status_code == 200
    assert lead.get("/o/alpha/recognition/nominations/panel/?month=nonsense").status_code == 200


def _won(personas: Any, colleague: Any) -> Nomination:
    nomination = _nominate(personas, colleague)
    services.nomination_shortlist(actor=personas.lead.user, nomination=nomination)
    return services.nomination_decide(
        actor=personas.lead.user, nomination=nomination, citation="For teaching new starters."
    )


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils comes from scripts/ensure-weasyprint.sh")
def test_the_certificate_is_a_pdf_with_the_organisation_the_award_and_the_winner(
    personas: Any, colleague: Any, member_client: Client, tmp_path: Any
) -> None:
    nomination = _won(personas, colleague)
    response = member_client.get(f"/o/alpha/recognition/nominations/{nomination.pk}/certificate/")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment;")
    path = tmp_path / "certificate.pdf"
    path.write_bytes(response.content)
    text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout  # noqa: S603, S607
    for words in (
        "Alpha Hospitals NHS Trust",
        "Certificate of recognition",
        "Star of the month",
        "Chris Colleague",
        "For teaching new starters.",
    ):
        assert words in text
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True).stdout  # noqa: S603, S607
    assert "Pages:           1" in info and "Tagged:          yes" in info


def test_no_certificate_for_a_nomination_that_did_not_win_or_for_outsiders(
    personas: Any, colleague: Any, outsider_client: Client, member_client: Client
) -> None:
    nomination = _nominate(personas, colleague)
    assert member_client.get(f"/o/alpha/recognition/nominations/{nomination.pk}/certificate/").status_code == 404
    _won(personas, colleague)
    nomination = Nomination.objects.get(status=NominationStatus.WON)
    assert outsider_client.get(f"/o/alpha/recognition/nominations/{nomination.pk}/certificate/").status_code == 404
    assert outsider_client.get(f"/o/beta/recognition/nominations/{nomination.pk}/certificate/").status_code == 404


def test_the_ics_wall_of_fame_shows_every_organisation_in_the_system_only(personas: Any, colleague: Any) -> None:
    _won(personas, colleague)
    beta_member = MembershipFactory(organisation=personas.org_b, role=Role.STAFF)
    ics = client_for(beta_member.user).get("/o/beta/recognition/wall-of-fame/ics/").content.decode()
    assert "Chris Colleague" in ics and "Alpha Hospitals NHS Trust" in ics
    own = client_for(beta_member.user).get("/o/beta/recognition/wall-of-fame/").content.decode()
    assert "Chris Colleague" not in own
    # a system the organisation is not in sees nothing of it
    from openqi.factories import OrganisationFactory

    elsewhere = OrganisationFactory(slug="gamma")
    gamma_member = MembershipFactory(organisation=elsewhere, role=Role.STAFF)
    assert (
        "Chris Colleague"
        not in client_for(gamma_member.user).get("/o/gamma/recognition/wall-of-fame/ics/").content.decode()
    )


def test_the_wall_keeps_a_year(personas: Any, colleague: Any) -> None:
    old = _won(personas, colleague)
    Nomination.objects.filter(pk=old.pk).update(
        month=timezone.localdate().replace(day=1) - datetime.timedelta(days=800)
    )
    page = client_for(personas.member.user).get("/o/alpha/recognition/wall-of-fame/").content.decode()
    assert "For teaching new starters." not in page


def test_the_panel_buttons_name_who_they_act_on_for_screen_readers(personas: Any, colleague: Any) -> None:
    _nominate(personas, colleague)
    page = client_for(personas.lead.user).get("/o/alpha/recognition/nominations/panel/").content.decode()
    assert 'Shortlist<span class="nhsuk-u-visually-hidden"> Chris Colleague</span>' in page
    awards = client_for(personas.lead.user).get("/o/alpha/recognition/awards/").content.decode()
    assert 'Retire<span class="nhsuk-u-visually-hidden"> Star of the month</span>' in awards
