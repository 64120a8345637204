from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import override_settings

from openqi.accounts.models import User
from openqi.organisations.models import Membership, Organisation, Team


def test_seed_demo_is_idempotent_and_refuses_outside_demo_mode(db: Any) -> None:
    with pytest.raises(CommandError):
        call_command("seed_demo")
    with override_settings(DEMO_MODE=True):
        call_command("seed_demo")
        counts = (User.objects.count(), Organisation.objects.count(), Team.objects.count(), Membership.objects.count())
        call_command("seed_demo")
    assert counts == (
        User.objects.count(),
        Organisation.objects.count(),
        Team.objects.count(),
        Membership.objects.count(),
    )
    assert (
        Organisation.objects.filter(slug="northfield").exists()
        and Organisation.objects.filter(slug="riverside").exists()
    )
    assert User.objects.get(email="lead@northfield.example").check_password("openqi-demo")
