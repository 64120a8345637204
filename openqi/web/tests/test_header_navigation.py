"""The header's navigation, per role and page: the links each reader sees, in order, with the
section they are in. Recorded before the navigation moved to per-app registrations, so it proves
the registry renders what the old hand-written list did, with one deliberate change: "Members" and
"Audit log" follow the reader's own role on every page (before, readers below lead were offered
them off the organisation's pages, and a system admin was offered fewer links there than on them)."""

import re
from typing import Any

import pytest
from django.test import Client

from openqi.conftest import client_for, give_totp
from openqi.factories import MembershipFactory, SystemMembershipFactory, UserFactory
from openqi.organisations.models import SystemRole


def header_links(body: str) -> list[str]:
    """Each header link's text, marked [page] on the page itself and [section] inside it."""
    start = body.find('<nav class="nhsuk-header__navigation"')
    if start < 0:
        return []
    nav = re.sub(r"\s+", " ", body[start : body.index("</nav>", start)])
    links = []
    for attrs, text in re.findall(r"<a ([^>]*)>(.*?)</a>", nav):
        label = re.sub(r"<[^>]+>", "", text).strip()
        if 'aria-current="page"' in attrs:
            label += " [page]"
        elif 'aria-current="true"' in attrs:
            label += " [section]"
        links.append(label)
    return links


def reader(personas: Any, role: str) -> Any:
    if role == "system_admin":
        user = UserFactory(email="sysadmin@alpha.nhs.uk")
        SystemMembershipFactory(user=user, system=personas.org_a.system, role=SystemRole.SYSTEM_ADMIN)
        give_totp(user)
        return user
    if role == "nobody":
        return UserFactory(email="nobody@alpha.nhs.uk")
    user = UserFactory(email=f"{role}.reader@alpha.nhs.uk")
    MembershipFactory(organisation=personas.org_a, role=role, user=user)
    if role == "org_admin":
        give_totp(user)
    return user


