"""Finding causes: fishbone diagrams and 5 whys chains."""

from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.test import Client

from openqi.audit.models import AuditEvent
from openqi.projects import services
from openqi.projects.models import MAX_WHYS, Fishbone, FishboneCause, Project, WhyStep

pytestmark = pytest.mark.django_db


def test_a_fishbone_gathers_causes_by_category(project: Project, personas: Any) -> None:
    lead = personas.lead.user
    fishbone = services.fishbone_create(actor=lead, project=project, problem=" Falls at night ")
    services.fishbone_cause_add(actor=lead, fishbone=fishbone, category="people", text="Agency staff new to the ward")
    cause = services.fishbone_cause_add(actor=lead, fishbone=fishbone, category="environment", text="Dim lighting")
    with pytest.raises(ValidationError):
        services.fishbone_cause_add(actor=lead, fishbone=fishbone, category="weather", text="Rain")
    with pytest.raises(ValidationError):
        services.fishbone_cause_add(actor=lead, fishbone=fishbone, category="people", text=" ")
    services.fishbone_cause_remove(actor=lead, cause=cause)
    assert fishbone.problem == "Falls at night"
    assert list(fishbone.causes.values_list("text", flat=True)) == ["Agency staff new to the ward"]
    actions = list(AuditEvent.objects.filter(action__startswith="fishbone.").values_list("action", flat=True))
    assert sorted(actions) == ["fishbone.cause_add", "fishbone.cause_add", "fishbone.cause_remove", "fishbone.create"]


def test_a_why_chain_stops_at_five_and_its_last_answer_is_the_root_cause(project: Project, personas: Any) -> None:
    lead = personas.lead.user
    chain = services.why_chain_create(actor=lead, project=project, problem="Risk assessment done late")
    for n in range(MAX_WHYS):
        services.why_step_add(actor=lead, chain=chain, answer=f"Because {n + 1}")
    with pytest.raises(ValidationError, match="at most"):
        services.why_step_add(actor=lead, chain=chain, answer="Because 6")
    services.why_step_remove_last(actor=lead, chain=chain)
    assert list(chain.steps.values_list("position", flat=True)) == [1, 2, 3, 4]
    assert services.why_step_add(actor=lead, chain=chain, answer="No prompt on the form").position == 5
    assert AuditEvent.objects.filter(action="whys.add").count() == MAX_WHYS + 1


def test_the_cause_pages_render_with_the_diagram_and_its_list(
    project: Project, personas: Any, lead_client: Client
) -> None:
    base = f"/o/alpha/projects/{project.pk}/causes/"
    response = lead_client.post(base + "fishbones/new/", {"problem": "Falls at night"})
    fishbone = Fishbone.objects.get()
    assert response["Location"].endswith(f"/causes/fishbones/{fishbone.pk}/")
    lead_client.post(base + f"fishbones/{fishbone.pk}/", {"category": "equipment", "text": "Broken bed alarms"})
    page = lead_client.get(base + f"fishbones/{fishbone.pk}/").content.decode()
    assert "<svg" in page and page.count("Broken bed alarms") == 4  # banner, drawing, list, remove button
    lead_client.post(base + "whys/new/", {"problem": "Late assessments"})
    chain_url = base + f"whys/{project.why_chains.get().pk}/"
    lead_client.post(chain_url, {"answer": "No time at admission"})
    assert "Root cause so far:" in lead_client.get(chain_url).content.decode()
    assert "Late assessments" in lead_client.get(base).content.decode()


def test_bad_cause_input_shows_the_error_summary_and_saves_nothing(
    project: Project, personas: Any, lead_client: Client
) -> None:
    fishbone = services.fishbone_create(actor=personas.lead.user, project=project, problem="Falls")
    response = lead_client.post(f"/o/alpha/projects/{project.pk}/causes/fishbones/{fishbone.pk}/", {"text": ""})
    html = response.content.decode()
    assert "nhsuk-error-summary" in html and "Choose a category" in html and "Enter the cause" in html
    assert not FishboneCause.objects.exists()
    chain = services.why_chain_create(actor=personas.lead.user, project=project, problem="Late")
    response = lead_client.post(f"/o/alpha/projects/{project.pk}/causes/whys/{chain.pk}/", {"answer": " "})
    assert "Enter the answer to ‘why?’" in response.content.decode()
    assert not WhyStep.objects.exists()


def test_staff_off_the_project_read_causes_but_cannot_add_them(
    project: Project, personas: Any, member_client: Client
) -> None:
    fishbone = services.fishbone_create(actor=personas.lead.user, project=project, problem="Falls")
    url = f"/o/alpha/projects/{project.pk}/causes/fishbones/{fishbone.pk}/"
    assert member_client.get(url).status_code == 200
    assert member_client.post(url, {"category": "people", "text": "x"}).status_code == 403
    assert member_client.get(f"/o/alpha/projects/{project.pk}/causes/whys/new/").status_code == 403
