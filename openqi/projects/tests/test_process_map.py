"""Process maps: ordered steps with type, owner, minutes and value; totals; pages."""

from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.test import Client

from openqi.audit.models import AuditEvent
from openqi.projects import services
from openqi.projects.models import ProcessMap, ProcessStep, Project

pytestmark = pytest.mark.django_db


@pytest.fixture
def process_map(project: Project, personas: Any) -> ProcessMap:
    return services.process_map_create(actor=personas.lead.user, project=project, title="Night admission")


def texts(process_map: ProcessMap) -> list[str]:
    return list(process_map.steps.values_list("text", flat=True))


def test_steps_are_added_in_order_moved_changed_and_deleted(process_map: ProcessMap, personas: Any) -> None:
    lead = personas.lead.user
    arrive = services.process_step_add(actor=lead, process_map=process_map, kind="start_end", text="Arrives")
    wait = services.process_step_add(actor=lead, process_map=process_map, kind="wait", text="Waits", minutes=90)
    services.process_step_add(
        actor=lead, process_map=process_map, kind="action", text="Assess", owner="Nurse", minutes=20, value_adding=True
    )
    services.process_step_change(actor=lead, step=wait, action="down")
    assert texts(process_map) == ["Arrives", "Assess", "Waits"]
    with pytest.raises(ValidationError, match="already first"):
        services.process_step_change(actor=lead, step=arrive, action="up")
    services.process_step_update(actor=lead, step=wait, kind="wait", text="Waits for a bed", minutes=120)
    services.process_step_change(actor=lead, step=arrive, action="delete")
    assert texts(process_map) == ["Assess", "Waits for a bed"]
    assert list(process_map.steps.values_list("position", flat=True)) == [0, 1]
    actions = set(AuditEvent.objects.filter(action__startswith="process_map.").values_list("action", flat=True))
    assert actions == {
        "process_map.create",
        "process_map.step_add",
        "process_map.step_down",
        "process_map.step_update",
        "process_map.step_delete",
    }


def test_a_step_needs_a_type_and_words_and_sensible_minutes(process_map: ProcessMap, personas: Any) -> None:
    with pytest.raises(ValidationError) as error:
        services.process_step_add(
            actor=personas.lead.user, process_map=process_map, kind="teleport", text=" ", minutes=10**7
        )
    assert set(error.value.message_dict) == {"kind", "text", "minutes"}
    assert not ProcessStep.objects.exists()


def test_the_map_page_shows_the_flowchart_table_and_totals(
    process_map: ProcessMap, personas: Any, lead_client: Client
) -> None:
    url = f"/o/alpha/projects/{process_map.project_id}/process-maps/{process_map.pk}/"
    lead_client.post(url, {"kind": "action", "text": "Assess", "minutes": "30", "value_adding": "1"})
    lead_client.post(url, {"kind": "wait", "text": "Wait for porter", "minutes": "90"})
    html = lead_client.get(url).content.decode()
    assert "<svg" in html and "<polygon" not in html
    assert "2 steps, 120 minutes in all: 30 minutes (25%) add value and 90 are spent waiting." in html
    step = process_map.steps.get(text="Assess")
    assert lead_client.get(url + f"steps/{step.pk}/edit/").status_code == 200


def test_bad_step_input_shows_the_error_summary_and_saves_nothing(process_map: ProcessMap, lead_client: Client) -> None:
    url = f"/o/alpha/projects/{process_map.project_id}/process-maps/{process_map.pk}/"
    response = lead_client.post(url, {"kind": "action", "text": "", "minutes": "ten"})
    html = response.content.decode()
    assert "nhsuk-error-summary" in html
    assert "Enter what happens at this step" in html and "Enter minutes as a whole number, like 15" in html
    assert not ProcessStep.objects.exists()


def test_staff_off_the_project_cannot_change_a_map(
    process_map: ProcessMap, personas: Any, member_client: Client
) -> None:
    url = f"/o/alpha/projects/{process_map.project_id}/process-maps/{process_map.pk}/"
    assert member_client.get(url).status_code == 200
    assert member_client.post(url, {"kind": "action", "text": "x"}).status_code == 403
    assert not ProcessStep.objects.exists()
