"""Issue 24 in headless Chromium: a session that ends while someone types loses nothing, the
warning before it ends lets them stay signed in from the keyboard, and the similar-ideas panel
never shows the sign-in page. axe on every page visited."""

import re
import time
from importlib import import_module
from typing import Any

import pytest
from django.conf import settings as django_settings
from playwright.sync_api import expect

from openqi.accounts.models import FormDraft
from openqi.checkins.models import CheckIn
from openqi.core.tests.browser import check_accessibility
from openqi.core.tests.test_browser_journeys import sign_in
from openqi.factories import PASSWORD
from openqi.ideas.models import Idea

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _session(page: Any) -> Any:
    cookie = next(c for c in page.context.cookies() if c["name"] == django_settings.SESSION_COOKIE_NAME)
    return import_module(django_settings.SESSION_ENGINE).SessionStore(session_key=cookie["value"])


def _idle_for(page: Any, minutes: int) -> None:
    """As if the person had typed for `minutes` without the server hearing from them."""
    # Let the page's own requests finish first: on the tests' in-memory SQLite the live server's
    # thread shares the database, and a write from here while it answers one fails with "database
    # table is locked" (seen with two workers on a loaded machine).
    page.wait_for_load_state("networkidle")
    session = _session(page)
    session["last_seen"] = int(time.time()) - minutes * 60
    session.save()


def _type_an_idea(page: Any) -> None:
    page.get_by_label("Your idea in a few words").fill("Hearing loops at every ward desk")
    page.get_by_label("What is the problem?").fill("People with hearing aids cannot follow what is said at the desk.")
    page.get_by_label("What could we do?").fill("Fit a portable hearing loop at each ward reception desk.")
    page.get_by_label("Safe", exact=True).check()
    page.get_by_label("Named to the QI team only").check()


