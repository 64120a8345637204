"""The chart presenter turns engine results into SVG geometry without any queries."""

import datetime
import itertools
from typing import Any

import pytest

from openqi.measures.models import Annotation, ChartEvent, DataPoint, Measure
from openqi.measures.presenters import (
    BLUE,
    GREY,
    ChartPresenter,
    assurance_icon,
    format_number,
    sparkline_path,
    unit_label,
    variation_icon,
)
from openqi.measures.selectors import measure_chart_from
from openqi.measures.tests.conftest import IMPROVED, STABLE

START = datetime.date(2024, 1, 1)


def _measure(**overrides: Any) -> Measure:
    fields: dict[str, Any] = {"name": "ALOS", "frequency": "weekly", "chart_type": "i", "improvement": "decrease"}
    fields.update(overrides)
    return Measure(pk=1, organisation_id=1, **fields)


def _points(measure: Measure, values: list[float | None]) -> list[DataPoint]:
    return [
        DataPoint(measure=measure, period=START + datetime.timedelta(weeks=i), value=v)
        for i, v in enumerate(values)
        if v is not None
    ]


def _presenter(
    values: list[float | None], events: tuple[Any, ...] = (), notes: tuple[Any, ...] = (), **kw: Any
) -> ChartPresenter:
    measure = _measure(**kw)
    chart = measure_chart_from(measure=measure, points=_points(measure, values), events=events, annotations=notes)
    return ChartPresenter(chart)


def test_every_point_lies_inside_the_plot_area() -> None:
    # No database in these tests: a query anywhere in the presenter would fail them.
    p = _presenter(STABLE + IMPROVED, target=4.5)
    markers = p.markers
    assert len(markers) == 30
    for m in markers:
        assert p.left <= m.x <= p.width - p.right
        assert p.top <= m.y <= p.height - p.bottom
    assert p.top <= p.target_y <= p.height - p.bottom  # type: ignore[operator]


def test_a_lower_value_is_drawn_lower_on_the_chart() -> None:
    p = _presenter(STABLE + IMPROVED)
    assert p.markers[-1].y > p.markers[0].y  # SVG y grows downwards


def test_special_cause_improvement_is_blue_and_square_and_common_cause_grey_circles() -> None:
    p = _presenter([*STABLE, 3.0])
    assert p.markers[0].colour == GREY and p.markers[0].shape == "circle"
    assert p.markers[-1].colour == BLUE and p.markers[-1].shape == "square"
    assert "improvement" in p.markers[-1].label
    assert {label for _, _, label in p.legend} == {"Common cause", "Special cause: improvement"}


def test_a_missing_value_breaks_the_line_into_two_paths() -> None:
    values: list[float | None] = list(STABLE)
    values[10] = None
    p = _presenter(values)
    assert len(p.value_path) == 2
    assert len(p.markers) == 19


def test_a_recalculation_draws_separate_centre_lines_and_a_part_break() -> None:
    measure = _measure()
    points = _points(measure, STABLE + IMPROVED + IMPROVED)
    rebase = ChartEvent(measure=measure, period=points[20].period, kind="rebase", reason="x")
    chart = measure_chart_from(measure=measure, points=points, events=(rebase,))
    p = ChartPresenter(chart)
    assert len(p.centre_path) == 2
    assert len(p.part_breaks) == 1
    assert p.markers[19].x < p.part_breaks[0] < p.markers[20].x


def test_a_ghosted_point_is_hollow_and_listed_as_ghosted() -> None:
    measure = _measure()
    points = _points(measure, STABLE)
    ghost = ChartEvent(measure=measure, period=points[4].period, kind="ghost", reason="x")
    p = ChartPresenter(measure_chart_from(measure=measure, points=points, events=(ghost,)))
    assert p.markers[4].hollow and not p.markers[3].hollow
    assert p.table[4].ghosted
    assert p.export_rows()[4][11] == "yes"


def test_annotations_are_numbered_and_placed_at_their_point() -> None:
    measure = _measure()
    points = _points(measure, STABLE)
    note = Annotation(measure=measure, period=points[7].period, text="PDSA 1", kind="pdsa")
    later = Annotation(measure=measure, period=points[9].period + datetime.timedelta(days=2), text="Between")
    p = ChartPresenter(measure_chart_from(measure=measure, points=points, annotations=(note, later)))
    marks = p.annotation_marks
    assert [m.number for m in marks] == [1, 2]
    assert marks[0].x == p.markers[7].x
    assert marks[1].x == p.markers[9].x


def test_fewer_than_13_points_draw_a_run_chart_without_limits() -> None:
    p = _presenter(STABLE[:8])
    assert p.chart.chart_used == "run"
    assert p.limit_paths == []
    assert p.description.startswith("Run chart of ALOS.")


def test_the_data_table_and_export_hold_every_value_with_its_limits() -> None:
    p = _presenter(STABLE + IMPROVED)
    assert len(p.table) == 30
    assert p.table[0].centre and p.table[0].lower and p.table[0].upper
    row = p.export_rows()[-1]
    assert row[0] == (START + datetime.timedelta(weeks=29)).isoformat()
    assert row[9] == "special_cause_improvement"
    assert "shift" in row[10]


