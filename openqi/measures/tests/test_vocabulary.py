"""A measure stores the shared measure types (openqi.vocabulary), the same ones a project's link uses."""

from openqi.measures.forms import MeasureForm
from openqi.measures.models import Measure
from openqi.vocabulary import MeasureType


def test_a_measure_stores_and_offers_the_shared_measure_types() -> None:
    assert list(Measure._meta.get_field("measure_type").choices or []) == list(MeasureType.choices)
    assert list(MeasureForm.base_fields["measure_type"].choices) == list(MeasureType.choices)
