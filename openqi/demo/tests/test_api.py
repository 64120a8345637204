from typing import Any

from openqi.accounts.models import User
from openqi.api.models import ApiToken
from openqi.demo.api import seed_api_tokens
from openqi.factories import MembershipFactory, OrganisationFactory, UserFactory


def test_demo_tokens_are_seeded_once_in_use_and_without_a_usable_secret(db: Any) -> None:
    organisation = OrganisationFactory(slug="northfield")
    lead: User = UserFactory(email="lead@northfield.example")
    MembershipFactory(organisation=organisation, user=lead, role="lead")
    seed_api_tokens(organisation=organisation, lead=lead)
    seed_api_tokens(organisation=organisation, lead=lead)
    tokens = list(ApiToken.objects.order_by("name"))
    assert [(t.name, t.access) for t in tokens] == [
        ("Data warehouse nightly load", "write"),
        ("Power BI board pack refresh", "read"),
    ]
    assert all(t.last_used_at is not None and t.status == "Active" for t in tokens)