# (reader, page, links) as the header draws them, with the system-level apps' links (dashboards,
# training, boards, involvement, reports, the ICS dashboard); the comment is the page's status.
CASES = [
    ("nobody", "/", ["Home [page]"]),  # 200
    ("nobody", "/o/alpha/", ["Home"]),  # 404
    ("nobody", "/o/alpha/members/", ["Home"]),  # 404
    ("nobody", "/o/alpha/projects/new/", ["Home"]),  # 404
    ("nobody", "/o/alpha/check-ins/", ["Home"]),  # 404
    ("nobody", "/account/preferences/", ["Home"]),  # 200
    ("partner", "/", ["Home [page]", "Organisation", "Projects", "Training"]),  # 200
    ("partner", "/o/alpha/", ["Home", "Organisation [page]", "Projects", "Training"]),  # 200
    ("partner", "/o/alpha/members/", ["Home", "Organisation [section]", "Projects", "Training"]),  # 403
    ("partner", "/o/alpha/projects/new/", ["Home", "Organisation", "Projects [section]", "Training"]),  # 403
    ("partner", "/o/alpha/check-ins/", ["Home", "Organisation [section]", "Projects", "Training"]),  # 403
    ("partner", "/account/preferences/", ["Home", "Organisation", "Projects", "Training"]),  # 200
    (
        "staff",
        "/",
        [
            "Home [page]",
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
    ),  # 200
    (
        "staff",
        "/o/alpha/",
        [
            "Home",
            "Organisation [page]",
            "Projects",
            "Measures",
            "Ideas",
            "Check in",
            "Training",
            "Surveys",
            "Boards",
            "Reports",
        ],
    ),  # 200
    (
        "staff",
        "/o/alpha/members/",
        [
            "Home",
            "Organisation [section]",
            "Projects",
            "Measures",
            "Ideas",
            "Check in",
            "Training",
            "Surveys",
            "Boards",
            "Reports",
        ],
    ),  # 403
    (
        "staff",
        "/o/alpha/projects/new/",
        [
            "Home",
            "Organisation",
            "Projects [section]",
            "Measures",
            "Ideas",
            "Check in",
            "Training",
            "Surveys",
            "Boards",
            "Reports",
        ],
    ),  # 200
    (
        "staff",
        "/o/alpha/check-ins/",
        [
            "Home",
            "Organisation [section]",
            "Projects",
            "Measures",
            "Ideas",
            "Check in",
            "Training",
            "Surveys",
            "Boards",
            "Reports",
        ],
    ),  # 403
    (
        "staff",
        "/account/preferences/",
        [
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
    ),  # 200
    (
        "champion",
        "/",
        [
            "Home [page]",
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
    ),  # 200
    (
        "champion",
        "/o/alpha/",
        [
            "Home",
            "Organisation [page]",
            "Projects",
            "Measures",
            "Ideas",
            "Check in",
            "Training",
            "Surveys",
            "Boards",
            "Reports",
        ],
    ),  # 200
    (
        "champion",
        "/o/alpha/members/",
        [
            "Home",
            "Organisation [section]",
            "Projects",
            "Measures",
            "Ideas",
            "Check in",
            "Training",
            "Surveys",
            "Boards",
            "Reports",
        ],
    ),  # 403
    (
        "champion",
        "/o/alpha/projects/new/",
        [
            "Home",
            "Organisation",
            "Projects [section]",
            "Measures",
            "Ideas",
            "Check in",
            "Training",
            "Surveys",
            "Boards",
            "Reports",
        ],
    ),  # 200
    (
        "champion",
        "/o/alpha/check-ins/",
        [
            "Home",
            "Organisation [section]",
            "Projects",
            "Measures",
            "Ideas",
            "Check in",
            "Training",
            "Surveys",
            "Boards",
            "Reports",
        ],
    ),  # 403
    (
        "champion",
        "/account/preferences/",
        [
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
    ),  # 200
    (
        "qi_coach",
        "/",
        [
            "Home [page]",
            "Organisation",
            "Projects",
            "Measures",
            "Ideas",
            "Check in",
            "Check-ins",
            "Training",
            "Surveys",
            "Boards",
            "Reports",
        ],
    ),  # 200
    (
        "qi_coach",
        "/o/alpha/",
        [
            "Home",
            "Organisation [page]",
            "Projects",
            "Measures",
            "Ideas",
            "Check in",
            "Check-ins",
            "Training",
            "Surveys",
            "Boards",
            "Reports",
        ],
    ),  # 200
    (
        "qi_coach",
        "/o/alpha/members/",
        [
            "Home",
            "Organisation [section]",
            "Projects",
            "Measures",
            "Ideas",
            "Check in",
            "Check-ins",
            "Training",
            "Surveys",
            "Boards",
            "Reports",
        ],
    ),  # 403
    (
        "qi_coach",
        "/o/alpha/projects/new/",
        [
            "Home",
            "Organisation",
            "Projects [section]",
            "Measures",
            "Ideas",
            "Check in",
            "Check-ins",
            "Training",
            "Surveys",
            "Boards",
            "Reports",
        ],
    ),  # 200
    (
        "qi_coach",
        "/o/alpha/check-ins/",
        [
            "Home",
            "Organisation",
            "Projects",
            "Measures",
            "Ideas",
            "Check in",
            "Check-ins [page]",
            "Training",
            "Surveys",
            "Boards",
            "Reports",
        ],
    ),  # 200
    (
        "qi_coach",
        "/account/preferences/",
        [
            "Home",
            "Organisation",
            "Projects",
            "Measures",
            "Ideas",
            "Check in",
            "Check-ins",
            "Training",
            "Surveys",
            "Boards",
            "Reports",
        ],
    ),  # 200
    (
        "lead",
        "/",
        [
            "Home [page]",
            "Organisation",
            "Dashboards",
            "Projects",
            "Measures",
            "Ideas",
            "Check in",
            "Check-ins",
            "Training",
            "Surveys",
            "Boards",
            "Involvement",
            "Reports",
            "Members",
            "Audit log",
        ],
    ),  # 200
    (
        "lead",
        "/o/alpha/",
        [
            "Home",
            "Organisation [page]",
            "Dashboards",
            "Projects",
            "Measures",
            "Ideas",
            "Check in",
            "Check-ins",
            "Training",
            "Surveys",
            "Boards",
            "Involvement",
            "Reports",
            "Members",
            "Audit log",
        ],
    ),  # 200
    (
        "lead",
        "/o/alpha/members/",
        [
            "Home",
            "Organisation",
            "Dashboards",
            "Projects",
            "Measures",
            "Ideas",
            "Check in",
            "Check-ins",
            "Training",
            "Surveys",
            "Boards",
            "Involvement",
            "Reports",
            "Members [page]",
            "Audit log",
        ],
    ),  # 200
    (
        "lead",
        "/o/alpha/projects/new/",
        [
            "Home",
            "Organisation",
            "Dashboards",
            "Projects [section]",
            "Measures",
            "Ideas",
            "Check in",
            "Check-ins",
            "Training",
            "Surveys",
            "Boards",
            "Involvement",
            "Reports",
            "Members",
            "Audit log",
        ],
    ),  # 200
    (
        "lead",
        "/o/alpha/check-ins/",
        [
            "Home",
            "Organisation",
            "Dashboards",
            "Projects",
            "Measures",
            "Ideas",
            "Check in",
            "Check-ins [page]",
            "Training",
            "Surveys",
            "Boards",
            "Involvement",
            "Reports",
            "Members",
            "Audit log",
        ],
    ),  # 200
    (
        "lead",
        "/account/preferences/",
        [
            "Home",
            "Organisation",
            "Dashboards",
            "Projects",
            "Measures",
            "Ideas",
            "Check in",
            "Check-ins",
            "Training",
            "Surveys",
            "Boards",
            "Involvement",
            "Reports",
            "Members",
            "Audit log",
        ],
    ),  # 200
    (
        "org_admin",
        "/",
        [
            "Home [page]",
            "Organisation",
            "Dashboards",
            "Projects",
            "Measures",
            "Ideas",
            "Check in",
            "Check-ins",
            "Training",
            "Surveys",
            "Boards",
            "Involvement",
            "Reports",
            "Members",
            "Audit log",
        ],
    ),  # 200
    (
        "org_admin",
        "/o/alpha/",
        [
            "Home",
            "Organisation [page]",
            "Dashboards",
            "Projects",
            "Measures",
            "Ideas",
            "Check in",
            "Check-ins",
            "Training",
            "Surveys",
            "Boards",
            "Involvement",
            "Reports",
            "Members",
            "Audit log",
        ],
    ),  # 200
    (
        "org_admin",
        "/o/alpha/members/",
        [
            "Home",
            "Organisation",
            "Dashboards",
            "Projects",
            "Measures",
            "Ideas",
            "Check in",
            "Check-ins",
            "Training",
            "Surveys",
            "Boards",
            "Involvement",
            "Reports",
            "Members [page]",
            "Audit log",
        ],
    ),  # 200
    (
        "org_admin",
        "/o/alpha/projects/new/",
        [
            "Home",
            "Organisation",
            "Dashboards",
            "Projects [section]",
            "Measures",
            "Ideas",
            "Check in",
            "Check-ins",
            "Training",
            "Surveys",
            "Boards",
            "Involvement",
            "Reports",
            "Members",
            "Audit log",
        ],
    ),  # 200
    (
        "org_admin",
        "/o/alpha/check-ins/",
        [
            "Home",
            "Organisation",
            "Dashboards",
            "Projects",
            "Measures",
            "Ideas",
            "Check in",
            "Check-ins [page]",
            "Training",
            "Surveys",
            "Boards",
            "Involvement",
            "Reports",
            "Members",
            "Audit log",
        ],
    ),  # 200
    (
        "org_admin",
        "/account/preferences/",
        [
            "Home",
            "Organisation",
            "Dashboards",
            "Projects",
            "Measures",
            "Ideas",
            "Check in",
            "Check-ins",
            "Training",
            "Surveys",
            "Boards",
            "Involvement",
            "Reports",
            "Members",
            "Audit log",
        ],
    ),  # 200
    (
        "system_admin",
        "/",
        [
            "Home [page]",
            "Organisation",
            "Dashboards",
            "Projects",
            "Measures",
            "Ideas",
            "Check-ins",
            "Training",
            "Surveys",
            "Boards",
            "Involvement",
            "Reports",
            "Members",
            "Audit log",
            "System admin",
            "ICS dashboard",
        ],
    ),  # 200
    (
        "system_admin",
        "/o/alpha/",
        [
            "Home",
            "Organisation [page]",
            "Dashboards",
            "Projects",
            "Measures",
            "Ideas",
            "Check-ins",
            "Training",
            "Surveys",
            "Boards",
            "Involvement",
            "Reports",
            "Members",
            "Audit log",
            "System admin",
            "ICS dashboard",
        ],
    ),  # 200
    (
        "system_admin",
        "/o/alpha/members/",
        [
            "Home",
            "Organisation",
            "Dashboards",
            "Projects",
            "Measures",
            "Ideas",
            "Check-ins",
            "Training",
            "Surveys",
            "Boards",
            "Involvement",
            "Reports",
            "Members [page]",
            "Audit log",
            "System admin",
            "ICS dashboard",
        ],
    ),  # 200
    (
        "system_admin",
        "/o/alpha/projects/new/",
        [
            "Home",
            "Organisation",
            "Dashboards",
            "Projects [section]",
            "Measures",
            "Ideas",
            "Check-ins",
            "Training",
            "Surveys",
            "Boards",
            "Involvement",
            "Reports",
            "Members",
            "Audit log",
            "System admin",
            "ICS dashboard",
        ],
    ),  # 200
    (
        "system_admin",
        "/o/alpha/check-ins/",
        [
            "Home",
            "Organisation",
            "Dashboards",
            "Projects",
            "Measures",
            "Ideas",
            "Check-ins [page]",
            "Training",
            "Surveys",
            "Boards",
            "Involvement",
            "Reports",
            "Members",
            "Audit log",
            "System admin",
            "ICS dashboard",
        ],
    ),  # 200
    (
        "system_admin",
        "/account/preferences/",
        [
            "Home",
            "Organisation",
            "Dashboards",
            "Projects",
            "Measures",
            "Ideas",
            "Check-ins",
            "Training",
            "Surveys",
            "Boards",
            "Involvement",
            "Reports",
            "Members",
            "Audit log",
            "System admin",
            "ICS dashboard",
        ],
    ),  # 200
]


@pytest.mark.parametrize(("role", "path", "expected"), CASES)
def test_each_reader_sees_the_header_links_their_role_allows_on_every_kind_of_page(
    personas: Any, role: str, path: str, expected: list[str]
) -> None:
    response = client_for(reader(personas, role)).get(path)
    assert header_links(response.content.decode()) == expected


def test_a_signed_out_visitor_sees_no_header_links(db: Any) -> None:
    assert header_links(Client().get("/").content.decode()) == []
