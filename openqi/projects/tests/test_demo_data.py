"""The demo data: the Northfield falls project tells the story of six PDSA cycles."""

from collections import Counter
from typing import Any

import pytest
from django.core.management import call_command

from openqi.projects.models import DriverNode, PdsaCycle, Project
from openqi.projects.presenters import flatten
from openqi.projects.selectors import driver_nodes, pdsa_markers_for

pytestmark = pytest.mark.django_db


def test_the_demo_has_the_falls_project_and_others_at_other_stages(db: Any) -> None:
    call_command("seed_demo", "--force")
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
    assert {"test", "plan", "diagnose", "closed", "implement"} <= stages


def test_running_the_demo_again_changes_nothing(db: Any) -> None:
    call_command("seed_demo", "--force")
    counts = (Project.objects.count(), DriverNode.objects.count(), PdsaCycle.objects.count())
    call_command("seed_demo", "--force")
    assert (Project.objects.count(), DriverNode.objects.count(), PdsaCycle.objects.count()) == counts


def test_the_demo_has_a_public_change_package_to_adopt_across_the_ics(db: Any) -> None:
    call_command("seed_demo", "--force")
    hydration = Project.objects.get(title="Hydration rounds on Ward 3")
    assert hydration.visibility == "public" and hydration.stage == "closed"
    assert hydration.driver_nodes.count() == 4
    assert list(hydration.pdsa_cycles.values_list("status", flat=True)) == ["adopted"]
    call_command("seed_demo", "--force")  # idempotent
    assert hydration.driver_nodes.count() == 4
