"""The network's personas: the ICS of organisation A, its CQI team (a system admin), a partner
domain for organisation A, and a helper that joins and confirms a member through the pages."""

import re
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

import pytest
from django.core import mail
from django.test import Client
from django.utils import timezone

from openqi.conftest import Personas, client_for, give_totp
from openqi.core.submission import FIELD_NAME, new_token
from openqi.factories import UserFactory
from openqi.network import services
from openqi.network.models import Event, PartnerDomain
from openqi.organisations.models import System, SystemMembership, SystemRole


@dataclass
class Network:
    system: System
    team_user: Any
    personas: Personas


@pytest.fixture
def network(personas: Personas) -> Network:
    system = personas.org_a.system
    PartnerDomain.objects.create(organisation=personas.org_a, domain="alpha.nhs.uk")
    team_user = UserFactory(email="cqi@ics.nhs.uk")
    SystemMembership.objects.create(user=team_user, system=system, role=SystemRole.SYSTEM_ADMIN)
    give_totp(team_user)
    return Network(system=system, team_user=team_user, personas=personas)


@pytest.fixture
def team_client(network: Network) -> Client:
    return client_for(network.team_user)


def post(client: Client, url: str, data: dict[str, Any] | None = None) -> Any:
    return client.post(url, {**(data or {}), FIELD_NAME: new_token()})


JOIN = {
    "name": "Pat Public",
    "email": "pat@example.org",
    "job_role": "Carer",
    "topics": ["mfi", "coproduction"],
    "domains": ["patient_centred"],
    "services": "Urgent care",
    "contact": "everything",
    "consent": "on",
}


def last_link(pattern: str) -> str:
    found = re.findall(r"https?://[^\s]+" + pattern + r"[^\s]*", mail.outbox[-1].body)
    assert found, mail.outbox[-1].body
    return re.sub(r"^https?://[^/]+", "", found[-1])


def join_and_confirm(client: Client, system: System, **changes: Any) -> Any:
    """Join through the form and follow the emailed link; returns the confirmed member's client."""
    response = post(client, f"/network/{system.slug}/join/", {**JOIN, **changes})
    assert response.status_code == 200, response.content.decode()[:2000]
    link = last_link("/join/confirm/")
    response = post(client, link)
    assert response.status_code == 302
    return client


def an_event(network: Network, *, capacity: int = 2, days_ahead: float = 7, mode: str = "online") -> Event:
    starts = timezone.now() + timedelta(days=days_ahead)
    return services.event_create(
        actor=network.team_user,
        system=network.system,
        title="Measurement for improvement",
        description="Run charts and SPC for beginners.",
        kind="learning",
        mode=mode,
        starts_at=starts,
        ends_at=starts + timedelta(hours=2),
        capacity=capacity,
        venue="Riverside Education Centre, Room 2" if mode == "in_person" else "",
        accessibility="Step-free access and a hearing loop." if mode == "in_person" else "",
        online_link="https://meet.example.org/secret-room" if mode == "online" else "",
    )
