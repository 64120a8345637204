"""What a new user meets first, in Chromium at desktop, 390 and 320 pixels wide, with axe on every
page: the public front door, the staff home's quick actions and the import page's example."""

import re
from typing import Any

import pytest
from playwright.sync_api import expect

from openqi.core.tests.browser import check_accessibility
from openqi.factories import PASSWORD
from openqi.measures.models import Measure

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WIDTHS = (1280, 390, 320)


def _sign_in(page: Any, live_server: Any, email: str) -> None:
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(re.compile(r".*/$"))


def _fits(page: Any, width: int) -> None:
    """Nothing makes the page scroll sideways."""
    assert page.evaluate("document.documentElement.scrollWidth") <= width


def test_the_front_door_leads_a_patient_to_every_public_page(live_server: Any, page: Any, personas: Any) -> None:
    page.set_default_navigation_timeout(60_000)  # the first page of a cold live server on a busy machine
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        page.goto(f"{live_server.url}/")
        check_accessibility(page, f"front-door-{width}")
        page.get_by_label("Which hospital or service is it about?").select_option("alpha")
        page.get_by_role("button", name="Continue").click()
        expect(page.get_by_role("heading", name="Alpha Hospitals NHS Trust")).to_be_visible()
        for name in ("Share an idea or feedback", "Follow up an idea with your code", "You said, we did"):
            expect(page.get_by_role("link", name=name)).to_be_visible()
        _fits(page, width)
        check_accessibility(page, f"front-door-chosen-{width}")
        page.get_by_role("link", name="You said, we did").click()
        expect(page.get_by_role("heading", name="You said, we did", level=1)).to_be_visible()
        check_accessibility(page, f"public-you-said-we-did-{width}")


def test_the_staff_home_offers_a_one_tap_check_in_on_a_phone(live_server: Any, browser: Any, personas: Any) -> None:
    # A long name, so the header and greeting wrap as far as real names make them: the personas'
    # names are random, and a short one used to let this pass by luck.
    user = personas.member.user
    user.full_name = "Dr Alexandra-Louise Montgomery-Fitzwilliam"
    user.save(update_fields=["full_name"])
    for width in WIDTHS:
        context = browser.new_context(viewport={"width": width, "height": 844}, is_mobile=width < 1000)
        page = context.new_page()
        page.set_default_timeout(15_000)
        _sign_in(page, live_server, personas.member.user.email)
        quick = page.locator("#quick-actions-alpha")
        expect(quick.get_by_role("link", name="Share an idea")).to_be_visible()
        expect(page.locator("#needs-surveys-alpha").get_by_text("No surveys waiting for you")).to_be_visible()
        _fits(page, width)
        check_accessibility(page, f"staff-home-{width}")
        if width == WIDTHS[-1]:
            good = page.locator("#checkin-today-alpha").get_by_role("button", name="Good", exact=True)
            expect(good).to_be_in_viewport()
            good.click()
            expect(page.get_by_text("Thank you", exact=False).first).to_be_visible()
            page.goto(f"{live_server.url}/")
            expect(page.get_by_text("You have checked in today")).to_be_visible()
            check_accessibility(page, "staff-home-checked-in")
        context.close()


def test_the_import_example_for_a_chosen_measure_reads_at_every_width(
    live_server: Any, page: Any, personas: Any
) -> None:
    Measure.objects.create(
        organisation=personas.org_a, name="Falls per 1,000 bed days", measure_type="outcome", chart_type="u"
    )
    _sign_in(page, live_server, personas.lead.user.email)
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        page.goto(f"{live_server.url}/o/alpha/measures/import/")
        page.get_by_label("Show the example for a measure").select_option(label="Falls per 1,000 bed days")
        page.get_by_role("button", name="Show example").click()
        expect(page.locator("#import-example")).to_contain_text('"Falls per 1,000 bed days",')
        expect(page.get_by_role("link", name=re.compile("Download this example as a CSV template"))).to_be_visible()
        _fits(page, width)
        check_accessibility(page, f"import-example-{width}")


def test_smaller_edges_an_idea_not_ready_for_an_answer_and_paged_comments(
    live_server: Any, page: Any, personas: Any
) -> None:
    import datetime

    from openqi.checkins.tests.helpers import add_checkins, last_week
    from openqi.ideas.tests.helpers import share

    idea, _ = share(personas.member)
    monday = last_week()
    for week in range(3):
        add_checkins(
            personas.org_a,
            personas.member.team,
            12,
            day=monday - datetime.timedelta(weeks=week),
            comment=f"More hands on the night shift, week {week}",
        )
    _sign_in(page, live_server, personas.lead.user.email)
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        page.goto(f"{live_server.url}/o/alpha/ideas/{idea.pk}/answer/")
        expect(page.get_by_role("heading", name="This idea cannot be answered yet")).to_be_visible()
        expect(page.get_by_role("button", name="Publish answer")).to_have_count(0)
        _fits(page, width)
        check_accessibility(page, f"answer-not-yet-{width}")
        page.goto(f"{live_server.url}/o/alpha/check-ins/teams/{personas.member.team_id}/")
        expect(page.get_by_text("Showing comments 1 to 20 of 36")).to_be_visible()
        page.get_by_role("link", name=re.compile("Next")).click()
        expect(page.get_by_text("Showing comments 21 to 36 of 36")).to_be_visible()
        _fits(page, width)
        check_accessibility(page, f"team-comments-page-2-{width}")
