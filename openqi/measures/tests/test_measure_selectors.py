"""Selectors scope measures to the organisation and the viewer, and turn data and chart events
into the statistics engine's inputs."""

import datetime
from typing import Any

import pytest

from openqi.factories import TeamFactory
from openqi.measures import selectors
from openqi.measures.models import ChartEvent
from openqi.measures.tests.conftest import IMPROVED, STABLE, add_points, make_measure
from openqi.organisations.access import org_access_get


def _access(membership: Any) -> Any:
    return org_access_get(user=membership.user, org_slug=membership.organisation.slug)


def test_the_list_holds_only_the_organisations_current_measures_and_filters_by_team_and_type(personas: Any) -> None:
    ward = personas.member.team
    a = make_measure(personas.org_a, name="A", team=ward)
    make_measure(personas.org_a, name="B", measure_type="process")
    archived = make_measure(personas.org_a, name="C")
    archived.archived_at = archived.created_at
    archived.save()
    make_measure(personas.org_b, name="Elsewhere")
    access = _access(personas.lead)
    names = [m.name for m in selectors.measure_list(organisation=personas.org_a, access=access)]
    assert names == ["A", "B"]
    assert list(selectors.measure_list(organisation=personas.org_a, access=access, team_id=ward.pk)) == [a]
    assert [
        m.name for m in selectors.measure_list(organisation=personas.org_a, access=access, measure_type="process")
    ] == ["B"]


def test_a_team_only_measure_is_hidden_from_staff_of_other_teams(personas: Any) -> None:
    other = TeamFactory(organisation=personas.org_a, name="Ward 2")
    mine = make_measure(personas.org_a, name="Mine", team=personas.member.team, visibility="team")
    theirs = make_measure(personas.org_a, name="Theirs", team=other, visibility="team")
    staff = _access(personas.member)
    assert list(selectors.measure_list(organisation=personas.org_a, access=staff)) == [mine]
    assert selectors.measure_get(organisation=personas.org_a, access=staff, measure_id=theirs.pk) is None
    lead = _access(personas.lead)
    assert selectors.measure_get(organisation=personas.org_a, access=lead, measure_id=theirs.pk) == theirs


def test_a_measure_of_another_organisation_is_not_found(personas: Any) -> None:
    elsewhere = make_measure(personas.org_b)
    access = _access(personas.lead)
    assert selectors.measure_get(organisation=personas.org_a, access=access, measure_id=elsewhere.pk) is None
    with pytest.raises(ValueError, match="another organisation"):
        selectors.measure_chart(organisation=personas.org_a, measure=elsewhere)


def test_fewer_than_13_values_give_a_run_chart_and_say_why(personas: Any) -> None:
    measure = make_measure(personas.org_a)
    add_points(measure, STABLE[:12])
    chart = selectors.measure_chart(organisation=personas.org_a, measure=measure)
    assert chart.chart_used == "run"
    assert "12 values" in chart.run_chart_reason and "13" in chart.run_chart_reason
    add_points(measure, [5.0], start=datetime.date(2024, 3, 25))
    chart = selectors.measure_chart(organisation=personas.org_a, measure=measure)
    assert chart.chart_used == "i" and chart.run_chart_reason == ""


def test_a_missing_period_becomes_a_gap_in_the_series(personas: Any) -> None:
    measure = make_measure(personas.org_a)
    values: list[float | None] = list(STABLE)
    values[5] = None
    add_points(measure, values)
    chart = selectors.measure_chart(organisation=personas.org_a, measure=measure)
    assert len(chart.rows) == 20
    assert chart.rows[5].point is None and chart.rows[5].period is None
    assert chart.result.points[5].y is None


def test_a_rebase_starts_a_new_part_and_a_ghost_is_left_out(personas: Any) -> None:
    measure = make_measure(personas.org_a)
    points = add_points(measure, STABLE + IMPROVED + IMPROVED)
    ChartEvent.objects.create(
        measure=measure, organisation=personas.org_a, period=points[20].period, kind="rebase", reason="Change adopted"
    )
    ChartEvent.objects.create(
        measure=measure, organisation=personas.org_a, period=points[3].period, kind="ghost", reason="Data error"
    )
    chart = selectors.measure_chart(organisation=personas.org_a, measure=measure)
    assert [p.part for p in chart.result.points[19:21]] == [1, 2]
    assert chart.result.points[3].excluded and chart.rows[3].ghosted
    assert chart.result.points[25].cl == pytest.approx(sum(IMPROVED * 2) / 20)


def test_an_undone_event_no_longer_changes_the_chart(personas: Any) -> None:
    measure = make_measure(personas.org_a)
    points = add_points(measure, STABLE + IMPROVED + IMPROVED)
    ChartEvent.objects.create(
        measure=measure,
        organisation=personas.org_a,
        period=points[20].period,
        kind="rebase",
        reason="x",
        undone_at=points[0].measure.created_at,
    )
    chart = selectors.measure_chart(organisation=personas.org_a, measure=measure)
    assert {p.part for p in chart.result.points} == {1}


def test_a_baseline_fixes_the_limits_on_the_points_up_to_it(personas: Any) -> None:
    measure = make_measure(personas.org_a)
    points = add_points(measure, STABLE + IMPROVED)
    ChartEvent.objects.create(
        measure=measure, organisation=personas.org_a, period=points[14].period, kind="baseline", reason="Baseline year"
    )
    chart = selectors.measure_chart(organisation=personas.org_a, measure=measure)
    assert chart.result.points[-1].cl == pytest.approx(sum(STABLE[:15]) / 15)


def test_p_charts_are_plotted_as_percentages_with_a_percentage_target(personas: Any) -> None:
    measure = make_measure(personas.org_a, chart_type="p", improvement="increase", target=90)
    add_points(measure, [80 + (i % 5) for i in range(20)], denominators=[100] * 20)
    chart = selectors.measure_chart(organisation=personas.org_a, measure=measure)
    assert chart.scale == 100
    assert chart.result.points[0].y == pytest.approx(0.80)
    assert chart.result.settings.target == pytest.approx(0.9)
    assert "%" in chart.result.summary


def test_u_chart_rates_are_shown_per_the_chosen_exposure(personas: Any) -> None:
    measure = make_measure(personas.org_a, chart_type="u", rate_per=1000)
    add_points(measure, [4] * 15, denominators=[800] * 15)
    chart = selectors.measure_chart(organisation=personas.org_a, measure=measure)
    assert chart.result.points[0].y == pytest.approx(5.0)  # 4 falls in 800 bed days = 5 per 1,000
