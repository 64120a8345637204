"""The process map flowchart: one column top to bottom, shapes by type, arrows, totals."""

from openqi.projects.presenters.process_map import (
    GAP,
    LEFT,
    SHAPE_HEIGHT,
    SHAPE_WIDTH,
    TOP,
    ProcessMapPresenter,
    StepValues,
    totals_for,
)

STEPS = [
    StepValues("start_end", "Patient arrives", "", None, False),
    StepValues("decision", "High falls risk?", "Nurse", 5, True),
    StepValues("wait", "Wait for a bed", "", 90, False),
    StepValues("action", "Settle in the cohort bay", "HCA", 25, True),
]


def test_steps_stack_in_one_column_joined_by_arrows() -> None:
    d = ProcessMapPresenter(steps=STEPS).diagram()
    assert [s.y for s in d.shapes] == [TOP + i * (SHAPE_HEIGHT + GAP) for i in range(4)]
    assert all(s.x == LEFT for s in d.shapes)
    centre = LEFT + SHAPE_WIDTH / 2
    assert d.arrows[0] == f"M {centre:g} {TOP + SHAPE_HEIGHT:g} V {TOP + SHAPE_HEIGHT + GAP - 2:g}"
    assert len(d.arrows) == 3
    assert d.height == 2 * TOP + 4 * SHAPE_HEIGHT + 3 * GAP


def test_a_decision_is_a_diamond_and_notes_say_time_and_value_in_words() -> None:
    d = ProcessMapPresenter(steps=STEPS).diagram()
    decision = d.shapes[1]
    y = TOP + SHAPE_HEIGHT + GAP
    assert (
        decision.points
        == f"{LEFT + 130:g},{y:g} {LEFT + 260:g},{y + 32:g} {LEFT + 130:g},{y + 64:g} {LEFT:g},{y + 32:g}"
    )
    assert decision.note == "Nurse · 5 min · adds value"
    assert d.shapes[0].points == "" and d.shapes[0].note == "time not known · no added value"


def test_totals_count_value_adding_and_waiting_minutes() -> None:
    totals = totals_for(STEPS)
    assert (totals.steps, totals.minutes, totals.value_adding_minutes, totals.waiting_minutes, totals.unknown) == (
        4,
        120,
        30,
        90,
        1,
    )
    assert totals.value_adding_percent == 25
    assert totals_for([]).value_adding_percent is None


def test_an_empty_map_has_no_shapes() -> None:
    d = ProcessMapPresenter(steps=[]).diagram()
    assert d.shapes == () and d.arrows == () and d.height == 2 * TOP
