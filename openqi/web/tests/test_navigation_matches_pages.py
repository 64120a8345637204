"""The header offers a reader exactly the organisation pages that open for them: for every role,
every registered link is shown if and only if its page answers (not 403). The rule that decides
the page's 403 decides the link (`org_view`'s `nav_permits`), so the two cannot drift apart."""

from typing import Any

import pytest
from django.urls import reverse

from openqi.conftest import client_for, give_totp
from openqi.core.navigation import nav_entries
from openqi.factories import MembershipFactory, SystemMembershipFactory, UserFactory
from openqi.organisations.models import Role, SystemRole
from openqi.web.tests.test_header_navigation import header_links

pytestmark = pytest.mark.django_db

READERS = [*Role.values, "system_admin", "staff_and_system_admin"]


def reader(personas: Any, kind: str) -> Any:
    user = UserFactory(email=f"{kind}.nav@alpha.nhs.uk")
    if kind in ("system_admin", "staff_and_system_admin"):
        SystemMembershipFactory(user=user, system=personas.org_a.system, role=SystemRole.SYSTEM_ADMIN)
        give_totp(user)
    if kind != "system_admin":
        MembershipFactory(organisation=personas.org_a, role=Role.STAFF if kind.startswith("staff") else kind, user=user)
    if kind == Role.ORG_ADMIN:
        give_totp(user)
    return user


@pytest.mark.parametrize("kind", READERS)
@pytest.mark.parametrize("page", ["/o/alpha/", "/account/preferences/", "/o/alpha/members/"])
def test_each_header_link_is_offered_exactly_when_its_page_opens_for_the_reader(
    personas: Any, kind: str, page: str
) -> None:
    client = client_for(reader(personas, kind))
    shown = set(header_links(client.get(page).content.decode()))
    shown = {text.removesuffix(" [page]").removesuffix(" [section]") for text in shown}
    for entry in nav_entries():
        if not entry.in_organisation:
            continue
        status = client.get(reverse(entry.url_name, args=[personas.org_a.slug])).status_code
        if entry.text in shown:
            assert status == 200, f"{kind} is offered {entry.text} on {page}, which answers {status}"
        else:
            assert status == 403, f"{kind} is not offered {entry.text} on {page}, which answers {status}"
