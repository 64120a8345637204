"""A process control count feeds a daily measure through the measures app's own write (issue 18):
each completed day becomes that day's point, once; another organisation's measure is refused;
unlinking stops feeding; only a lead may link, feed or unlink."""

import datetime
import io
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from openqi.audit.models import AuditEvent
from openqi.boards import control_feeds, services
from openqi.boards.models import ControlCategory, ControlDay, ControlFeed
from openqi.measures.models import ChartType, DataPoint, Frequency, Measure
from openqi.organisations.access import OrgAccess
from openqi.organisations.models import Organisation, Team


def _measure(organisation: Organisation, *, chart_type: str = "c", frequency: str = "daily") -> Measure:
    return Measure.objects.create(
        organisation=organisation,
        name="Discharges completed a day",
        measure_type="process",
        what_counted="Patients discharged",
        frequency=frequency,
        chart_type=chart_type,
        improvement="increase",
    )


def _access(personas: Any) -> OrgAccess:
    return OrgAccess(organisation=personas.org_a, membership=personas.lead, is_system_admin=False)


@pytest.fixture
def ward(personas: Any) -> Team:
    return personas.member.team


@pytest.fixture
def category(personas: Any, ward: Team) -> ControlCategory:
    return services.control_category_create(
        actor=personas.lead.user, organisation=personas.org_a, team=ward, name="Discharges"
    )


def _day(category: ControlCategory, days_ago: int, *, required: int, completed: int) -> ControlDay:
    day, _ = ControlDay.objects.update_or_create(
        organisation_id=category.organisation_id,
        category=category,
        date=timezone.localdate() - datetime.timedelta(days=days_ago),
        defaults={"required": required, "completed": completed},
    )
    return day


def _feed(personas: Any, category: ControlCategory, measure: Measure, count: str = "completed") -> ControlFeed:
    return control_feeds.control_feed_set(
        actor=personas.lead.user, access=_access(personas), category=category, measure=measure, count=count
    )


def _points(measure: Measure) -> dict[datetime.date, float | None]:
    return {p.period: p.value for p in DataPoint.objects.filter(measure=measure)}


def test_the_feedable_charts_are_the_measures_apps_one_count_a_day_charts() -> None:
    assert set(control_feeds.FEEDABLE_CHARTS) == {ChartType.RUN, ChartType.I, ChartType.C}
    assert control_feeds.DAILY == Frequency.DAILY


def test_each_completed_day_becomes_that_days_point_and_today_waits(personas: Any, category: ControlCategory) -> None:
    measure = _measure(personas.org_a)
    _day(category, 2, required=6, completed=4)
    _day(category, 1, required=5, completed=5)
    _day(category, 0, required=3, completed=1)  # today: still being counted
    feed = _feed(personas, category, measure)
    result = control_feeds.control_feed_run(actor=personas.lead.user, feed=feed)
    today = timezone.localdate()
    assert result.written == 2
    assert _points(measure) == {
        today - datetime.timedelta(days=2): 4.0,
        today - datetime.timedelta(days=1): 5.0,
    }
    assert AuditEvent.objects.filter(action="boards.control_feed_create").count() == 1
    assert AuditEvent.objects.filter(action="boards.control_feed_run").count() == 1


def test_running_again_or_after_a_day_changed_updates_that_point_and_never_duplicates(
    personas: Any, category: ControlCategory
) -> None:
    measure = _measure(personas.org_a, chart_type="i")
    _day(category, 1, required=6, completed=4)
    feed = _feed(personas, category, measure, count="required")
    control_feeds.control_feed_run(actor=personas.lead.user, feed=feed)
    control_feeds.control_feed_run(actor=personas.lead.user, feed=feed)
    assert DataPoint.objects.filter(measure=measure).count() == 1
    _day(category, 1, required=9, completed=4)
    control_feeds.control_feed_run(actor=personas.lead.user, feed=feed)
    assert list(_points(measure).values()) == [9.0]
    # Linking again changes the link, not a second one.
    _feed(personas, category, measure, count="completed")
    assert ControlFeed.objects.count() == 1
    control_feeds.control_feed_run(actor=personas.lead.user, feed=ControlFeed.objects.get())
    assert list(_points(measure).values()) == [4.0]


