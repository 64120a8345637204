"""Projects speak the shared vocabulary (openqi.vocabulary): the same quality domains as ideas and
the same measure types as the measures app, so a value written by one app reads the same in another
(the other sides are in ideas/tests and measures/tests, test_vocabulary.py)."""

from openqi.projects.library import TEMPLATES
from openqi.projects.models import Project, ProjectLink, SuggestedMeasure
from openqi.vocabulary import Domain, MeasureType


def test_every_template_uses_only_shared_domains_and_measure_types() -> None:
    for template in TEMPLATES:
        assert set(template.domains) <= set(Domain.values), template.key
        assert {m.family for m in template.measures} <= set(MeasureType.values), template.key


def test_project_links_and_suggested_measures_store_the_shared_measure_type_choices() -> None:
    expected = list(MeasureType.choices)
    assert list(ProjectLink._meta.get_field("measure_type").choices or []) == expected
    assert list(SuggestedMeasure._meta.get_field("family").choices or []) == expected


def test_a_project_labels_its_domains_from_the_shared_vocabulary() -> None:
    project = Project(domains=[Domain.EQUITABLE, "retired", Domain.SAFE])
    assert project.domain_labels == ["Equitable", "Safe"]