def test_p_chart_values_and_limits_are_percentages() -> None:
    measure = _measure(chart_type="p", improvement="increase")
    points = [
        DataPoint(measure=measure, period=START + datetime.timedelta(weeks=i), numerator=80 + i % 3, denominator=100)
        for i in range(15)
    ]
    p = ChartPresenter(measure_chart_from(measure=measure, points=points))
    assert p.ys[0] == pytest.approx(80)
    assert p.unit_label == "%"


def test_icons_carry_letters_and_labels_not_only_colours() -> None:
    assert variation_icon("improvement_low").letter == "L"  # type: ignore[union-attr]
    assert variation_icon("concern_high").letter == "H"  # type: ignore[union-attr]
    assert variation_icon("common_cause").letter == "C"  # type: ignore[union-attr]
    assert assurance_icon("pass").label == "Target consistently met"  # type: ignore[union-attr]
    assert variation_icon("none") is None and assurance_icon("none") is None


def test_numbers_are_shown_with_three_significant_figures() -> None:
    assert format_number(1234.567) == "1,235"
    assert format_number(0.012345) == "0.0123"
    assert format_number(5.0) == "5"
    assert format_number(None) == ""


def test_a_sparkline_needs_two_values_and_breaks_at_gaps() -> None:
    assert sparkline_path([1.0]) == ""
    assert sparkline_path([1.0, 2.0, None, 3.0, 4.0]).count("M") == 2


def test_the_target_line_starts_at_its_from_date() -> None:
    assert _presenter(STABLE, target=4.5).target_x_start == ChartPresenter.left
    p = _presenter(STABLE, target=4.5, target_from=START + datetime.timedelta(weeks=10))
    assert p.markers[9].x < p.target_x_start < p.markers[10].x


def test_the_unit_says_what_the_numbers_are_in() -> None:
    assert _presenter(STABLE, chart_type="i", unit="days").unit_label == "days"
    assert unit_label(_measure(chart_type="p")) == "%"
    assert unit_label(_measure(chart_type="u", rate_per=1000, unit="bed days")) == "per 1,000 bed days"


def _notes(measure: Measure, points: list[DataPoint], indexes: list[int]) -> tuple[Annotation, ...]:
    return tuple(
        Annotation(measure=measure, period=points[i].period, text=f"PDSA {n}", kind="pdsa")
        for n, i in enumerate(indexes, start=1)
    )


def test_clustered_pdsa_flags_stack_instead_of_overlapping() -> None:
    """Issue 22.7: cycles close in time hid each other's numbers."""
    measure = _measure()
    points = _points(measure, STABLE * 3)
    p = ChartPresenter(
        measure_chart_from(measure=measure, points=points, annotations=_notes(measure, points, [40, 41]))
    )
    first, second = p.flags
    assert (first.label, second.label) == ("1", "2")
    assert {first.level, second.level} == {0, 1}  # 11 units apart: the second goes up a level
    assert p.top > 28 and p.height - p.top - p.bottom == 236  # room above; the plot keeps its height
    for a in p.flags:
        assert p.flag_y(a) >= 0


def test_notes_on_one_point_share_a_flag_and_a_crowd_joins_its_neighbour() -> None:
    measure = _measure()
    points = _points(measure, STABLE * 3)
    notes = _notes(measure, points, [5, 5, 40, 41, 42, 43, 44])
    p = ChartPresenter(measure_chart_from(measure=measure, points=points, annotations=notes))
    assert p.flags[0].label == "1, 2" and len(p.flags[0].xs) == 1
    assert max(f.level for f in p.flags) < 3  # never more than three levels
    assert sorted(n for f in p.flags for n in _numbers(f.label)) == list(range(1, 8))  # every note keeps its number
    narrow = p.narrow_variant
    assert max(f.level for f in narrow.flags) < 2
    assert sorted(n for f in narrow.flags for n in _numbers(f.label)) == list(range(1, 8))
    for flags in (p.flags, narrow.flags):
        by_level: dict[int, list[Any]] = {}
        for f in flags:
            by_level.setdefault(f.level, []).append(f)
        for row in by_level.values():
            for left, right in itertools.pairwise(row):
                assert left.box_x + left.box_width <= right.box_x  # no overlap on a level


def _numbers(label: str) -> list[int]:
    if "–" in label:
        low, high = label.split("–")
        return list(range(int(low), int(high) + 1))
    return [int(n) for n in label.split(", ")]


def test_the_narrow_drawing_has_larger_type_and_fewer_date_labels() -> None:
    """Issue 22.11: on a phone the wide drawing shrank its text to about 6 px."""
    p = _presenter(STABLE + IMPROVED)
    narrow = p.narrow_variant
    assert narrow.width == 320 and narrow.font_size == 14
    assert narrow.font_size * 358 / narrow.width >= 12  # drawn across a 390 px phone's column
    assert len(narrow.x_ticks) <= 3 < len(p.x_ticks)
    assert narrow.id_prefix != p.id_prefix
    assert len(narrow.markers) == len(p.markers)
