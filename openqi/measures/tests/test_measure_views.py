"""Measure pages: who may do what, NHS error summaries, the chart page, the matrix and exports."""

import csv
import datetime
import io
from typing import Any
from unittest import mock

import pytest
from django.test import Client

from openqi.conftest import client_for
from openqi.factories import MembershipFactory
from openqi.measures import services
from openqi.measures.models import Annotation, ChartEvent, DataPoint, Measure
from openqi.measures.tests.conftest import IMPROVED, STABLE, add_points, make_measure
from openqi.measures.views.matrix import MATRIX_PAGE_SIZE
from openqi.organisations.models import Role


def _url(personas: Any, suffix: str = "") -> str:
    return f"/o/{personas.org_a.slug}/measures/{suffix}"


@pytest.fixture
def measure(personas: Any) -> Measure:
    measure = make_measure(personas.org_a, target=4.5)
    add_points(measure, STABLE + IMPROVED)
    return measure


def _role_client(personas: Any, role: str) -> Client:
    return client_for(MembershipFactory(organisation=personas.org_a, role=role).user)


def test_staff_can_see_measures_but_not_change_them(personas: Any, member_client: Client, measure: Measure) -> None:
    for path in ["", "matrix/", f"{measure.pk}/", f"{measure.pk}/chart.svg", f"{measure.pk}/export.csv"]:
        assert member_client.get(_url(personas, path)).status_code == 200, path
    for path in [
        "new/",
        "import/",
        f"{measure.pk}/edit/",
        f"{measure.pk}/copy/",
        f"{measure.pk}/data/",
        f"{measure.pk}/annotations/new/",
        f"{measure.pk}/chart-changes/new/",
        f"{measure.pk}/archive/",
    ]:
        assert member_client.get(_url(personas, path)).status_code == 403, path


def test_staff_get_403_when_they_try_to_recalculate_or_ghost(
    personas: Any, member_client: Client, measure: Measure
) -> None:
    period = measure.data_points.first().period.isoformat()  # type: ignore[union-attr]
    for kind in ("rebase", "ghost", "baseline"):
        response = member_client.post(
            _url(personas, f"{measure.pk}/chart-changes/new/"), {"kind": kind, "period": period, "reason": "x"}
        )
        assert response.status_code == 403
    event = ChartEvent.objects.create(
        measure=measure,
        organisation=personas.org_a,
        period=measure.data_points.first().period,
        kind="ghost",
        reason="x",  # type: ignore[union-attr]
    )
    assert member_client.post(_url(personas, f"{measure.pk}/chart-changes/{event.pk}/undo/")).status_code == 403
    assert not ChartEvent.objects.filter(undone_at__isnull=False).exists()


def test_champions_edit_and_enter_data_but_cannot_change_the_chart_or_archive(personas: Any, measure: Measure) -> None:
    champion = _role_client(personas, Role.CHAMPION)
    assert champion.get(_url(personas, f"{measure.pk}/data/")).status_code == 200
    assert champion.get(_url(personas, f"{measure.pk}/edit/")).status_code == 200
    assert champion.get(_url(personas, f"{measure.pk}/chart-changes/new/")).status_code == 403
    assert champion.post(_url(personas, f"{measure.pk}/archive/")).status_code == 403


def test_a_qi_coach_can_recalculate_from_a_point(personas: Any, measure: Measure) -> None:
    coach = _role_client(personas, Role.QI_COACH)
    period = measure.data_points.all()[20].period
    response = coach.post(
        _url(personas, f"{measure.pk}/chart-changes/new/"),
        {"kind": "rebase", "period": period.isoformat(), "reason": "Falls bundle adopted"},
    )
    assert response.status_code == 302
    event = ChartEvent.objects.get()
    assert event.kind == "rebase" and event.period == period
    page = coach.get(_url(personas, f"{measure.pk}/")).content.decode()
    assert "Falls bundle adopted" in page and "openqi-chart-part" in page


