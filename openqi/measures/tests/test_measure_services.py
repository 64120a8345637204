"""Services write measures, data and chart changes atomically, check scope and audit every write."""

import datetime
from typing import Any

import pytest
from django.core.exceptions import ValidationError

from openqi.audit.models import AuditEvent
from openqi.factories import TeamFactory
from openqi.measures import services
from openqi.measures.models import ChartEvent, DataPoint, Measure
from openqi.measures.tests.conftest import IMPROVED, STABLE, add_points, make_measure
from openqi.notifications.models import Notification

D = datetime.date


def _values(**overrides: Any) -> dict[str, Any]:
    values: dict[str, Any] = {
        "name": "Falls per 1,000 bed days",
        "measure_type": "outcome",
        "what_counted": "Inpatient falls reported on Datix",
        "frequency": "weekly",
        "chart_type": "u",
        "rate_per": 1000,
        "improvement": "decrease",
        "rules": "mdc",
        "visibility": "organisation",
    }
    values.update(overrides)
    return values


def test_creating_a_measure_records_who_and_audits_it(personas: Any) -> None:
    measure = services.measure_create(actor=personas.lead.user, organisation=personas.org_a, values=_values())
    assert measure.organisation == personas.org_a
    assert measure.created_by == personas.lead.user
    assert measure.rate_per == 1000
    assert AuditEvent.objects.filter(action="measure.create", object_id=str(measure.pk)).exists()


def test_rate_per_is_reset_for_charts_that_are_not_u_charts(personas: Any) -> None:
    measure = services.measure_create(
        actor=personas.lead.user, organisation=personas.org_a, values=_values(chart_type="i", rate_per=1000)
    )
    assert measure.rate_per == 1


def test_a_team_or_owner_from_another_organisation_is_refused(personas: Any) -> None:
    other_team = TeamFactory(organisation=personas.org_b)
    with pytest.raises(ValidationError) as error:
        services.measure_create(actor=personas.lead.user, organisation=personas.org_a, values=_values(team=other_team))
    assert "team" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        services.measure_create(
            actor=personas.lead.user, organisation=personas.org_a, values=_values(owner=personas.outsider.user)
        )
    assert "owner" in error.value.message_dict
    assert not Measure.objects.exists()


def test_a_team_only_measure_needs_a_team(personas: Any) -> None:
    with pytest.raises(ValidationError) as error:
        services.measure_create(
            actor=personas.lead.user, organisation=personas.org_a, values=_values(visibility="team")
        )
    assert "visibility" in error.value.message_dict


def test_updating_a_measure_audits_the_changed_fields_and_recomputes_the_icons(personas: Any) -> None:
    measure = make_measure(personas.org_a)
    add_points(measure, STABLE)
    services.measure_update(actor=personas.lead.user, measure=measure, values={"target": 4.0, "name": "ALOS"})
    measure.refresh_from_db()
    assert measure.name == "ALOS"
    event = AuditEvent.objects.get(action="measure.update")
    # Old and new values, so a lead can see (and recover) what the edit replaced.
    assert event.detail["changes"]["name"][1] == "ALOS"
    assert event.detail["changes"]["target"][1] == "4.0"
    assert set(event.detail["changes"]) == {"target", "name"}
    # the target changed, so the recompute task ran and stored an assurance icon
    assert measure.assurance_icon == "fail"
    assert measure.computed_at is not None


def test_archiving_twice_is_refused_and_archived_measures_cannot_be_changed(personas: Any) -> None:
    measure = make_measure(personas.org_a)
    services.measure_archive(actor=personas.lead.user, measure=measure)
    assert measure.is_archived
    with pytest.raises(ValidationError):
        services.measure_archive(actor=personas.lead.user, measure=measure)
    with pytest.raises(ValidationError):
        services.measure_update(actor=personas.lead.user, measure=measure, values={"name": "New"})
    with pytest.raises(ValidationError):
        services.data_point_add(actor=personas.lead.user, measure=measure, period=D(2025, 1, 1), value=1)


def test_copying_a_measure_to_another_team_spreads_the_definition_without_data(personas: Any) -> None:
    ward = personas.member.team
    measure = make_measure(personas.org_a, team=ward, target=4.5)
    add_points(measure, STABLE)
    ward_2 = TeamFactory(organisation=personas.org_a, name="Ward 2")
    copy = services.measure_copy(actor=personas.lead.user, measure=measure, team=ward_2, name="ALOS Ward 2")
    assert copy.team == ward_2 and copy.target == 4.5 and copy.what_counted == measure.what_counted
    assert not copy.data_points.exists()
    assert AuditEvent.objects.filter(action="measure.copy", object_id=str(copy.pk)).exists()
    with pytest.raises(ValidationError):
        services.measure_copy(actor=personas.lead.user, measure=measure, team=ward, name="Same team")


@pytest.mark.parametrize(
    ("chart_type", "numbers", "field", "message"),
    [
        ("p", {"numerator": None, "denominator": 10}, "numerator", "Enter the numerator"),
        ("p", {"numerator": 3, "denominator": 0}, "denominator", "The denominator must be more than 0"),
        ("p", {"numerator": 12, "denominator": 10}, "numerator", "cannot be more than the denominator"),
        ("u", {"numerator": -1, "denominator": 10}, "numerator", "0 or more"),
        ("t", {"value": 0}, "value", "more than 0"),
        ("c", {"value": -2}, "value", "A count must be 0 or more"),
        ("i", {"value": None}, "value", "Enter a value"),
    ],
)
def test_values_are_checked_for_the_kind_of_chart(
    personas: Any, chart_type: str, numbers: dict[str, Any], field: str, message: str
) -> None:
    measure = make_measure(personas.org_a, chart_type=chart_type)
    with pytest.raises(ValidationError) as error:
        services.data_point_add(actor=personas.lead.user, measure=measure, period=D(2025, 1, 6), **numbers)
    assert message in " ".join(error.value.message_dict[field])
    assert not DataPoint.objects.exists()


