"""Issue 13: what every signed-in page asks about the reader costs few queries, and gives the same
answers as before."""

from typing import Any

from openqi.conftest import client_for, give_totp
from openqi.factories import SystemMembershipFactory
from openqi.organisations.access import org_access_get
from openqi.organisations.selectors import user_admin_roles, user_is_admin, user_needs_mfa_setup


def test_admin_roles_are_read_in_one_query(personas: Any, django_assert_num_queries: Any) -> None:
    with django_assert_num_queries(1):
        assert user_admin_roles(user=personas.member.user) == (False, False)
    with django_assert_num_queries(1):
        assert user_admin_roles(user=personas.admin.user) == (True, False)


def test_a_system_admin_is_found_and_must_set_up_two_factors(personas: Any) -> None:
    system_admin = SystemMembershipFactory(system=personas.org_a.system, role="system_admin").user
    executive = SystemMembershipFactory(system=personas.org_a.system, role="executive").user
    assert user_admin_roles(user=system_admin) == (False, True)
    assert user_is_admin(user=system_admin)
    assert user_needs_mfa_setup(user=system_admin)
    give_totp(system_admin)
    assert not user_needs_mfa_setup(user=system_admin)
    # An executive reads dashboards; they are not an admin.
    assert user_admin_roles(user=executive) == (False, False)
    assert not user_needs_mfa_setup(user=executive)


def test_organisation_access_takes_two_queries_and_still_knows_system_admins(
    personas: Any, django_assert_num_queries: Any
) -> None:
    with django_assert_num_queries(2):
        access = org_access_get(user=personas.member.user, org_slug="alpha")
    assert access is not None and access.membership == personas.member and not access.is_system_admin
    system_admin = SystemMembershipFactory(system=personas.org_a.system, role="system_admin").user
    access = org_access_get(user=system_admin, org_slug="beta")
    assert access is not None and access.membership is None and access.is_system_admin
    # An admin of another ICS is nobody here.
    other = SystemMembershipFactory(role="system_admin").user
    assert org_access_get(user=other, org_slug="alpha") is None


def test_the_system_admin_link_follows_the_role_without_asking_twice(personas: Any) -> None:
    system_admin = SystemMembershipFactory(system=personas.org_a.system, role="system_admin").user
    give_totp(system_admin)
    assert "System admin" in client_for(system_admin).get("/").content.decode()
    assert "System admin" not in client_for(personas.member.user).get("/").content.decode()