def test_a_chart_change_without_a_reason_shows_the_error_summary(
    personas: Any, lead_client: Client, measure: Measure
) -> None:
    response = lead_client.post(_url(personas, f"{measure.pk}/chart-changes/new/"), {"kind": "rebase", "period": ""})
    page = response.content.decode()
    assert "<title>Error: " in page and "nhsuk-error-summary" in page
    assert "Choose a point" in page and "Enter the reason" in page


def test_only_leads_archive_measures(personas: Any, lead_client: Client, measure: Measure) -> None:
    assert lead_client.post(_url(personas, f"{measure.pk}/archive/")).status_code == 302
    measure.refresh_from_db()
    assert measure.is_archived
    # The list no longer links the measure (the banner's Undo form posts to …/unarchive/).
    assert f'/measures/{measure.pk}/"' not in lead_client.get(_url(personas)).content.decode()


def test_creating_a_measure_through_the_form(personas: Any, lead_client: Client) -> None:
    response = lead_client.post(
        _url(personas, "new/"),
        {
            "name": "Falls per 1,000 bed days",
            "measure_type": "outcome",
            "team": str(personas.member.team.pk),
            "what_counted": "Inpatient falls",
            "frequency": "weekly",
            "chart_type": "u",
            "rate_per": "1000",
            "improvement": "decrease",
            "target": "4",
            "target_from-day": "1",
            "target_from-month": "4",
            "target_from-year": "2025",
            "owner": str(personas.lead.user.pk),
            "rules": "mdc",
            "visibility": "team",
        },
    )
    assert response.status_code == 302
    measure = Measure.objects.get()
    assert measure.rate_per == 1000 and measure.target_from == datetime.date(2025, 4, 1)
    assert measure.owner == personas.lead.user and measure.team == personas.member.team


def test_an_empty_measure_form_shows_every_error_in_the_summary(personas: Any, lead_client: Client) -> None:
    page = lead_client.post(_url(personas, "new/"), {"target": "lots"}).content.decode()
    assert "<title>Error: Add a measure" in page
    for message in ["Enter a name", "Choose the type of measure", "Enter what is measured", "Target must be a number"]:
        assert message in page
    assert not Measure.objects.exists()


def test_adding_and_correcting_values_through_the_data_page(personas: Any, lead_client: Client) -> None:
    measure = make_measure(personas.org_a, chart_type="p", improvement="increase")
    url = _url(personas, f"{measure.pk}/data/")
    bad = lead_client.post(
        url, {"period-day": "6", "period-month": "1", "period-year": "2025", "numerator": "9", "denominator": "0"}
    )
    assert "The denominator must be more than 0" in bad.content.decode()
    ok = lead_client.post(
        url, {"period-day": "6", "period-month": "1", "period-year": "2025", "numerator": "9", "denominator": "10"}
    )
    assert ok.status_code == 302
    point = DataPoint.objects.get()
    response = lead_client.post(
        _url(personas, f"{measure.pk}/data/{point.pk}/"), {"numerator": "8", "denominator": "10"}
    )
    assert response.status_code == 302
    point.refresh_from_db()
    assert point.numerator == 8
    missing_date = lead_client.post(url, {"numerator": "1", "denominator": "2"}).content.decode()
    assert "Enter the date" in missing_date


def test_the_chart_page_has_an_accessible_svg_icons_summary_and_data_table(
    personas: Any, member_client: Client, measure: Measure
) -> None:
    Annotation.objects.create(
        measure=measure,
        organisation=personas.org_a,
        period=measure.data_points.first().period,
        text="PDSA 1",  # type: ignore[union-attr]
    )
    page = member_client.get(_url(personas, f"{measure.pk}/")).content.decode()
    assert 'role="img" aria-labelledby="chart-title chart-desc"' in page
    assert '<desc id="chart-desc">I chart of Average length of stay.' in page
    assert "Special cause improvement: lower" in page
    assert "Target consistently" in page or "sometimes met" in page
    assert '<table class="nhsuk-table openqi-data-table">' in page
    assert "PDSA 1" in page and "openqi-chart-annotation" in page


