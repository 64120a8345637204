"""Co-production's helpers: volunteer through the pages, confirm by the emailed link, and a
project of organisation A that asks for involvement."""

import re
from typing import Any

import pytest
from django.core import mail
from django.test import Client

from openqi.coproduction import services
from openqi.coproduction.models import InvolvementRequest, Registration, Stage, Volunteer
from openqi.core.submission import FIELD_NAME, new_token
from openqi.projects import services as project_services
from openqi.projects.models import Project


def post(client: Client, url: str, data: dict[str, Any] | None = None) -> Any:
    return client.post(url, {**(data or {}), FIELD_NAME: new_token()})


def volunteer_data(personas: Any, **changes: Any) -> dict[str, Any]:
    return {
        "name": "Pat Public",
        "email": "pat@example.org",
        "organisations": [personas.org_a.pk],
        "services": ["older_people", "carer"],
        "skills": ["reading", "meetings"],
        "interests": "Clearer discharge letters",
        "availability": ["weekday_day", "online"],
        "contact_by": "email",
        "phone": "",
        "adjustments": "Step-free access",
        "payment": "voucher",
        "consent": "on",
        **changes,
    }


def last_link(pattern: str) -> str:
    found = re.findall(r"https?://[^\s]+" + pattern + r"[^\s]*", mail.outbox[-1].body)
    assert found, mail.outbox[-1].body
    return re.sub(r"^https?://[^/]+", "", found[-1])


def volunteer_and_confirm(client: Client, personas: Any, **changes: Any) -> Volunteer:
    slug = personas.org_a.system.slug
    response = post(client, f"/involve/{slug}/volunteer/", volunteer_data(personas, **changes))
    assert response.status_code == 200, response.content.decode()[:3000]
    response = post(client, last_link("/confirm/"))
    assert response.status_code == 302
    return Volunteer.objects.get(email=changes.get("email", "pat@example.org"))


def make_active(volunteer: Volunteer, organisation: Any, actor: Any) -> Registration:
    registration = Registration.objects.get(volunteer=volunteer, organisation=organisation)
    return services.registration_update(
        actor=actor,
        registration=registration,
        stage=Stage.ACTIVE,
        conversation_held=True,
        induction_done=True,
        payment_details_recorded=True,
        notes="Prefers mornings",
    )


@pytest.fixture
def project(personas: Any) -> Project:
    return project_services.project_create(
        actor=personas.lead.user,
        organisation=personas.org_a,
        title="Home safely after discharge",
        problem="People go home without the help they need.",
        domains=["safe"],
    )


@pytest.fixture
def involvement_request(personas: Any, project: Project) -> InvolvementRequest:
    return services.request_create(
        actor=personas.lead.user,
        organisation=personas.org_a,
        project=project,
        purpose="codesign",
        description="Help us rewrite the discharge leaflet.",
        experience=["older_people", "carer"],
        skills=["reading"],
        availability=["online"],
        when="Two Tuesday afternoons in March",
        where="Online",
        how_long="2 hours each",
        payment="voucher",
        places=2,
    )
