"""Issue 17's journey in a browser: a member of the public volunteers and confirms their email;
the involvement lead onboards them; a project asks for involvement; the lead invites them from
the shortlist; they accept in their own words, choose a password from the emailed link, see the
project in the partner's plain-language view, and see a logged session in their history.
axe (WCAG 2.2 AA) on every page visited, error states included."""

import datetime
import re
from decimal import Decimal
from typing import Any

import pytest
from django.core import mail
from playwright.sync_api import expect

from openqi.core.tests.browser import check_accessibility
from openqi.core.tests.test_browser_journeys import sign_in
from openqi.factories import PASSWORD
from openqi.projects import services as project_services
from openqi.projects.models import ProjectMember
from openqi.projects.services.involvement import involvement_add

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _emailed_path(pattern: str) -> str:
    found = re.findall(r"https?://[^\s]+" + pattern + r"[^\s]*", mail.outbox[-1].body)
    assert found, mail.outbox[-1].body
    return re.sub(r"^https?://[^/]+", "", found[-1])


def test_a_volunteer_is_onboarded_invited_accepts_and_sees_the_project_as_a_partner(
    live_server: Any, page: Any, browser: Any, personas: Any
) -> None:
    project = project_services.project_create(
        actor=personas.lead.user,
        organisation=personas.org_a,
        title="Home safely after discharge",
        problem="People go home without the help they need.",
        domains=["safe"],
    )
    slug = personas.org_a.system.slug

    # the public volunteer, with no account
    page.goto(f"{live_server.url}/involve/{slug}/")
    check_accessibility(page, "involve-home")
    page.get_by_role("button", name="Volunteer").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Volunteer to help improve services")
    check_accessibility(page, "involve-volunteer")
    page.get_by_role("button", name="Volunteer").click()
    expect(page.locator(".nhsuk-error-summary")).to_be_visible()
    assert page.title().startswith("Error: ")
    check_accessibility(page, "involve-volunteer-errors")
    page.get_by_label("Your name").fill("Pat Public")
    page.get_by_label("Email address").fill("pat@example.org")
    page.get_by_label(personas.org_a.name).check()
    page.get_by_label("Older people and frailty").check()
    page.get_by_label("Caring for someone").check()
    page.get_by_label("Reading and improving leaflets or letters").check()
    page.get_by_label("Online meetings").check()
    page.get_by_label("Email", exact=True).check()
    page.get_by_label("Accessibility needs or adjustments").fill("Large print, please")
    page.get_by_label("Vouchers").check()
    page.get_by_label("I agree").check()
    page.get_by_role("button", name="Volunteer").click()
    expect(page.get_by_role("heading", name="Check your email")).to_be_visible()
    check_accessibility(page, "involve-check-email")
    page.goto(live_server.url + _emailed_path("/confirm/"))
    check_accessibility(page, "involve-confirm")
    page.get_by_role("button", name="Confirm and continue").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Pat Public")
    check_accessibility(page, "involve-me")

    # the involvement lead welcomes and onboards them
    lead_context = browser.new_context()
    lead = lead_context.new_page()
    sign_in(lead, live_server, personas.lead.user.email)
    lead.goto(f"{live_server.url}/o/{personas.org_a.slug}/involvement/")
    check_accessibility(lead, "involvement-register")
    lead.get_by_role("link", name="Pat Public").click()
    expect(lead.get_by_role("heading", level=1)).to_have_text("Pat Public")
    check_accessibility(lead, "involvement-registration")
    lead.get_by_label("Active: can be matched").check()
    lead.get_by_role("button", name="Save").click()
    expect(lead.locator(".nhsuk-error-summary")).to_be_visible()
    check_accessibility(lead, "involvement-registration-errors")
    lead.get_by_label("Welcome conversation held").check()
    lead.get_by_label("Induction done").check()
    lead.get_by_label("Active: can be matched").check()
    lead.get_by_role("button", name="Save").click()
    expect(lead.get_by_text("Pat Public's registration is saved.")).to_be_visible()

    # the project asks for involvement and the lead invites from the shortlist
    lead.get_by_role("link", name="Requests from projects").click()
    expect(lead.get_by_role("heading", level=1)).to_have_text("Requests for involvement")
    check_accessibility(lead, "involvement-requests")
    lead.get_by_role("button", name="Ask for involvement in a project").click()
    expect(lead.get_by_role("heading", level=1)).to_have_text("Ask for involvement in a project")
    check_accessibility(lead, "involvement-request-form")
    lead.get_by_label("Project", exact=True).select_option(label=project.title)
    lead.get_by_label("Co-design something (for example a leaflet)").check()
    lead.get_by_label("What the person would do").fill("Help us rewrite the discharge leaflet.")
    lead.get_by_label("Caring for someone").check()
    lead.get_by_label("Reading and improving leaflets or letters").check()
    lead.get_by_label("When", exact=True).fill("Two Tuesday afternoons in March")
    lead.get_by_label("Where", exact=True).fill("Online")
    lead.get_by_label("How long", exact=True).fill("2 hours each time")
    lead.get_by_label("Vouchers").check()
    lead.get_by_role("button", name="Save the request").click()
    expect(lead.get_by_role("heading", name="Shortlist")).to_be_visible()
    expect(lead.get_by_text("Experience of: caring for someone (+3)")).to_be_visible()
    check_accessibility(lead, "involvement-request-shortlist")
    lead.get_by_role("button", name="Invite Pat Public").click()
    expect(lead.get_by_text("Pat Public is invited by email.")).to_be_visible()
    check_accessibility(lead, "involvement-request-invited")
    lead.goto(f"{live_server.url}/o/{personas.org_a.slug}/involvement/report/")
    check_accessibility(lead, "involvement-report")

    # the person accepts in their own words and becomes a partner on the project
    page.goto(f"{live_server.url}/involve/{slug}/me/")
    page.get_by_role("link", name=re.compile("Home safely after discharge")).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("invites you to help")
    check_accessibility(page, "involve-invitation")
    page.get_by_role("button", name="Send my answer").click()
    expect(page.locator(".nhsuk-error-summary")).to_be_visible()
    check_accessibility(page, "involve-invitation-errors")
    page.get_by_label("Yes, I would like to take part").check()
    page.get_by_label("Anything you would like to say").fill("Happy to help; my mum was on Ward 9 last year.")
    page.get_by_role("button", name="Send my answer").click()
    expect(page.get_by_text("You have joined Home safely after discharge as a partner")).to_be_visible()
    check_accessibility(page, "involve-me-joined")
    lead.go_back()
    lead.reload()
    expect(lead.get_by_text("my mum was on Ward 9")).to_be_visible()

    # a session is logged on the project, and shows in their history
    member = ProjectMember.objects.get(project=project, user__email="pat@example.org")
    involvement_add(
        actor=personas.lead.user,
        project=project,
        member=member,
        date=datetime.date.today(),
        activity="Leaflet workshop",
        hours=Decimal(2),
    )
    page.reload()
    expect(page.get_by_role("cell", name="Leaflet workshop")).to_be_visible()

    # they choose a password from the welcome email, sign in and see the plain-language view
    welcome = next(m for m in reversed(mail.outbox) if "welcome" in m.subject.lower())
    path = re.sub(r"^https?://[^/]+", "", re.findall(r"https?://\S+/password/reset/key/\S+", welcome.body)[0])
    partner_context = browser.new_context()
    partner = partner_context.new_page()
    partner.goto(live_server.url + path)
    expect(partner.get_by_role("heading", level=1)).to_be_visible()
    check_accessibility(partner, "partner-choose-password")
    partner.get_by_label("New password", exact=True).fill(PASSWORD)
    partner.get_by_label("Confirm your new password").fill(PASSWORD)
    partner.get_by_role("button", name="Change password").click()
    sign_in(partner, live_server, "pat@example.org")
    partner.goto(f"{live_server.url}/o/{personas.org_a.slug}/projects/{project.pk}/")
    expect(partner.get_by_role("heading", level=1)).to_have_text("Home safely after discharge")
    expect(partner.get_by_role("heading", name="What we are trying to improve")).to_be_visible()
    check_accessibility(partner, "partner-project-view")
    lead_context.close()
    partner_context.close()
