"""The one-sentence summary is the chart's text alternative, so it must read well in every case."""

from openqi.spc import analyse

MONTHS = [f"2024-{m:02d}-01" for m in range(1, 13)] + [f"2025-{m:02d}-01" for m in range(1, 13)]


def test_special_cause_improvement_from_a_shift_names_the_run_and_its_start() -> None:
    values = [14.0, 10.0] * 8 + [13.0, 13.5, 12.8, 13.2, 12.9, 13.4, 13.1]
    r = analyse(values, x=MONTHS[: len(values)])
    assert r.summary == "Special cause improvement: 7 points above the mean since May 2025."


def test_concern_from_a_point_outside_names_the_value_and_limit() -> None:
    values = [10.0, 11.0] * 8 + [2.0]
    r = analyse(values, x=MONTHS[: len(values)])
    assert r.summary.startswith(
        "Special cause concern: the latest value (2, May 2025) is below the lower process limit"
    )


def test_too_few_points_says_how_many_are_needed() -> None:
    assert analyse([1.0, 2.0, 3.0]).summary == (
        "Too few points to judge variation: 3 points so far, and process limits need at least 13."
    )


def test_common_cause_with_a_target_mentions_the_target() -> None:
    values = [20, 24, 20, 26, 22, 16, 18, 16, 31, 28, 34, 26, 30, 19, 18]
    s = analyse(values, target=40).summary
    assert s == (
        "Common cause variation only: the 15 points vary between 8.76 and 37.6 around a mean of 23.2; "
        "the target of 40 will not be met unless the process changes."
    )


def test_a_trend_reads_as_points_rising_in_a_row() -> None:
    values = [10.0, 11.0] * 7 + [9.0, 10.5, 11.5, 12.5, 13.0, 13.5]
    assert analyse(values).summary.startswith("Special cause improvement: 6 points rising in a row since point 15")


def test_common_cause_now_but_special_cause_earlier_is_said() -> None:
    values = [10.0, 11.0] * 8 + [30.0] + [10.5, 10.0]
    s = analyse(values).summary
    assert s == (
        "Common cause variation at the latest point (point 19), but 17 earlier points show special cause variation."
    )


def test_empty_series_and_percent_charts() -> None:
    assert analyse([]).summary == "No data to chart yet."
    r = analyse([5.0, 6.0] * 8, n=[100.0] * 16, chart="p")
    assert "%" in r.summary
