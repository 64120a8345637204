"""factory_boy factories shared by every app's tests."""

import factory
from allauth.account.models import EmailAddress
from django.utils import timezone

from openqi.accounts.models import User
from openqi.organisations.models import Membership, Organisation, Role, System, SystemMembership, Team

PASSWORD = "correct-horse-battery-staple"  # noqa: S105  (test accounts only)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@example.nhs.uk")
    full_name = factory.Faker("name", locale="en_GB")
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def verified(self, create: bool, extracted: object, **kwargs: object) -> None:
        if create:
            self.save()
            EmailAddress.objects.create(user=self, email=self.email, verified=True, primary=True)


class SystemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = System

    name = factory.Sequence(lambda n: f"Test ICS {n}")
    slug = factory.Sequence(lambda n: f"test-ics-{n}")


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    system = factory.SubFactory(SystemFactory)
    name = factory.Sequence(lambda n: f"Test Hospitals NHS Trust {n}")
    slug = factory.Sequence(lambda n: f"trust-{n}")


class TeamFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Team

    organisation = factory.SubFactory(OrganisationFactory)
    name = factory.Sequence(lambda n: f"Ward {n}")


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    role = Role.STAFF
    created_at = factory.LazyFunction(timezone.now)


class SystemMembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SystemMembership

    user = factory.SubFactory(UserFactory)
    system = factory.SubFactory(SystemFactory)
    role = "system_admin"
