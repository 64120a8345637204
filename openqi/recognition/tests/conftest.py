from typing import Any

import pytest

from openqi.factories import MembershipFactory, UserFactory
from openqi.organisations.models import Membership, Role


@pytest.fixture
def colleague(personas: Any) -> Membership:
    """A second staff member on Ward 1 of organisation A."""
    return MembershipFactory(
        organisation=personas.org_a,
        role=Role.STAFF,
        team=personas.member.team,
        user=UserFactory(email="colleague@alpha.nhs.uk", full_name="Chris Colleague"),
    )
