"""The demo data: the Northfield falls project tells the story of six PDSA cycles."""

from collections import Counter
from decimal import Decimal
from typing import Any

import pytest
from django.apps import apps
from django.core.management import call_command
from django.test import Client

from openqi.projects.models import (
    DriverNode,
    InvolvementEntry,
    PdsaCycle,
    Project,
    ProjectMember,
    ProjectOrganisation,
    Story,
)
from openqi.projects.presenters import flatten
from openqi.projects.scoring import progress_suggest
from openqi.projects.selectors import driver_nodes, pdsa_markers_for, progress_evidence

# Every test reads the demo: seeded once for the module (conftest.py), each test in a savepoint.
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("demo_seeded_for_module")]


def test_the_demo_has_the_falls_project_and_others_at_other_stages(db: Any) -> None:
    falls = Project.objects.get(title="Fewer falls with harm on Ward 9")
    assert falls.has_aim and falls.stage == "test"
    assert Counter(falls.pdsa_cycles.values_list("status", flat=True)) == {
        "adopted": 2,
        "adapted": 1,
        "abandoned": 1,
        "doing": 1,
        "planned": 1,
    }
    assert {n.depth for n in flatten(driver_nodes(project=falls))} == {1, 2, 3}
    assert len(pdsa_markers_for(organisation=falls.organisation, project_ids=[falls.pk])) == 10
    assert falls.fishbones.get().causes.count() == 8
    assert falls.why_chains.get().steps.count() == 4
    assert falls.process_maps.get().steps.count() == 6
    stages = set(Project.objects.values_list("stage", flat=True))
    assert {"test", "plan", "diagnose", "closed", "implement", "spread", "sustain"} <= stages
    # Ten more projects besides the falls project, across both organisations, and the network
    # collaborative's two (one per trust).
    others = Project.objects.exclude(pk=falls.pk)
    assert others.count() == 12
    assert set(others.values_list("organisation__slug", flat=True)) == {"northfield", "riverside"}


def test_the_falls_project_links_the_falls_measures_and_earns_a_suggested_score_of_4(db: Any) -> None:
    falls = Project.objects.get(title="Fewer falls with harm on Ward 9")
    measure = apps.get_model("measures", "Measure")
    linked = {link.label: link for link in falls.links.filter(kind="measure")}
    for name, link in linked.items():
        assert measure.objects.get(pk=link.ref_id, organisation=falls.organisation).name == name
    assert linked["Falls per 1,000 bed days"].evidence == "sustained"
    assert progress_suggest(progress_evidence(project=falls)).score == Decimal("4.0")
    assert falls.progress_score == Decimal("4.0")


def test_the_demo_has_two_published_stories_and_partner_involvement(db: Any) -> None:
    published = Story.objects.filter(status="published")
    assert published.count() == 2
    falls_story = published.get(project__title="Fewer falls with harm on Ward 9")
    assert falls_story.chart_link is not None and falls_story.credit_team
    page = Client().get(f"/p/northfield/stories/{falls_story.pk}/").content.decode()
    assert 'class="openqi-chart openqi-chart--wide"' in page
    entries = InvolvementEntry.objects.filter(project=falls_story.project)
    assert entries.count() == 4 and {e.person_name for e in entries} == {"Pat Partner"}


def test_running_the_demo_again_changes_nothing(db: Any) -> None:

    def counts() -> tuple[int, ...]:
        return (
            Project.objects.count(),
            DriverNode.objects.count(),
            PdsaCycle.objects.count(),
            Story.objects.count(),
            InvolvementEntry.objects.count(),
            ProjectOrganisation.objects.count(),
            ProjectMember.objects.count(),
        )

    before = counts()
    call_command("seed_demo", "--force")
    assert counts() == before


def test_the_demo_has_a_public_change_package_to_adopt_across_the_ics(db: Any) -> None:
    hydration = Project.objects.get(title="Hydration rounds on Ward 3")
    assert hydration.visibility == "public" and hydration.stage == "closed"
    assert hydration.driver_nodes.count() == 4
    assert list(hydration.pdsa_cycles.values_list("status", flat=True)) == ["adopted"]
    call_command("seed_demo", "--force")  # idempotent
    assert hydration.driver_nodes.count() == 4


def test_the_demo_shares_a_northfield_project_with_riverside(db: Any) -> None:
    shared = ProjectOrganisation.objects.select_related("project__organisation", "organisation").get()
    assert shared.project.organisation.slug == "northfield" and shared.organisation.slug == "riverside"
    rowan = apps.get_model("accounts", "User").objects.get(email="lead@riverside.example")
    client = Client()
    client.force_login(rowan)
    assert client.get(f"/o/riverside/projects/{shared.project.pk}/").status_code == 200
