"""Issue 24, point 3 in a real browser: Back and send again shows the first result and creates
nothing; a double click sends a form once. axe runs on every page visited."""

import re
import time
from typing import Any

import pytest
from playwright.sync_api import expect

from openqi.core.submission import ALREADY_SENT
from openqi.core.tests.browser import check_accessibility
from openqi.core.tests.test_browser_journeys import sign_in
from openqi.ideas.models import Idea
from openqi.projects import services as project_services
from openqi.projects.models import PdsaCycle

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _fill_idea(page: Any, anonymous: bool = False) -> None:
    page.get_by_label("Your idea in a few words").fill("A clock in every side room")
    page.get_by_label("What is the problem?").fill("Patients in side rooms lose track of the time of day.")
    page.get_by_label("What could we do?").fill("Put a big clock on the wall of each side room.")
    page.get_by_label("Safe", exact=True).check()
    if anonymous:
        page.get_by_label("Anonymous: nobody can see who I am, not even the QI team").check()
    else:
        page.get_by_label("Named: everyone can see my name").check()


def test_back_and_share_again_shows_the_first_idea_and_shares_nothing_new(
    live_server: Any, page: Any, personas: Any
) -> None:
    sign_in(page, live_server, personas.member.user.email)
    page.goto(f"{live_server.url}/o/{personas.org_a.slug}/ideas/new/")
    _fill_idea(page)
    page.get_by_role("button", name="Share idea").click()
    expect(page.get_by_text("Thank you: your idea has been shared")).to_be_visible()
    first_url = page.url
    idea = Idea.objects.get()

    page.go_back()
    # The browser put back what was typed, and openqi.js kept the form's first token.
    expect(page.get_by_label("Your idea in a few words")).to_have_value("A clock in every side room")
    page.get_by_role("button", name="Share idea").click()
    expect(page.get_by_text(ALREADY_SENT)).to_be_visible()
    assert page.url == first_url == f"{live_server.url}/o/{personas.org_a.slug}/ideas/{idea.pk}/"
    assert Idea.objects.count() == 1
    check_accessibility(page, "resubmit-idea-already-sent")


def test_back_and_share_an_anonymous_idea_again_gives_no_second_follow_up_code(
    live_server: Any, page: Any, personas: Any
) -> None:
    sign_in(page, live_server, personas.member.user.email)
    page.goto(f"{live_server.url}/o/{personas.org_a.slug}/ideas/new/")
    _fill_idea(page, anonymous=True)
    page.get_by_role("button", name="Share idea").click()
    expect(page.locator("#follow-up-code")).to_be_visible()

    page.go_back()
    page.get_by_role("button", name="Share idea").click()
    expect(page.get_by_role("heading", name="You already sent this")).to_be_visible()
    expect(page.locator("#follow-up-code")).to_have_count(0)
    assert Idea.objects.count() == 1
    check_accessibility(page, "resubmit-anonymous-already-sent")


def test_back_and_save_a_pdsa_plan_again_plans_one_cycle(live_server: Any, page: Any, personas: Any) -> None:
    project = project_services.project_create(
        actor=personas.lead.user, organisation=personas.org_a, title="Fewer falls", problem="Falls.", domains=["safe"]
    )
    sign_in(page, live_server, personas.lead.user.email)
    page.goto(f"{live_server.url}/o/{personas.org_a.slug}/projects/{project.pk}/pdsa/new/")
    check_accessibility(page, "resubmit-pdsa-plan")
    page.get_by_label("Objective of this cycle").fill("Try a falls sensor on one bay")
    page.get_by_label("What question will this cycle answer?").fill("Will alarms reach the nurse in time?")
    page.get_by_label("What do you predict will happen?").fill("Nurses reach the bed within a minute")
    page.get_by_role("button", name="Save plan").click()
    expect(page).to_have_url(re.compile(r".*/pdsa/\d+/$"))
    first_url = page.url

    page.go_back()
    page.get_by_role("button", name="Save plan").click()
    expect(page.get_by_text(ALREADY_SENT)).to_be_visible()
    assert page.url == first_url
    assert PdsaCycle.objects.count() == 1
    check_accessibility(page, "resubmit-pdsa-already-sent")


def test_a_double_click_sends_the_form_once_and_a_page_from_history_can_send_again(
    live_server: Any, page: Any, personas: Any
) -> None:
    sign_in(page, live_server, personas.member.user.email)
    page.goto(f"{live_server.url}/o/{personas.org_a.slug}/ideas/new/")
    _fill_idea(page)
    posts: list[str] = []
    # Form sendings only: the similar-ideas check also posts, from script, while people type.
    page.on(
        "request",
        lambda request: (
            posts.append(request.url) if request.method == "POST" and request.is_navigation_request() else None
        ),
    )
    # Hold the answer back, as a slow server would, so the second click lands on the same page.
    page.route("**/ideas/new/", lambda route: (time.sleep(0.8), route.continue_()))
    page.get_by_role("button", name="Share idea").dblclick()
    expect(page.get_by_text("Thank you: your idea has been shared")).to_be_visible()
    assert len([url for url in posts if url.endswith("/ideas/new/")]) == 1
    assert Idea.objects.count() == 1

    # A sending that leaves the page where it is (here: cut off) leaves the buttons disabled...
    page.unroute("**/ideas/new/")
    page.goto(f"{live_server.url}/o/{personas.org_a.slug}/ideas/new/")
    _fill_idea(page)
    page.route("**/ideas/new/", lambda route: route.abort("aborted"))
    button = page.get_by_role("button", name="Share idea")
    button.click()
    expect(button).to_be_disabled()
    # ...and a page brought back from the back-forward cache has them working again.
    page.evaluate("window.dispatchEvent(new PageTransitionEvent('pageshow', { persisted: true }))")
    expect(button).to_be_enabled()
    assert Idea.objects.count() == 1