def test_a_session_that_ends_while_typing_keeps_the_idea_for_after_signing_in(
    live_server: Any, page: Any, personas: Any
) -> None:
    user = personas.member.user
    sign_in(page, live_server, user.email)
    page.goto(f"{live_server.url}/o/{personas.org_a.slug}/ideas/new/")
    _type_an_idea(page)
    _idle_for(page, 20)

    page.get_by_role("button", name="Share idea").click()
    page.wait_for_url(re.compile(r".*/accounts/login/\?next=.*"))
    expect(page.get_by_text("We kept what you typed: sign in again to check it and save it.")).to_be_visible()
    check_accessibility(page, "session-ended-sign-in")
    assert not Idea.objects.exists()

    page.get_by_label("Email address").fill(user.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(re.compile(r".*/ideas/new/$"))
    expect(page.get_by_text("We kept what you typed before you were signed out. Check it and save.")).to_be_visible()
    assert page.get_by_label("Your idea in a few words").input_value() == "Hearing loops at every ward desk"
    assert page.get_by_label("What could we do?").input_value().startswith("Fit a portable hearing loop")
    expect(page.get_by_label("Named to the QI team only")).to_be_checked()
    expect(page.get_by_label("Safe", exact=True)).to_be_checked()
    expect(page.get_by_text("We kept what you typed on this device")).to_have_count(0)  # the server's copy wins
    check_accessibility(page, "session-draft-restored")
    assert not FormDraft.objects.exists()

    page.get_by_role("button", name="Share idea").click()
    expect(page.get_by_text("Thank you: your idea has been shared")).to_be_visible()
    idea = Idea.objects.get()
    assert idea.title == "Hearing loops at every ward desk" and idea.submitted_by == user


def test_the_similar_ideas_panel_says_signed_out_and_never_shows_the_sign_in_page(
    live_server: Any, page: Any, personas: Any
) -> None:
    sign_in(page, live_server, personas.member.user.email)
    page.goto(f"{live_server.url}/o/{personas.org_a.slug}/ideas/new/")
    _idle_for(page, 20)
    with page.expect_response(lambda r: r.request.method == "POST" and "/ideas/new/" in r.url) as answer:
        _type_an_idea(page)
    assert answer.value.status == 401
    panel = page.locator("#similar")
    expect(panel).to_have_text("You have been signed out. Sign in again to carry on.")
    assert panel.locator("form, input, h1").count() == 0
    check_accessibility(page, "similar-panel-signed-out")


def test_the_warning_before_the_session_ends_lets_the_person_stay_signed_in_from_the_keyboard(
    live_server: Any, page: Any, personas: Any, settings: Any
) -> None:
    settings.SESSION_IDLE_TIMEOUT = 130  # so the two-minute warning comes ten seconds after a page opens
    settings.SESSION_WARNING_BEFORE = 120
    sign_in(page, live_server, personas.member.user.email)
    dialog = page.get_by_role("dialog", name="You will be signed out soon")
    expect(dialog).to_be_visible(timeout=30_000)
    expect(dialog).to_contain_text(re.compile(r"you will be signed out in 2 minutes"))
    stay = dialog.get_by_role("button", name="Stay signed in")
    expect(stay).to_be_focused()
    check_accessibility(page, "session-warning")
    before = _session(page)["last_seen"]

    time.sleep(1)
    with page.expect_response(lambda r: r.request.method == "POST" and r.url.endswith("/account/session/")):
        page.keyboard.press("Enter")
    expect(dialog).to_be_hidden()
    assert _session(page)["last_seen"] > before  # the idle clock started again
    page.reload()
    assert "/accounts/login/" not in page.url  # still signed in


def test_without_javascript_there_is_no_warning_and_the_page_works(
    live_server: Any, browser: Any, personas: Any, settings: Any
) -> None:
    settings.SESSION_IDLE_TIMEOUT = 125
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    try:
        sign_in(page, live_server, personas.member.user.email)
        page.wait_for_timeout(7_000)
        expect(page.get_by_role("dialog")).to_have_count(0)
        expect(page.get_by_role("heading", level=1)).to_be_visible()
    finally:
        context.close()


def test_an_anonymous_check_in_comes_back_from_this_browser_only_and_leaves_nothing_on_the_server(
    live_server: Any, page: Any, personas: Any
) -> None:
    user = personas.member.user
    sign_in(page, live_server, user.email)
    path = f"/o/{personas.org_a.slug}/check-in/"
    page.goto(f"{live_server.url}{path}")
    page.get_by_label("Bad", exact=True).check()
    page.locator("summary", has_text="Add reasons or a comment").click()
    page.get_by_label("Staffing").check()
    page.get_by_label("What would make tomorrow better? (optional)").fill("One more nurse on the late shift")
    _idle_for(page, 20)

    page.get_by_role("button", name="Send my answer with reasons").click()
    page.wait_for_url(re.compile(r".*/accounts/login/\?next=.*"))
    assert not FormDraft.objects.exists() and not CheckIn.objects.exists()
    page.get_by_label("Email address").fill(user.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(re.compile(r".*/check-in/$"))

    expect(page.get_by_role("status")).to_contain_text("We kept what you typed on this device")
    expect(page.get_by_label("Bad", exact=True)).to_be_checked()
    expect(page.get_by_label("Staffing")).to_be_checked()
    assert page.get_by_label("What would make tomorrow better? (optional)").input_value() == (
        "One more nurse on the late shift"
    )
    check_accessibility(page, "checkin-restored-from-browser")
    assert page.evaluate("window.sessionStorage.length") == 0  # used once
    page.get_by_role("button", name="Send my answer with reasons").click()
    expect(page.get_by_role("heading", name="Thank you for checking in")).to_be_visible()
    checkin = CheckIn.objects.get()
    assert checkin.comment == "One more nurse on the late shift" and checkin.score == 2


def test_a_colleague_signing_in_on_the_same_tab_never_sees_the_anonymous_copy(
    live_server: Any, page: Any, personas: Any
) -> None:
    sign_in(page, live_server, personas.member.user.email)
    path = f"/o/{personas.org_a.slug}/check-in/"
    page.goto(f"{live_server.url}{path}")
    page.get_by_label("Bad", exact=True).check()
    page.locator("summary", has_text="Add reasons or a comment").click()
    page.get_by_label("What would make tomorrow better? (optional)").fill("Words of the first person")
    _idle_for(page, 20)
    page.get_by_role("button", name="Send my answer with reasons").click()
    page.wait_for_url(re.compile(r".*/accounts/login/\?next=.*"))
    page.get_by_label("Email address").fill(personas.lead.user.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(re.compile(r".*/check-in/$"))
    expect(page.get_by_role("heading", name="How is work today?")).to_be_visible()
    expect(page.get_by_role("status")).to_have_count(0)
    expect(page.get_by_label("Bad", exact=True)).not_to_be_checked()
    assert page.evaluate("window.sessionStorage.length") == 0