def test_an_i_chart_accepts_negative_values(personas: Any) -> None:
    measure = make_measure(personas.org_a, name="Temperature change")
    point = services.data_point_add(actor=personas.lead.user, measure=measure, period=D(2025, 1, 6), value=-3)
    assert point.value == -3


def test_a_second_value_for_the_same_date_is_refused(personas: Any) -> None:
    measure = make_measure(personas.org_a)
    services.data_point_add(actor=personas.lead.user, measure=measure, period=D(2025, 1, 6), value=4)
    with pytest.raises(ValidationError) as error:
        services.data_point_add(actor=personas.lead.user, measure=measure, period=D(2025, 1, 6), value=5)
    assert "period" in error.value.message_dict


def test_a_ratio_value_is_stored_as_numerator_over_denominator_and_corrections_are_audited(personas: Any) -> None:
    measure = make_measure(personas.org_a, chart_type="p")
    point = services.data_point_add(
        actor=personas.lead.user, measure=measure, period=D(2025, 1, 6), numerator=8, denominator=10
    )
    assert point.value == pytest.approx(0.8)
    services.data_point_update(actor=personas.lead.user, point=point, numerator=9, denominator=10, comment="recount")
    point.refresh_from_db()
    assert point.value == pytest.approx(0.9) and point.comment == "recount"
    audit = AuditEvent.objects.get(action="measure.data_correct")
    assert audit.detail["before"]["numerator"] == 8


def test_a_chart_change_needs_a_reason_and_a_date_with_data(personas: Any) -> None:
    measure = make_measure(personas.org_a)
    add_points(measure, STABLE)
    with pytest.raises(ValidationError) as error:
        services.chart_event_add(
            actor=personas.lead.user, measure=measure, period=D(2024, 1, 1), kind="rebase", reason=" "
        )
    assert "reason" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        services.chart_event_add(
            actor=personas.lead.user, measure=measure, period=D(2024, 1, 2), kind="rebase", reason="x"
        )
    assert "period" in error.value.message_dict
    assert not ChartEvent.objects.exists()


def test_a_chart_change_can_be_undone_once_and_both_are_audited(personas: Any) -> None:
    measure = make_measure(personas.org_a)
    add_points(measure, STABLE)
    event = services.chart_event_add(
        actor=personas.lead.user, measure=measure, period=D(2024, 1, 8), kind="ghost", reason="Data error"
    )
    services.chart_event_undo(actor=personas.lead.user, event=event)
    assert event.undone_at is not None and event.undone_by == personas.lead.user
    with pytest.raises(ValidationError):
        services.chart_event_undo(actor=personas.lead.user, event=event)
    actions = set(AuditEvent.objects.values_list("action", flat=True))
    assert {"measure.chart_ghost", "measure.chart_undo"} <= actions


def test_an_annotation_needs_text_and_is_audited(personas: Any) -> None:
    measure = make_measure(personas.org_a)
    with pytest.raises(ValidationError):
        services.annotation_add(actor=personas.lead.user, measure=measure, period=D(2024, 1, 8), text="  ")
    note = services.annotation_add(
        actor=personas.lead.user, measure=measure, period=D(2024, 1, 8), text="PDSA 1: checklist", kind="pdsa"
    )
    assert note.organisation == personas.org_a
    assert AuditEvent.objects.filter(action="measure.annotate").exists()


def test_the_recompute_stores_the_latest_icons_summary_and_sparkline(personas: Any) -> None:
    measure = make_measure(personas.org_a, target=4.5)
    add_points(measure, STABLE + IMPROVED)
    services.measure_summary_refresh(measure_id=measure.pk)
    measure.refresh_from_db()
    assert measure.variation_icon == "improvement_low"
    assert measure.latest_value == pytest.approx(3.8)
    assert measure.latest_period == D(2024, 1, 1) + datetime.timedelta(weeks=29)
    assert len(measure.sparkline) == 26
    assert measure.summary


def test_the_owner_is_told_when_the_latest_point_becomes_special_cause(personas: Any) -> None:
    measure = make_measure(personas.org_a, owner=personas.member.user)
    add_points(measure, STABLE)
    services.measure_summary_refresh(measure_id=measure.pk)
    assert not Notification.objects.exists()
    # a run of low weeks arrives through the normal data entry, which queues the recompute
    for i, value in enumerate(IMPROVED):
        services.data_point_add(
            actor=personas.lead.user,
            measure=measure,
            period=D(2024, 1, 1) + datetime.timedelta(weeks=20 + i),
            value=value,
        )
    alerts = Notification.objects.filter(user=personas.member.user)
    assert alerts.exists()
    assert all(n.important for n in alerts)
    assert "special cause" in alerts.first().title  # type: ignore[union-attr]


def test_the_owner_is_told_when_the_assurance_icon_changes_but_not_on_a_first_calculation(personas: Any) -> None:
    measure = make_measure(personas.org_a, owner=personas.member.user, target=6.0, improvement="decrease")
    add_points(measure, STABLE)
    services.measure_summary_refresh(measure_id=measure.pk)
    assert measure.__class__.objects.get(pk=measure.pk).assurance_icon == "pass"
    assert not Notification.objects.exists()
    services.measure_update(actor=personas.lead.user, measure=measure, values={"target": 4.0})
    titles = list(Notification.objects.values_list("title", flat=True))
    assert any("assurance" in t for t in titles)


def test_recomputing_a_deleted_measure_does_nothing(db: Any) -> None:
    assert services.measure_summary_refresh(measure_id=999_999) is None