def test_a_short_series_shows_a_run_chart_and_says_why(personas: Any, member_client: Client) -> None:
    measure = make_measure(personas.org_a)
    add_points(measure, STABLE[:6])
    page = member_client.get(_url(personas, f"{measure.pk}/")).content.decode()
    assert "A run chart is shown until there are at least 13" in page


def test_the_matrix_reads_stored_icons_without_running_the_engine(personas: Any, member_client: Client) -> None:
    for i in range(3):
        m = make_measure(personas.org_a, name=f"Measure {i}", target=4.5)
        add_points(m, STABLE + IMPROVED)
        services.measure_summary_refresh(measure_id=m.pk)
    with mock.patch("openqi.measures.selectors.measures.analyse") as analyse:
        page = member_client.get(_url(personas, "matrix/")).content.decode()
    analyse.assert_not_called()
    assert page.count("<span>Special cause improvement: lower</span>") == 3
    filtered = member_client.get(_url(personas, "matrix/?icon=concern_high")).content.decode()
    assert "No measures match these filters" in filtered


def test_the_matrix_shows_one_page_of_measures_and_keeps_the_sort_across_pages(
    personas: Any, member_client: Client, django_assert_max_num_queries: Any
) -> None:
    Measure.objects.bulk_create(
        [
            Measure(organisation=personas.org_a, name=f"M{i:03d}", measure_type="outcome", frequency="monthly")
            for i in range(MATRIX_PAGE_SIZE + 5)
        ]
    )
    with django_assert_max_num_queries(20):  # a bounded number of queries, whatever the count
        first = member_client.get(_url(personas, "matrix/")).content.decode()
    assert f"{MATRIX_PAGE_SIZE + 5} measures, 1 to {MATRIX_PAGE_SIZE} shown (page 1 of 2)" in first
    assert first.count('<tr class="nhsuk-table__row">') == MATRIX_PAGE_SIZE + 1  # and the headings
    assert ">M000<" in first and f">M{MATRIX_PAGE_SIZE:03d}<" not in first
    assert "?page=2" in first
    last = member_client.get(_url(personas, "matrix/?sort=name&dir=asc&page=2")).content.decode()
    assert last.count('<tr class="nhsuk-table__row">') == 5 + 1 and f">M{MATRIX_PAGE_SIZE + 4:03d}<" in last
    reversed_first = member_client.get(_url(personas, "matrix/?sort=name&dir=desc")).content.decode()
    assert f">M{MATRIX_PAGE_SIZE + 4:03d}<" in reversed_first and ">M000<" not in reversed_first
    assert "sort=name&amp;dir=desc&amp;page=2" in reversed_first  # the next page keeps the order
    # A sort heading starts again at page 1.
    assert "page=" not in reversed_first.split('id="sort-name"')[0].rsplit("<a href=", 1)[1]


def test_the_list_is_paginated_and_filtered(personas: Any, member_client: Client) -> None:
    for i in range(30):
        make_measure(personas.org_a, name=f"M{i:02d}", measure_type="process" if i % 2 else "outcome")
    first = member_client.get(_url(personas)).content.decode()
    assert "M00" in first and "M29" not in first
    processes = member_client.get(_url(personas, "?type=process")).content.decode()
    assert "M01" in processes and "M00" not in processes


def test_the_export_is_formula_safe_and_holds_limits_and_flags(
    personas: Any, member_client: Client, measure: Measure
) -> None:
    point = measure.data_points.first()
    point.comment = '=HYPERLINK("http://evil")'  # type: ignore[union-attr]
    point.save()  # type: ignore[union-attr]
    response = member_client.get(_url(personas, f"{measure.pk}/export.csv"))
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][:8] == [
        "date",
        "value",
        "numerator",
        "denominator",
        "plotted value",
        "centre line",
        "lower limit",
        "upper limit",
    ]
    assert rows[1][-1] == '\'=HYPERLINK("http://evil")'
    assert rows[-1][9] == "special_cause_improvement"
    assert all(not cell.startswith(("=", "+", "@")) for row in rows for cell in row)


