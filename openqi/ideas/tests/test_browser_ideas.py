"""Idea journeys in headless Chromium, with axe on every page visited."""

import re
from typing import Any

import pytest
from playwright.sync_api import expect

from openqi.core.tests.browser import check_accessibility
from openqi.core.tests.test_browser_journeys import sign_in
from openqi.factories import MembershipFactory
from openqi.ideas import services
from openqi.ideas.models import Idea, Status
from openqi.ideas.tests.helpers import share

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_staff_member_shares_a_named_idea_and_sees_a_similar_one_suggested(
    live_server: Any, page: Any, personas: Any
) -> None:
    existing, _ = share(personas.lead, title="Clocks for the side rooms on Ward 1")
    sign_in(page, live_server, personas.member.user.email)
    page.get_by_role("link", name="Ideas", exact=True).first.click()
    check_accessibility(page, "ideas-list")
    page.get_by_role("button", name="Share an idea").click()
    check_accessibility(page, "idea-share")

    page.get_by_label("Your idea in a few words").fill("A clock in every side room")
    page.get_by_label("What is the problem?").fill("Patients in side rooms lose track of the time of day.")
    page.get_by_label("What could we do?").fill("Put a big clock on the wall of each side room.")
    page.get_by_role("button", name="Check for similar ideas").click()
    suggestion = page.get_by_role("link", name=f"Idea {existing.pk}: {existing.title}")
    expect(suggestion).to_be_visible()
    assert page.get_by_label("Your idea in a few words").input_value() == "A clock in every side room"
    check_accessibility(page, "idea-share-similar")

    # the page on a phone
    page.set_viewport_size({"width": 390, "height": 844})
    check_accessibility(page, "idea-share-phone")
    page.set_viewport_size({"width": 1280, "height": 900})

    page.get_by_label("Safe", exact=True).check()
    page.get_by_label("Named: everyone can see my name").check()
    page.get_by_role("button", name="Share idea").click()
    expect(page.get_by_text("Thank you: your idea has been shared")).to_be_visible()
    expect(page.get_by_role("heading", name="A clock in every side room")).to_be_visible()
    expect(page.get_by_role("link", name=f"Idea {existing.pk}: {existing.title}")).to_be_visible()
    check_accessibility(page, "idea-detail")

    # back someone else's idea
    page.get_by_role("link", name=f"Idea {existing.pk}: {existing.title}").click()
    page.get_by_role("button", name="Me too: support this idea").click()
    expect(page.get_by_text("You support this idea")).to_be_visible()
    check_accessibility(page, "idea-detail-supported")


def test_a_member_shares_anonymously_and_reads_the_reply_with_the_code(
    live_server: Any, page: Any, personas: Any
) -> None:
    sign_in(page, live_server, personas.member.user.email)
    page.goto(f"{live_server.url}/o/{personas.org_a.slug}/ideas/new/")
    # a mistake first: nothing filled in
    page.get_by_role("button", name="Share idea").click()
    expect(page.locator(".nhsuk-error-summary")).to_be_visible()
    assert page.title().startswith("Error: ")
    check_accessibility(page, "idea-share-error")

    page.get_by_label("Your idea in a few words").fill("Quieter night observations")
    page.get_by_label("What is the problem?").fill("Patients are woken for every observation round.")
    page.get_by_label("What could we do?").fill("Group night observations together.")
    page.get_by_label("Anonymous: nobody can see who I am, not even the QI team").check()
    page.get_by_role("button", name="Share idea").click()
    expect(page.get_by_role("heading", name="Your idea has been shared")).to_be_visible()
    code = page.locator("#follow-up-code").inner_text()
    check_accessibility(page, "idea-anonymous-done")

    idea = Idea.objects.get(title="Quieter night observations")
    assert idea.submitted_by is None
    services.idea_change_status(
        actor=personas.lead.user, idea=idea, status=Status.NEEDS_INFO, message="Which wards do you mean?"
    )

    page.get_by_role("link", name="Follow your idea with the code").click()
    check_accessibility(page, "idea-follow-up")
    page.get_by_label("Your follow-up code").fill(code)
    page.get_by_role("button", name="Show my idea").click()
    expect(page.get_by_text("Which wards do you mean?")).to_be_visible()
    check_accessibility(page, "idea-follow-up-history")
    page.get_by_label("Reply to the QI team").fill("Wards 1 and 2")
    page.get_by_role("button", name="Send reply").click()
    expect(page.get_by_text("Your reply has been sent to the QI team")).to_be_visible()
    expect(page.get_by_text("Wards 1 and 2")).to_be_visible()
    check_accessibility(page, "idea-follow-up-replied")


