"""Champions: volunteering, a lead's approval, the directories, the toolkit."""

import shutil
import subprocess  # nosec B404  (pdftotext and pdfinfo, fixed arguments)
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client

from openqi.audit.models import AuditEvent
from openqi.conftest import client_for
from openqi.core.qr import qr_svg
from openqi.factories import MembershipFactory, OrganisationFactory
from openqi.notifications.models import Notification
from openqi.organisations.models import Role
from openqi.recognition import services
from openqi.recognition.models import Champion, ChampionStatus
from openqi.recognition.posters import POSTER_QR_BOX, POSTERS, poster_pdf

pytestmark = pytest.mark.django_db


def test_a_member_volunteers_a_lead_approves_and_they_appear_in_the_directory(
    personas: Any, member_client: Client, lead_client: Client
) -> None:
    assert member_client.get("/o/alpha/recognition/champions/volunteer/").status_code == 200
    assert (
        member_client.post("/o/alpha/recognition/champions/volunteer/", {"focus": "ideas", "contact": ""}).status_code
        == 200
    )
    assert not Champion.objects.exists()
    response = member_client.post(
        "/o/alpha/recognition/champions/volunteer/",
        {"focus": "ideas", "focus_detail": "Safer discharge campaign", "team": "", "contact": "Ext 4321"},
    )
    assert response.status_code == 302
    champion = Champion.objects.get()
    assert champion.status == ChampionStatus.PENDING and champion.team == personas.member.team
    # not listed until approved; the lead sees the offer
    assert "Ext 4321" not in member_client.get("/o/alpha/recognition/champions/").content.decode()
    assert "Safer discharge campaign" in lead_client.get("/o/alpha/recognition/champions/").content.decode()
    assert (
        member_client.post(f"/o/alpha/recognition/champions/{champion.pk}/decide/", {"decision": "approve"}).status_code
        == 403
    )
    assert (
        lead_client.post(f"/o/alpha/recognition/champions/{champion.pk}/decide/", {"decision": "approve"}).status_code
        == 302
    )
    champion.refresh_from_db()
    assert champion.status == ChampionStatus.APPROVED and champion.decided_by == personas.lead.user
    assert Notification.objects.filter(
        user=personas.member.user, title__contains="now an improvement champion"
    ).exists()
    assert AuditEvent.objects.filter(action="champion.approve").exists()
    directory = client_for(personas.admin.user).get("/o/alpha/recognition/champions/").content.decode()
    assert "Ext 4321" in directory and "Ward 1" in directory
    assert member_client.get("/o/alpha/recognition/champions/toolkit/").status_code == 200


def test_the_ics_directory_lists_approved_champions_of_the_system_only(personas: Any) -> None:
    champion = services.champion_volunteer(
        actor=personas.member.user, organisation=personas.org_a, focus="checkins", contact="Bleep 55"
    )
    beta = MembershipFactory(organisation=personas.org_b, role=Role.STAFF)
    assert "Bleep 55" not in client_for(beta.user).get("/o/beta/recognition/champions/ics/").content.decode()
    services.champion_decide(actor=personas.lead.user, champion=champion, approve=True)
    assert "Bleep 55" in client_for(beta.user).get("/o/beta/recognition/champions/ics/").content.decode()
    elsewhere = MembershipFactory(organisation=OrganisationFactory(slug="gamma"), role=Role.STAFF)
    assert "Bleep 55" not in client_for(elsewhere.user).get("/o/gamma/recognition/champions/ics/").content.decode()


def test_volunteering_twice_or_deciding_twice_is_refused(personas: Any) -> None:
    champion = services.champion_volunteer(
        actor=personas.member.user, organisation=personas.org_a, focus="qi_method", contact="x"
    )
    with pytest.raises(ValidationError):
        services.champion_volunteer(
            actor=personas.member.user, organisation=personas.org_a, focus="qi_method", contact="x"
        )
    with pytest.raises(PermissionDenied):
        services.champion_decide(actor=personas.member.user, champion=champion, approve=True)
    services.champion_decide(actor=personas.lead.user, champion=champion, approve=False)
    with pytest.raises(ValidationError):
        services.champion_decide(actor=personas.lead.user, champion=champion, approve=True)
    # a declined volunteer may offer again
    again = services.champion_volunteer(
        actor=personas.member.user, organisation=personas.org_a, focus="ideas", contact="y"
    )
    assert again.pk == champion.pk and again.status == ChampionStatus.PENDING
    with pytest.raises(ValidationError):
        services.champion_volunteer(
            actor=personas.member.user, organisation=personas.org_a, focus="nonsense", contact="y"
        )
    with pytest.raises(ValidationError):
        services.champion_volunteer(
            actor=personas.outsider.user, organisation=personas.org_a, focus="ideas", contact="y"
        )


