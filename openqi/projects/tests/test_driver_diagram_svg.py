"""The driver diagram's SVG geometry: columns by level, parents centred on children, connectors."""

from typing import Any

import pytest

from openqi.projects.presenters import (
    BOX_HEIGHT,
    BOX_WIDTH,
    COLUMN_GAP,
    HEADER,
    ROW_GAP,
    DriverDiagramPresenter,
    driver_outline,
    wrap,
)

ROWS = [
    (1, None, 0, "Safe environment"),
    (2, None, 1, "Staff awareness"),
    (3, 1, 0, "Bay nursing"),
    (4, 3, 0, "Cohort bay at night"),
    (5, 3, 1, "Bay tag"),
    (6, 2, 0, "Safety huddle"),
]


def diagram() -> object:
    return DriverDiagramPresenter(aim="Reduce falls by 30%", roots=driver_outline(ROWS)).diagram()


def test_the_outline_is_built_in_order_with_depths() -> None:
    roots = driver_outline(list(reversed(ROWS)))
    assert [r.text for r in roots] == ["Safe environment", "Staff awareness"]
    assert [c.text for c in roots[0].children[0].children] == ["Cohort bay at night", "Bay tag"]
    assert roots[0].children[0].children[0].depth == 3
    assert roots[0].is_first and roots[1].is_last
    assert not roots[0].can_indent  # nothing above it to go under
    assert roots[1].can_indent  # it and its child still fit within three levels
    assert not roots[0].children[0].children[1].can_indent  # a change idea cannot go deeper


def test_boxes_sit_in_columns_by_level() -> None:
    d = diagram()
    xs = {box.depth: box.x for box in d.boxes}  # type: ignore[attr-defined]
    assert xs == {0: 0, 1: BOX_WIDTH + COLUMN_GAP, 2: 2 * (BOX_WIDTH + COLUMN_GAP), 3: 3 * (BOX_WIDTH + COLUMN_GAP)}
    assert [title for _, title in d.columns] == ["Aim", "Primary drivers", "Secondary drivers", "Change ideas"]  # type: ignore[attr-defined]
    assert d.width == 4 * BOX_WIDTH + 3 * COLUMN_GAP + 1  # type: ignore[attr-defined]


def test_each_leaf_takes_a_row_and_parents_centre_on_their_children() -> None:
    d = diagram()
    by_text = {box.lines[0]: box for box in d.boxes}  # type: ignore[attr-defined]
    row = BOX_HEIGHT + ROW_GAP
    assert by_text["Cohort bay at night"].y == HEADER
    assert by_text["Bay tag"].y == HEADER + row
    assert by_text["Safety huddle"].y == HEADER + 2 * row  # a secondary driver with no ideas is a leaf too
    assert by_text["Bay nursing"].y == HEADER + row / 2
    assert by_text["Safe environment"].y == by_text["Bay nursing"].y
    aim = d.boxes[0]  # type: ignore[attr-defined]
    assert aim.depth == 0 and aim.y == (by_text["Safe environment"].y + by_text["Staff awareness"].y) / 2
    assert d.height == HEADER + 3 * row - ROW_GAP + 1  # type: ignore[attr-defined]


def test_connectors_join_each_parent_to_each_child() -> None:
    d = diagram()
    assert len(d.connectors) == 6  # type: ignore[attr-defined]
    first_idea = "M 696 108 H 720 V 68 H 744"  # secondary driver's right edge to the first idea's left edge
    assert first_idea in d.connectors  # type: ignore[attr-defined]


def test_an_empty_diagram_shows_only_the_aim() -> None:
    d = DriverDiagramPresenter(aim="", roots=[]).diagram()
    assert [box.lines for box in d.boxes] == [("No aim yet",)]
    assert d.connectors == ()
    assert len(d.columns) == 2


def test_long_text_wraps_to_three_lines_with_an_ellipsis_only_when_asked() -> None:
    lines = wrap("word " * 40, max_lines=3)
    assert len(lines) == 3 and lines[-1].endswith("…")
    assert all(len(line) <= 26 for line in lines)
    assert " ".join(wrap("word " * 40)) == ("word " * 40).strip()


AIM = "We aim to reduce falls with harm by 50% for patients on Ward 9 (Elderly Care) by 31 March 2027."


def test_the_whole_aim_is_drawn_in_a_box_that_grows_to_hold_it() -> None:
    """Issue 22.12: the drawing cut the aim off after three lines ("…patients on Ward 9…")."""
    d = DriverDiagramPresenter(aim=AIM, roots=driver_outline(ROWS)).diagram()
    aim = d.boxes[0]
    assert " ".join(aim.lines) == AIM
    assert not any("…" in line for line in aim.lines)
    assert aim.height >= 13 + 17 * len(aim.lines)  # the last line sits inside the box
    assert aim.y >= HEADER and d.height >= aim.y + aim.height


def test_long_boxes_grow_without_overlapping_their_neighbours() -> None:
    rows = [(1, None, 0, "A primary driver with a long name " * 3), (2, None, 1, "Short")]
    d = DriverDiagramPresenter(aim="Aim", roots=driver_outline(rows)).diagram()
    first, second = (b for b in d.boxes if b.depth == 1)
    assert " ".join(first.lines) == ("A primary driver with a long name " * 3).strip()
    assert first.height > BOX_HEIGHT
    assert second.y >= first.y + first.height + ROW_GAP
    assert d.height == second.y + second.height + 1


@pytest.mark.django_db
def test_drawing_the_diagram_makes_no_queries(django_assert_num_queries: Any) -> None:
    roots = driver_outline(ROWS)
    with django_assert_num_queries(0):
        DriverDiagramPresenter(aim="Aim", roots=roots).diagram()