def test_a_lead_triages_an_idea_and_writes_the_you_said_we_did_answer(
    live_server: Any, page: Any, personas: Any
) -> None:
    MembershipFactory(organisation=personas.org_a, role="qi_coach")
    idea, _ = share(personas.member, identity="qi_team")
    sign_in(page, live_server, personas.lead.user.email)
    page.goto(f"{live_server.url}/o/{personas.org_a.slug}/ideas/{idea.pk}/")
    expect(page.get_by_text(f"{personas.member.user.display_name} (name shared with the QI team only)")).to_be_visible()
    check_accessibility(page, "idea-detail-lead")

    page.get_by_role("link", name=re.compile("Assign owner and team")).click()
    check_accessibility(page, "idea-assign")
    page.get_by_label("Owner (optional)").select_option(label=personas.lead.user.display_name)
    page.get_by_label("Team (optional)").select_option(label="Ward 1")
    page.get_by_label("Day").fill("1")
    page.get_by_label("Month").fill("1")
    page.get_by_label("Year").fill("2099")
    page.get_by_role("button", name="Save").click()
    page.get_by_text(f"Idea {idea.pk} assigned").wait_for()
    idea.refresh_from_db()
    assert str(idea.response_due) == "2099-01-01"

    page.get_by_role("link", name=re.compile("Change status")).click()
    check_accessibility(page, "idea-status")
    page.get_by_label("Accepted").check()
    page.get_by_label("We will do it").check()
    page.get_by_label("Message to the person who shared the idea").fill("Thank you: we are ordering clocks.")
    page.get_by_role("button", name="Save status").click()
    expect(page.get_by_text(f"Idea {idea.pk} is now accepted: we will do it")).to_be_visible()

    page.get_by_role("link", name=re.compile("Change status")).click()
    page.get_by_label("Implemented").check()
    page.get_by_role("button", name="Save status").click()
    page.get_by_role("link", name="Write the ‘you said, we did’ answer").click()
    check_accessibility(page, "idea-answer")
    page.get_by_label("You said, we did").fill("Every side room on Ward 1 now has a clock.")
    page.get_by_role("button", name="Publish answer").click()
    expect(page.get_by_text("Your answer is on the ‘you said, we did’ page")).to_be_visible()
    check_accessibility(page, "idea-detail-answered")

    page.goto(f"{live_server.url}/o/{personas.org_a.slug}/ideas/you-said-we-did/")
    expect(page.get_by_text("Every side room on Ward 1 now has a clock.")).to_be_visible()
    check_accessibility(page, "you-said-we-did")
    page.goto(f"{live_server.url}/o/{personas.org_a.slug}/ideas/moderation/")
    check_accessibility(page, "idea-moderation")
    page.goto(f"{live_server.url}/o/{personas.org_a.slug}/ideas/overview/")
    expect(page.get_by_role("heading", name="Ideas overview")).to_be_visible()
    check_accessibility(page, "idea-overview")


def test_a_member_of_the_public_shares_feedback_through_the_portal(live_server: Any, page: Any, personas: Any) -> None:
    page.goto(f"{live_server.url}/p/{personas.org_a.slug}/")
    check_accessibility(page, "portal")
    page.get_by_role("button", name="Send").click()
    expect(page.locator(".nhsuk-error-summary")).to_be_visible()
    check_accessibility(page, "portal-error")
    page.get_by_label("Your idea or feedback in a few words").fill("Clearer signs to outpatients")
    page.get_by_label("What happened, or what could be better?").fill("I got lost on the way to my appointment.")
    page.get_by_role("button", name="Send").click()
    expect(page.get_by_role("heading", name="Your idea has been shared")).to_be_visible()
    check_accessibility(page, "portal-done")
    assert Idea.objects.get().moderation == "pending"


def test_similar_ideas_appear_while_typing(live_server: Any, page: Any, personas: Any) -> None:
    existing, _ = share(personas.lead, title="Healthy food for night staff")
    sign_in(page, live_server, personas.member.user.email)
    page.goto(f"{live_server.url}/o/{personas.org_a.slug}/ideas/new/")
    page.get_by_label("Your idea in a few words").press_sequentially("Healthy night food for staff", delay=10)
    suggestion = page.get_by_role("link", name=f"Idea {existing.pk}: {existing.title}")
    suggestion.wait_for()
    assert Idea.objects.count() == 1
    check_accessibility(page, "idea-share-typing")


def test_a_lead_starts_a_campaign_and_a_member_answers_it(live_server: Any, page: Any, personas: Any) -> None:
    import datetime

    from django.utils import timezone

    today = timezone.localdate()
    sign_in(page, live_server, personas.lead.user.email)
    page.goto(f"{live_server.url}/o/{personas.org_a.slug}/ideas/campaigns/")
    check_accessibility(page, "campaign-list")
    page.get_by_role("button", name="Start a campaign").click()
    check_accessibility(page, "campaign-create")
    page.get_by_label("Campaign name").fill("Safer handovers")
    page.get_by_label("What are you asking people?").fill("How could our handovers be safer?")
    for legend, day in (("Start date", today), ("End date", today + datetime.timedelta(days=14))):
        group = page.get_by_role("group", name=legend)
        group.get_by_label("Day").fill(str(day.day))
        group.get_by_label("Month").fill(str(day.month))
        group.get_by_label("Year").fill(str(day.year))
    page.get_by_label("Target number of ideas").fill("5")
    page.get_by_role("button", name="Start campaign").click()
    page.get_by_text("0 of 5 ideas").wait_for()
    check_accessibility(page, "campaign-detail")
    page.context.clear_cookies()

    sign_in(page, live_server, personas.member.user.email)
    page.goto(f"{live_server.url}/o/{personas.org_a.slug}/ideas/campaigns/")
    page.get_by_role("link", name="Safer handovers").click()
    page.get_by_role("button", name="Share an idea for this campaign").click()
    page.get_by_label("Your idea in a few words").fill("A handover checklist")
    page.get_by_label("What is the problem?").fill("Things get missed at handover.")
    page.get_by_label("What could we do?").fill("Use a short checklist.")
    page.get_by_label("Named: everyone can see my name").check()
    page.get_by_role("button", name="Share idea").click()
    page.goto(f"{live_server.url}/o/{personas.org_a.slug}/ideas/campaigns/")
    page.get_by_role("link", name="Safer handovers").click()
    page.get_by_text("1 of 5 ideas").wait_for()
    expect(page.get_by_role("link", name=re.compile("A handover checklist"))).to_be_visible()
    check_accessibility(page, "campaign-detail-member")
