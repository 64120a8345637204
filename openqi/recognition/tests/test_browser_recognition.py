"""Recognition journeys in headless Chromium, with axe on every page visited."""

import datetime
from typing import Any

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from openqi.core.tests.browser import check_accessibility
from openqi.core.tests.test_browser_journeys import sign_in
from openqi.factories import MembershipFactory, UserFactory
from openqi.ideas import services as idea_services
from openqi.ideas.tests.helpers import share
from openqi.organisations.models import Role
from openqi.recognition import services
from openqi.recognition.models import CampaignChallenge, Nomination, NominationCategory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _colleague(personas: Any) -> Any:
    return MembershipFactory(
        organisation=personas.org_a,
        role=Role.STAFF,
        team=personas.member.team,
        user=UserFactory(email="colleague@alpha.nhs.uk", full_name="Chris Colleague"),
    )


def test_a_colleague_thanks_another_who_sees_it_and_shares_it(live_server: Any, page: Any, personas: Any) -> None:
    colleague = _colleague(personas)
    sign_in(page, live_server, personas.member.user.email)
    page.get_by_role("link", name="see thank-yous and awards").first.click()  # from the home page's quick actions
    check_accessibility(page, "recognition-home")
    page.get_by_role("button", name="Thank a colleague").click()
    page.get_by_role("button", name="Send thank-you").click()
    expect(page.get_by_text("Say what you are thanking them for").first).to_be_visible()
    check_accessibility(page, "thank-you-errors")
    page.get_by_label("Colleague").select_option(label="Chris Colleague (Ward 1)")
    page.get_by_label("What are you thanking them for?").fill("Thank you for covering my patients at lunch.")
    page.get_by_role("button", name="Send thank-you").click()
    expect(page.get_by_text("Thank you sent")).to_be_visible()
    check_accessibility(page, "thank-you-detail")

    page.context.clear_cookies()
    sign_in(page, live_server, colleague.user.email)
    page.goto(f"{live_server.url}/o/alpha/recognition/")
    expect(page.get_by_text("Thank you for covering my patients at lunch.")).to_be_visible()
    page.get_by_role("link", name="Open the thank-you from").first.click()
    page.get_by_label("Your manager").select_option(label=personas.lead.user.display_name)
    page.get_by_role("button", name="Share with manager").click()
    expect(page.get_by_text(f"Shared with {personas.lead.user.display_name}").first).to_be_visible()
    check_accessibility(page, "thank-you-shared")
    # the collection they keep
    page.goto(f"{live_server.url}/o/alpha/recognition/")
    page.get_by_role("link", name="All thank-yous you received").click()
    expect(page.get_by_text("Thank you for covering my patients at lunch.")).to_be_visible()
    check_accessibility(page, "thank-you-collection")


def test_a_nomination_is_shortlisted_wins_and_appears_on_the_home_page(
    live_server: Any, page: Any, personas: Any
) -> None:
    colleague = _colleague(personas)
    sign_in(page, live_server, personas.member.user.email)
    page.goto(f"{live_server.url}/o/alpha/recognition/nominations/new/")
    check_accessibility(page, "nominate")
    page.get_by_label("Star of the month").check()
    page.get_by_label("Colleague", exact=True).select_option(label="Chris Colleague (Ward 1)")
    page.get_by_label("Why are you nominating them?").fill("Taught every new starter the huddle board.")
    page.get_by_role("button", name="Send nomination").click()
    expect(page.get_by_text("Nomination sent to the recognition panel")).to_be_visible()

    page.context.clear_cookies()
    sign_in(page, live_server, personas.lead.user.email)
    page.goto(f"{live_server.url}/o/alpha/recognition/nominations/panel/")
    check_accessibility(page, "nomination-panel")
    page.get_by_role("button", name="Shortlist Chris Colleague").click()
    expect(page.get_by_text("Chris Colleague shortlisted for Star of the month")).to_be_visible()
    page.get_by_role("link", name="Choose as winner").click()
    check_accessibility(page, "nomination-decide")
    page.get_by_label("Words for the certificate").fill("For teaching every new starter the huddle board.")
    page.get_by_role("button", name="Choose as winner").click()
    expect(page.get_by_role("heading", name="Wall of fame")).to_be_visible()
    check_accessibility(page, "wall-of-fame")
    page.goto(f"{live_server.url}/o/alpha/recognition/wall-of-fame/ics/")
    check_accessibility(page, "wall-of-fame-ics")
    page.goto(f"{live_server.url}/o/alpha/recognition/awards/")
    check_accessibility(page, "awards")

    page.context.clear_cookies()
    sign_in(page, live_server, colleague.user.email)
    expect(page.get_by_role("heading", name="Recognised this month")).to_be_visible()
    expect(page.get_by_text("Star of the month", exact=False).first).to_be_visible()
    check_accessibility(page, "home-with-winners")
    assert Nomination.objects.get().status == "won"
    assert NominationCategory.objects.filter(organisation=personas.org_a).count() == 3


