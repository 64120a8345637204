"""Issue 24, point 3: organisation forms sent twice with one submission token create one thing."""

from typing import Any

import pytest
from django.core import mail
from django.test import Client

from openqi.conftest import client_for, give_totp
from openqi.core.tests.resubmit import send_twice
from openqi.factories import SystemMembershipFactory
from openqi.organisations.models import Invitation, Organisation, Role, System, Team

pytestmark = pytest.mark.django_db


def test_an_invitation_sent_twice_is_sent_once(personas: Any, lead_client: Client) -> None:
    url = f"/o/{personas.org_a.slug}/members/invite/"
    send_twice(
        lead_client, url, {"email": "new.person@alpha.nhs.uk", "role": Role.STAFF}, count=Invitation.objects.count
    )
    assert len(mail.outbox) == 1


def test_a_team_created_twice_is_created_once(personas: Any, admin_client_a: Client) -> None:
    send_twice(admin_client_a, f"/o/{personas.org_a.slug}/teams/new/", {"name": "Bay A"}, count=Team.objects.count)


def test_a_system_and_an_organisation_created_twice_are_created_once(personas: Any) -> None:
    sysadmin = SystemMembershipFactory(system=personas.org_a.system).user
    give_totp(sysadmin)
    client = client_for(sysadmin)
    send_twice(client, "/system/systems/new/", {"name": "South Valley ICS"}, count=System.objects.count)
    data = {"name": "Gamma GP Federation", "system": personas.org_a.system.pk}
    send_twice(client, "/system/organisations/new/", data, count=Organisation.objects.count)
