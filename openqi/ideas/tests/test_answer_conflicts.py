"""Two people writing the "you said, we did" answer at once: the second is shown both answers and
chooses, rather than silently replacing the first (issue 24); the audit keeps old and new."""

from typing import Any

import pytest
from django.test import Client

from openqi.audit.models import AuditEvent
from openqi.core.tests.form_fields import form_fields
from openqi.ideas import services
from openqi.ideas.models import Idea, Status
from openqi.ideas.tests.helpers import share

pytestmark = pytest.mark.django_db


@pytest.fixture
def implemented(personas: Any) -> Idea:
    idea, _ = share(personas.member)
    lead = personas.lead.user
    services.idea_change_status(actor=lead, idea=idea, status=Status.UNDER_REVIEW)
    services.idea_change_status(actor=lead, idea=idea, status=Status.ACCEPTED, accepted_as="being_tested")
    services.idea_change_status(actor=lead, idea=idea, status=Status.IMPLEMENTED, message="Clocks fitted")
    return idea


def test_a_second_answer_written_meanwhile_is_a_conflict_not_an_overwrite(
    implemented: Idea, lead_client: Client, admin_client_a: Client
) -> None:
    url = f"/o/alpha/ideas/{implemented.pk}/answer/"
    tab_a, tab_b = form_fields(lead_client.get(url).content), form_fields(admin_client_a.get(url).content)
    assert lead_client.post(url, {**tab_a, "answer": "Clocks are up in every side room"}).status_code == 302
    response = admin_client_a.post(url, {**tab_b, "answer": "We fitted clocks in side rooms"})
    assert response.status_code == 200
    page = response.content.decode()
    assert "Clocks are up in every side room" in page and "We fitted clocks in side rooms" in page
    assert Idea.objects.get(pk=implemented.pk).public_answer == "Clocks are up in every side room"

    # The second person keeps their own wording, knowing it replaces the first.
    again = form_fields(page)
    assert admin_client_a.post(url, {**again, "edit_resolve_answer": "mine"}).status_code == 302
    assert Idea.objects.get(pk=implemented.pk).public_answer == "We fitted clocks in side rooms"
    event = AuditEvent.objects.filter(action="idea.answer").latest("id")
    assert event.detail["changes"] == {
        "public_answer": ["Clocks are up in every side room", "We fitted clocks in side rooms"]
    }