def test_a_campaign_with_an_individual_target_closes_and_the_draw_is_run_and_verified(
    live_server: Any, page: Any, personas: Any
) -> None:
    colleague = _colleague(personas)
    today = timezone.localdate()
    campaign = idea_services.campaign_create(
        actor=personas.lead.user,
        organisation=personas.org_a,
        title="5 ideas in 2 weeks",
        question="What slows down discharge?",
        starts_on=today - datetime.timedelta(days=7),
        ends_on=today + datetime.timedelta(days=7),
        target=10,
    )
    sign_in(page, live_server, personas.lead.user.email)
    page.goto(f"{live_server.url}/o/alpha/recognition/")
    check_accessibility(page, "recognition-home-lead")
    page.get_by_role("link", name="set an individual target").click()
    check_accessibility(page, "challenge-create")
    page.get_by_label("Ideas each person needs to share").fill("2")
    page.get_by_label("Prize").fill("Afternoon tea for your ward")
    page.get_by_label("How many winners to draw").fill("1")
    page.get_by_role("button", name="Set target").click()
    expect(page.get_by_text("Individual target set")).to_be_visible()
    challenge = CampaignChallenge.objects.get()

    for i in range(2):
        share(colleague, title=f"Named idea {i}", campaign=campaign)
        share(personas.member, identity="anonymous", title=f"Anonymous idea {i}", campaign=campaign)
    idea_services.campaign_close(actor=personas.lead.user, campaign=campaign, report="Thank you, everyone.")

    page.reload()
    check_accessibility(page, "challenge-detail")
    page.get_by_role("button", name="Fix the entrants").click()
    expect(page.get_by_text("Entrants fixed and the seed committed")).to_be_visible()
    page.get_by_role("button", name="Make the draw").click()
    expect(page.get_by_text("The draw is made")).to_be_visible()
    expect(page.get_by_role("listitem").filter(has_text="Chris Colleague").first).to_be_visible()
    check_accessibility(page, "challenge-drawn")
    page.get_by_role("link", name="Verify the draw").click()
    page.get_by_role("button", name="Recompute and verify").click()
    expect(page.get_by_role("heading", name="The draw is verified")).to_be_visible()
    check_accessibility(page, "challenge-verified")
    challenge.refresh_from_db()
    assert challenge.entrant_ids == [colleague.user.pk] == challenge.winner_ids

    # the winner sees their own progress and the result
    page.context.clear_cookies()
    sign_in(page, live_server, colleague.user.email)
    page.goto(f"{live_server.url}/o/alpha/recognition/campaigns/{campaign.pk}/")
    expect(page.get_by_text("You have shared 2 of 2 named ideas: you are in the draw")).to_be_visible()
    check_accessibility(page, "challenge-entrant")
    # the campaign's own page tells them too, and offers the closing report
    page.goto(f"{live_server.url}/o/alpha/ideas/campaigns/{campaign.pk}/")
    expect(page.get_by_text("You have shared 2 of 2 ideas under your own name: you are in the draw.")).to_be_visible()
    expect(page.get_by_role("link", name="Download the closing report (PDF)")).to_be_visible()
    check_accessibility(page, "campaign-with-target")
    assert services.challenge_verify_result(challenge=challenge).verified


def test_a_member_volunteers_as_a_champion_and_a_lead_approves(live_server: Any, page: Any, personas: Any) -> None:
    sign_in(page, live_server, personas.member.user.email)
    page.goto(f"{live_server.url}/o/alpha/recognition/champions/")
    check_accessibility(page, "champions-empty")
    page.get_by_role("button", name="Volunteer to be a champion").click()
    page.get_by_label("Ideas and campaigns").check()
    page.get_by_label("How can colleagues reach you?").fill("Ext 4321")
    page.get_by_role("button", name="Volunteer").click()
    expect(page.get_by_text("Thank you for volunteering")).to_be_visible()
    check_accessibility(page, "champions-volunteered")

    page.context.clear_cookies()
    sign_in(page, live_server, personas.lead.user.email)
    page.goto(f"{live_server.url}/o/alpha/recognition/champions/")
    page.get_by_role("button", name="Approve").click()
    expect(page.get_by_role("cell", name="Ext 4321")).to_be_visible()
    check_accessibility(page, "champions-directory")
    page.goto(f"{live_server.url}/o/alpha/recognition/champions/ics/")
    expect(page.get_by_role("cell", name="Ext 4321")).to_be_visible()
    check_accessibility(page, "champions-ics")
    page.goto(f"{live_server.url}/o/alpha/recognition/champions/toolkit/")
    check_accessibility(page, "champions-toolkit")
