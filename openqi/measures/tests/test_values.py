"""One period's numbers are checked and derived by one pure module that data entry, the file
reader and the import service share (no database needed)."""

from openqi.measures.values import ratio_value, subgroup_fields, value_errors


def test_a_ratio_value_is_numerator_over_denominator_for_p_and_u_charts_and_the_value_otherwise() -> None:
    assert ratio_value("p", 3, 12, None) == 0.25
    assert ratio_value("u", 9, 3, None) == 3.0
    assert ratio_value("p", None, 12, 7.0) == 7.0  # nothing to divide: the value as given
    assert ratio_value("i", 3, 12, 7.0) == 7.0


def test_a_percentage_numerator_cannot_exceed_its_denominator() -> None:
    assert value_errors(chart_type="p", value=None, numerator=5, denominator=4) == {
        "numerator": "The numerator cannot be more than the denominator for a percentage"
    }
    assert value_errors(chart_type="u", value=None, numerator=5, denominator=4) == {}


def test_a_subgroup_stores_its_observations_their_mean_and_their_number() -> None:
    assert subgroup_fields([2, 4, 6]) == {"observations": [2.0, 4.0, 6.0], "value": 4.0, "denominator": 3.0}
    assert value_errors(chart_type="xbar", value=None, numerator=None, denominator=None, observations=[1.0]) == {
        "observations": "Enter at least 2 observations: the chart needs their spread"
    }
