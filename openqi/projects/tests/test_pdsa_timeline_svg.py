"""The PDSA timeline: a row per cycle on a shared date axis, status in words."""

import datetime

from openqi.projects.presenters.pdsa_timeline import (
    AXIS_HEIGHT,
    BAR_HEIGHT,
    LABEL_WIDTH,
    PLOT_WIDTH,
    ROW_HEIGHT,
    CycleSpan,
    PdsaTimelinePresenter,
)

TODAY = datetime.date(2026, 5, 1)
JAN = datetime.date(2026, 1, 1)


def timeline(*cycles: CycleSpan) -> object:
    return PdsaTimelinePresenter(cycles=list(cycles), today=TODAY).timeline()


def test_bars_run_from_start_to_decision_on_one_axis() -> None:
    t = timeline(
        CycleSpan(1, JAN, datetime.date(2026, 2, 1), "adopted", "Adopted"),
        CycleSpan(2, datetime.date(2026, 3, 2), None, "doing", "Doing"),
    )
    first, second = t.bars  # type: ignore[attr-defined]
    span = (TODAY - JAN).days  # the running cycle stretches the axis to today
    assert first.x == LABEL_WIDTH
    assert first.width == round(PLOT_WIDTH * 31 / span, 1)
    assert second.x == round(LABEL_WIDTH + PLOT_WIDTH * 60 / span, 1)
    assert second.x + second.width == LABEL_WIDTH + PLOT_WIDTH
    assert (first.y, second.y) == (
        AXIS_HEIGHT + (ROW_HEIGHT - BAR_HEIGHT) / 2,
        AXIS_HEIGHT + ROW_HEIGHT + (ROW_HEIGHT - BAR_HEIGHT) / 2,
    )
    assert (first.note, second.note) == ("Adopted", "Doing (running)")
    assert [tick.label for tick in t.ticks] == ["Jan 2026", "Feb 2026", "Mar 2026", "Apr 2026", "May 2026"]  # type: ignore[attr-defined]


def test_cycles_without_a_start_are_counted_not_drawn() -> None:
    t = timeline(CycleSpan(1, None, None, "planned", "Planned"), CycleSpan(2, TODAY, None, "planned", "Planned"))
    assert len(t.bars) == 1 and t.left_out == 1  # type: ignore[attr-defined]
    planned = t.bars[0]  # type: ignore[attr-defined]
    assert (planned.x, planned.width, planned.note) == (LABEL_WIDTH, 4, "Planned")  # not begun: a mark, not a bar
    empty = timeline(CycleSpan(1, None, None, "planned", "Planned"))
    assert empty.bars == () and empty.left_out == 1  # type: ignore[attr-defined]
