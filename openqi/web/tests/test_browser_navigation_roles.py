"""The header offers a partner and a staff member only the pages they may open, at desktop and
phone widths (where the links fold under "More"), with axe on the page."""

from typing import Any

import pytest

from openqi.core.tests.browser import check_accessibility
from openqi.core.tests.test_browser_journeys import sign_in
from openqi.factories import MembershipFactory, UserFactory
from openqi.organisations.models import Role

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

EXPECTED = {
    Role.PARTNER: ["Home", "Organisation", "Projects", "Training"],
    Role.STAFF: [
        "Home",
        "Organisation",
        "Projects",
        "Measures",
        "Ideas",
        "Check in",
        "Training",
        "Surveys",
        "Boards",
        "Reports",
    ],
}


@pytest.mark.parametrize("width", [1280, 390, 320])
@pytest.mark.parametrize("role", [Role.PARTNER, Role.STAFF])
def test_the_header_offers_only_pages_the_reader_may_open(
    live_server: Any, browser: Any, personas: Any, role: str, width: int
) -> None:
    user = UserFactory(email=f"{role}.header@alpha.nhs.uk")
    MembershipFactory(organisation=personas.org_a, role=role, user=user)
    page = browser.new_context(viewport={"width": width, "height": 900}).new_page()
    sign_in(page, live_server, user.email)
    page.goto(f"{live_server.url}/o/{personas.org_a.slug}/")
    links = page.locator(".nhsuk-header__navigation a.nhsuk-header__navigation-link")  # with those under "More"
    texts = [t.strip() for t in links.all_text_contents()]
    assert texts == EXPECTED[role]
    for href in [links.nth(i).get_attribute("href") for i in range(links.count())]:
        assert page.request.get(f"{live_server.url}{href}").status == 200
    check_accessibility(page, f"header-{role}-{width}")
    page.context.close()