def test_outsiders_cannot_see_or_decide(personas: Any, outsider_client: Client) -> None:
    champion = services.champion_volunteer(
        actor=personas.member.user, organisation=personas.org_a, focus="ideas", contact="x"
    )
    for url in ("/o/alpha/recognition/champions/", "/o/alpha/recognition/champions/toolkit/"):
        assert outsider_client.get(url).status_code == 404
    assert (
        outsider_client.post(
            f"/o/alpha/recognition/champions/{champion.pk}/decide/", {"decision": "approve"}
        ).status_code
        == 404
    )
    assert (
        outsider_client.post(
            f"/o/beta/recognition/champions/{champion.pk}/decide/", {"decision": "approve"}
        ).status_code
        == 404
    )
    champion.refresh_from_db()
    assert champion.status == ChampionStatus.PENDING


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils comes from scripts/ensure-weasyprint.sh")
@pytest.mark.parametrize(
    ("kind", "heading", "path"),
    [
        ("idea", "Got an idea to make things better here?", "/o/alpha/ideas/new/"),
        ("checkin", "How was your day?", "/o/alpha/check-in/"),
        ("thanks", "Someone made your day easier?", "/o/alpha/recognition/thanks/new/"),
        ("portal", "Help us improve your care", "/p/alpha/"),
    ],
)
def test_the_toolkit_offers_each_poster_as_one_tagged_page_with_a_qr_code_to_its_address(
    personas: Any, member_client: Client, tmp_path: Any, kind: str, heading: str, path: str
) -> None:
    toolkit = member_client.get("/o/alpha/recognition/champions/toolkit/").content.decode()
    assert f'href="/o/alpha/recognition/champions/toolkit/posters/{kind}.pdf"' in toolkit
    response = member_client.get(f"/o/alpha/recognition/champions/toolkit/posters/{kind}.pdf")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment;")
    pdf = tmp_path / "poster.pdf"
    pdf.write_bytes(response.content)
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout  # noqa: S603, S607
    address = f"http://testserver{path}"
    flat = " ".join(text.split())  # the big heading wraps across lines
    assert heading in flat and "Alpha Hospitals NHS Trust" in flat and address in flat
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout  # noqa: S603, S607
    assert "Pages:           1" in info and "Tagged:          yes" in info
    # The code on the page encodes exactly the address written under it.
    document = poster_pdf(organisation_name="Alpha Hospitals NHS Trust", poster=POSTERS[kind], address=address)
    assert str(qr_svg(address, box_size=POSTER_QR_BOX)) in document.html


def test_posters_are_for_members_of_the_organisation_only(
    personas: Any, member_client: Client, outsider_client: Client
) -> None:
    assert member_client.get("/o/alpha/recognition/champions/toolkit/posters/lottery.pdf").status_code == 404
    assert outsider_client.get("/o/alpha/recognition/champions/toolkit/posters/idea.pdf").status_code == 404
    partner = MembershipFactory(organisation=personas.org_a, role=Role.PARTNER).user
    assert client_for(partner).get("/o/alpha/recognition/champions/toolkit/posters/idea.pdf").status_code == 403


def test_the_toolkit_points_to_the_networks_resources_library(personas: Any, member_client: Client) -> None:
    page = member_client.get("/o/alpha/recognition/champions/toolkit/").content.decode()
    library = f"/network/{personas.org_a.system.slug}/resources/"
    assert f'href="{library}?audience=frontline&amp;level=introductory"' in page
    assert f'href="{library}?method=mfi"' in page
