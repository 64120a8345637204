"""The navigation registry: an app adds its header link by registering it, without touching core."""

from collections.abc import Iterator
from types import SimpleNamespace

import pytest
from django.test import RequestFactory

from openqi.core import navigation
from openqi.core.navigation import NavEntry, NavScope, nav_items, nav_register


@pytest.fixture
def empty_registry() -> Iterator[None]:
    saved = dict(navigation._entries)
    navigation._entries.clear()
    yield
    navigation._entries.clear()
    navigation._entries.update(saved)


class Access:
    """Stands in for the organisation access check: lets in readers of at least `role`."""

    ranks = ("partner", "staff", "champion", "qi_coach", "lead", "org_admin")

    def __init__(self, role: str) -> None:
        self.role = role

    def has_role(self, minimum: str) -> bool:
        return self.ranks.index(self.role) >= self.ranks.index(minimum)


def scope(organisation: object = None, member_role: str = "", access: object = None) -> NavScope:
    if access is None and organisation is not None:
        access = Access("org_admin")
    return NavScope(user=None, organisation=organisation, role=None, member_role=member_role, access=access)


def test_registered_links_appear_in_their_order_not_the_order_they_were_registered(empty_registry: None) -> None:
    nav_register(NavEntry("Privacy", "core:privacy", order=20, in_organisation=False))
    nav_register(NavEntry("Accessibility", "core:accessibility", order=10, in_organisation=False))
    items = nav_items(RequestFactory().get("/elsewhere/"), scope())
    assert [item["text"] for item in items] == ["Accessibility", "Privacy"]
    assert [item["href"] for item in items] == ["/accessibility/", "/privacy/"]


def test_a_link_shows_only_to_readers_its_rule_lets_see_it(empty_registry: None) -> None:
    nav_register(
        NavEntry(
            "Privacy", "core:privacy", order=1, in_organisation=False, visible=lambda r, s: s.member_role == "lead"
        )
    )
    request = RequestFactory().get("/")
    assert nav_items(request, scope(member_role="staff")) == []
    assert [item["text"] for item in nav_items(request, scope(member_role="lead"))] == ["Privacy"]


def test_organisation_links_wait_for_a_current_organisation_and_take_its_slug(empty_registry: None) -> None:
    nav_register(NavEntry("Projects", "projects:project_list", order=1))
    request = RequestFactory().get("/")
    assert nav_items(request, scope()) == []
    items = nav_items(request, scope(organisation=SimpleNamespace(slug="alpha")))
    assert items[0]["href"] == "/o/alpha/projects/"


def test_the_longest_matching_link_is_current_on_its_page_and_active_below_it(empty_registry: None) -> None:
    nav_register(
        NavEntry("Organisation", "organisations:organisation_home", order=1),
        NavEntry("Projects", "projects:project_list", order=2),
    )
    alpha = scope(organisation=SimpleNamespace(slug="alpha"))
    on_page = nav_items(RequestFactory().get("/o/alpha/projects/"), alpha)
    below = nav_items(RequestFactory().get("/o/alpha/projects/new/"), alpha)
    assert [(i["current"], i["active"]) for i in on_page] == [(False, False), (True, False)]
    assert [(i["current"], i["active"]) for i in below] == [(False, False), (False, True)]


def test_registering_the_same_link_again_replaces_it(empty_registry: None) -> None:
    nav_register(NavEntry("Privacy", "core:privacy", order=1, in_organisation=False))
    nav_register(NavEntry("Privacy notice", "core:privacy", order=1, in_organisation=False))
    assert [entry.text for entry in navigation.nav_entries()] == ["Privacy notice"]


def test_a_link_to_an_organisation_page_shows_only_to_readers_that_page_lets_in(empty_registry: None) -> None:
    # Members is `org_view("lead")`: the page's own rule decides the link, with no rule in the entry.
    nav_register(NavEntry("Members", "organisations:member_list", order=1))
    request = RequestFactory().get("/")
    alpha = SimpleNamespace(slug="alpha")
    assert nav_items(request, scope(organisation=alpha, access=Access("staff"))) == []
    assert nav_items(request, scope(organisation=alpha, access=Access("partner"))) == []
    assert [i["text"] for i in nav_items(request, scope(organisation=alpha, access=Access("lead")))] == ["Members"]