def test_the_excel_export_holds_the_same_rows_with_text_kept_as_text(
    personas: Any, member_client: Client, measure: Measure
) -> None:
    from openpyxl import load_workbook

    point = measure.data_points.first()
    point.comment = '=HYPERLINK("http://evil")'  # type: ignore[union-attr]
    point.save()  # type: ignore[union-attr]
    csv_rows = list(
        csv.reader(
            io.StringIO(member_client.get(_url(personas, f"{measure.pk}/export.csv")).content.decode("utf-8-sig"))
        )
    )
    response = member_client.get(_url(personas, f"{measure.pk}/export.xlsx"))
    assert response["Content-Disposition"].endswith('.xlsx"')
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert len(rows) == len(csv_rows) and rows[0][:2] == ("date", "value")
    assert rows[1][-1] == '=HYPERLINK("http://evil")' and sheet.cell(row=2, column=len(rows[0])).data_type == "s"
    assert isinstance(rows[1][1], float) and rows[-1][9] == "special_cause_improvement"


def test_the_chart_downloads_as_a_standalone_svg(personas: Any, member_client: Client, measure: Measure) -> None:
    response = member_client.get(_url(personas, f"{measure.pk}/chart.svg"))
    body = response.content.decode()
    assert response["Content-Type"] == "image/svg+xml"
    assert body.startswith('<?xml version="1.0"') and 'xmlns="http://www.w3.org/2000/svg"' in body


def test_copying_a_measure_through_the_form(personas: Any, lead_client: Client, measure: Measure) -> None:
    response = lead_client.post(
        _url(personas, f"{measure.pk}/copy/"), {"team": str(personas.member.team.pk), "name": "ALOS Ward 1"}
    )
    assert response.status_code == 302
    assert Measure.objects.filter(name="ALOS Ward 1", team=personas.member.team).exists()


def test_measures_appear_in_the_navigation_for_members(personas: Any, member_client: Client) -> None:
    page = member_client.get(f"/o/{personas.org_a.slug}/").content.decode()
    assert f'href="/o/{personas.org_a.slug}/measures/"' in page


def test_the_date_boxes_post_the_names_the_form_reads(personas: Any, lead_client: Client, measure: Measure) -> None:
    page = lead_client.get(_url(personas, f"{measure.pk}/data/")).content.decode()
    for part in ("day", "month", "year"):
        assert f'name="period-{part}"' in page and f'id="period-{part}"' in page
    assert 'name="period[day]"' not in page


def test_a_lead_undoes_a_chart_change_from_the_chart_page(personas: Any, lead_client: Client, measure: Measure) -> None:
    event = services.chart_event_add(
        actor=personas.lead.user,
        measure=measure,
        period=measure.data_points.all()[20].period,
        kind="rebase",
        reason="Change adopted",
    )
    assert lead_client.get(_url(personas, f"{measure.pk}/chart-changes/{event.pk}/undo/")).status_code == 405
    response = lead_client.post(_url(personas, f"{measure.pk}/chart-changes/{event.pk}/undo/"))
    assert response.status_code == 302
    event.refresh_from_db()
    assert event.undone_at is not None
    page = lead_client.get(_url(personas, f"{measure.pk}/")).content.decode()
    assert "Undone" in page and "openqi-chart-part" not in page


def test_partners_do_not_see_measures(personas: Any) -> None:
    partner = _role_client(personas, Role.PARTNER)
    assert partner.get(_url(personas)).status_code == 403
    page = partner.get(f"/o/{personas.org_a.slug}/").content.decode()
    assert f'href="/o/{personas.org_a.slug}/measures/"' not in page
