"""Hypothesis properties: invariance under shifting, scaling and reversing the direction."""

from hypothesis import given, settings
from hypothesis import strategies as st

from openqi.spc import analyse
from openqi.spc.types import Point

VALUES = st.lists(st.integers(min_value=-1000, max_value=1000), min_size=13, max_size=40)
FLAGS = ("flag_outside", "flag_shift", "flag_trend", "flag_two_of_three", "point_type")


def _flags(p: Point) -> tuple[object, ...]:
    return tuple(getattr(p, f) for f in FLAGS)


def _close(a: float | None, b: float | None) -> bool:
    if a is None or b is None:
        return a is b
    return abs(a - b) <= 1e-9 * max(1.0, abs(a), abs(b))


@settings(max_examples=150, deadline=None)
@given(VALUES, st.integers(min_value=-10_000, max_value=10_000), st.sampled_from(["mdc", "ptd", "qic"]))
def test_adding_a_constant_moves_centre_and_limits_and_keeps_every_flag(values: list[int], c: int, rules: str) -> None:
    a = analyse([float(v) for v in values], rules=rules)  # type: ignore[arg-type]
    b = analyse([float(v + c) for v in values], rules=rules)  # type: ignore[arg-type]
    for p, q in zip(a.points, b.points, strict=True):
        assert _close(None if p.cl is None else p.cl + c, q.cl)
        assert _close(None if p.ucl is None else p.ucl + c, q.ucl)
        assert _close(None if p.lcl is None else p.lcl + c, q.lcl)
        assert _flags(p) == _flags(q)


@settings(max_examples=150, deadline=None)
@given(VALUES, st.sampled_from([0.25, 0.5, 2.0, 8.0]))
def test_scaling_by_a_positive_factor_scales_the_limits(values: list[int], k: float) -> None:
    a = analyse([float(v) for v in values])
    b = analyse([float(v) * k for v in values])
    for p, q in zip(a.points, b.points, strict=True):
        assert _close(None if p.ucl is None else p.ucl * k, q.ucl)
        assert _close(None if p.lcl is None else p.lcl * k, q.lcl)
        assert _flags(p) == _flags(q)


SWAP = {
    "special_cause_improvement": "special_cause_concern",
    "special_cause_concern": "special_cause_improvement",
    "common_cause": "common_cause",
}


@settings(max_examples=150, deadline=None)
@given(VALUES, st.sampled_from(["mdc", "mdc-sql", "ptd"]))
def test_reversing_the_direction_swaps_improvement_and_concern(values: list[int], rules: str) -> None:
    up = analyse([float(v) for v in values], rules=rules, improvement="increase")  # type: ignore[arg-type]
    down = analyse([float(v) for v in values], rules=rules, improvement="decrease")  # type: ignore[arg-type]
    for p, q in zip(up.points, down.points, strict=True):
        if rules != "ptd" and p.point_type == q.point_type == "special_cause_improvement":
            continue  # a point flagged both ways is blue under either direction (MDC Excel)
        assert SWAP[p.point_type] == q.point_type