def test_another_organisations_measure_is_refused_with_a_clear_error(personas: Any, category: ControlCategory) -> None:
    theirs = _measure(personas.org_b)
    with pytest.raises(ValidationError) as refused:
        _feed(personas, category, theirs)
    assert control_feeds.OTHER_ORGANISATION in str(refused.value)
    assert not ControlFeed.objects.exists()


@pytest.mark.parametrize(("chart_type", "frequency"), [("p", "daily"), ("c", "weekly")])
def test_a_measure_that_cannot_take_a_days_count_is_refused(
    personas: Any, category: ControlCategory, chart_type: str, frequency: str
) -> None:
    with pytest.raises(ValidationError) as refused:
        _feed(personas, category, _measure(personas.org_a, chart_type=chart_type, frequency=frequency))
    assert control_feeds.NOT_FEEDABLE in str(refused.value)


def test_unlinking_stops_feeding_and_keeps_the_points_written(
    personas: Any, category: ControlCategory, lead_client: Client, ward: Team
) -> None:
    measure = _measure(personas.org_a)
    _day(category, 1, required=2, completed=2)
    feed = _feed(personas, category, measure)
    control_feeds.control_feed_run(actor=personas.lead.user, feed=feed)
    base = f"/o/{personas.org_a.slug}/boards/{ward.pk}/counts/{category.pk}/feed/"
    asked = lead_client.get(base + "remove/")
    assert asked.status_code == 200 and "Stop feeding the measure" in asked.content.decode()
    assert ControlFeed.objects.exists()  # asking first changes nothing
    assert lead_client.post(base + "remove/").status_code == 302
    assert not ControlFeed.objects.exists()
    assert AuditEvent.objects.filter(action="boards.control_feed_remove").count() == 1
    _day(category, 2, required=3, completed=3)
    assert control_feeds.control_feeds_run_all().fed == 0
    assert len(_points(measure)) == 1
    assert lead_client.post(base + "run/").status_code == 404


def test_a_lead_links_feeds_and_the_daily_schedule_adds_new_days(
    personas: Any, category: ControlCategory, lead_client: Client, ward: Team
) -> None:
    measure = _measure(personas.org_a, chart_type="run")
    _day(category, 1, required=2, completed=1)
    url = f"/o/{personas.org_a.slug}/boards/{ward.pk}/counts/{category.pk}/feed/"
    page = lead_client.get(url)
    assert page.status_code == 200
    assert measure.name in page.content.decode()
    response = lead_client.post(url, {"measure": measure.pk, "count": "completed"})
    assert response.status_code == 302
    assert list(_points(measure).values()) == [1.0]
    _day(category, 2, required=4, completed=3)
    call_command("boards_scheduled", stdout=io.StringIO())
    assert sorted(_points(measure).values()) == [1.0, 3.0]
    assert lead_client.post(url + "run/").status_code == 302


def test_the_form_refuses_another_organisations_measure_by_id(
    personas: Any, category: ControlCategory, lead_client: Client, ward: Team
) -> None:
    theirs = _measure(personas.org_b)
    url = f"/o/{personas.org_a.slug}/boards/{ward.pk}/counts/{category.pk}/feed/"
    response = lead_client.post(url, {"measure": theirs.pk, "count": "completed"})
    assert response.status_code == 400
    assert (
        "Choose a daily run chart, XmR (I) chart or c chart measure of this organisation" in response.content.decode()
    )
    assert not ControlFeed.objects.exists()


def test_staff_below_lead_may_not_link_feed_or_unlink(
    personas: Any, category: ControlCategory, member_client: Client, ward: Team
) -> None:
    measure = _measure(personas.org_a)
    _feed(personas, category, measure)
    url = f"/o/{personas.org_a.slug}/boards/{ward.pk}/counts/{category.pk}/feed/"
    assert member_client.get(url).status_code == 403
    assert member_client.post(url, {"measure": measure.pk, "count": "required"}).status_code == 403
    assert member_client.post(url + "run/").status_code == 403
    assert member_client.post(url + "remove/").status_code == 403
    assert ControlFeed.objects.get().count == "completed"


def test_an_outsider_is_refused(personas: Any, category: ControlCategory, outsider_client: Client, ward: Team) -> None:
    url = f"/o/{personas.org_a.slug}/boards/{ward.pk}/counts/{category.pk}/feed/"
    assert outsider_client.get(url).status_code == 404
    assert outsider_client.post(url + "remove/").status_code == 404
