"""The chart page stays light (issue 13): points placed with <use> or drawn as dots, stepped lines
as one run per level, drawings cached per version of their data, the page's indentation dropped."""

import datetime
import re
from typing import Any
from unittest import mock

from django.core.cache import cache
from django.test import Client

from openqi.core.html import compact_html
from openqi.measures.models import ChartEvent, DataPoint, Measure
from openqi.measures.presenters.chart_marks import Marker, points_markup, stepped_path
from openqi.measures.tests.conftest import drawn_points, make_measure
from openqi.measures.views import drawings

START = datetime.date(2024, 11, 4)


def _weekly_measure(personas: Any, n: int = 104) -> Measure:
    measure = make_measure(personas.org_a, frequency="weekly", target=100.0, improvement="decrease")
    DataPoint.objects.bulk_create(
        DataPoint(
            measure=measure,
            organisation=personas.org_a,
            period=START + datetime.timedelta(weeks=k),
            value=100.0 + (k * 7919 % 23) - (15 if k >= 60 else 0),
        )
        for k in range(n)
    )
    return measure


def _figure(html: str) -> str:
    return html[html.index("<figure") : html.index("</figure>")]


def _url(personas: Any, measure: Measure, suffix: str = "") -> str:
    return f"/o/{personas.org_a.slug}/measures/{measure.pk}/{suffix}"


def test_a_104_point_chart_page_is_under_40_kib_and_keeps_every_point_and_its_data(
    personas: Any, member_client: Client
) -> None:
    measure = _weekly_measure(personas)
    html = member_client.get(_url(personas, measure)).content.decode()
    assert len(html.encode()) <= 40 * 1024
    assert drawn_points(html, "wide") == drawn_points(html, "narrow") == 104
    # The wide drawing keeps a tooltip per point; the data table stays the text alternative.
    assert f"<title>{START:%d %b %Y}: 100, common cause</title>" in html
    assert "Show the chart's data as a table" in html and "Values 101 to 104 of 104" in html
    assert "\n  " not in html.split("<textarea")[0]  # no indentation left in the markup


def test_the_downloaded_svg_keeps_one_path_per_point_for_other_editors(personas: Any, member_client: Client) -> None:
    measure = _weekly_measure(personas, 20)
    svg = member_client.get(_url(personas, measure, "chart.svg")).content.decode()
    assert svg.count('class="openqi-chart-point"') == 20 and "<use " not in svg


def test_the_drawing_changes_with_the_data_and_is_drawn_once_per_version(personas: Any, member_client: Client) -> None:
    measure = _weekly_measure(personas, 30)
    cache.clear()
    with mock.patch.object(drawings, "render_to_string", wraps=drawings.render_to_string) as render:
        first = member_client.get(_url(personas, measure)).content.decode()
        again = member_client.get(_url(personas, measure)).content.decode()
        assert render.call_count == 3  # the wide and narrow drawings and the view form, once
        assert _figure(first) == _figure(again)
        DataPoint.objects.create(
            measure=measure, organisation=personas.org_a, period=START + datetime.timedelta(weeks=30), value=150.0
        )
        added = member_client.get(_url(personas, measure)).content.decode()
        assert drawn_points(added, "wide") == 31 and f"{START + datetime.timedelta(weeks=30):%d %b %Y}: 150" in added
        ChartEvent.objects.create(
            measure=measure,
            organisation=personas.org_a,
            kind="rebase",
            period=START + datetime.timedelta(weeks=20),
            reason="New pathway",
        )
        assert "openqi-chart-part" in member_client.get(_url(personas, measure)).content.decode()
        Measure.objects.filter(pk=measure.pk).update(name="Renamed measure")
        assert (
            '<title id="chart-title">I chart of Renamed measure</title>'
            in member_client.get(_url(personas, measure)).content.decode()
        )


def test_a_chosen_view_is_drawn_and_its_form_shows_its_errors(personas: Any, member_client: Client) -> None:
    measure = _weekly_measure(personas, 30)
    run = member_client.get(_url(personas, measure) + "?chart=run").content.decode()
    assert "Run chart of" in run and '<option value="run" selected' in run
    wrong = member_client.get(_url(personas, measure) + "?date_from-day=40&date_from-month=1&date_from-year=2025")
    assert "nhsuk-error-message" in wrong.content.decode()
    plain = member_client.get(_url(personas, measure)).content.decode()
    assert "nhsuk-error-message" not in plain and '<details class="nhsuk-details openqi-no-print">' in plain


def test_a_constant_level_is_one_run_and_a_change_of_level_one_step() -> None:
    assert stepped_path([10.0, 20.0, 30.0], [5.0, 5.0, 5.0], 5.0) == "M5.0,5.0H35.0"
    assert stepped_path([10.0, 20.0, 30.0], [5.0, 5.0, 8.0], 5.0) == "M5.0,5.0H25.0V8.0H35.0"


def _marker(x: float, shape: str = "circle", colour: str = "#768692", hollow: bool = False, label: str = "") -> Marker:
    return Marker(x=x, y=50.0, shape=shape, colour=colour, hollow=hollow, label=label or f"point {x}", path="")


def test_points_are_grouped_by_style_with_escaped_tooltips_or_drawn_as_dots() -> None:
    markers = [
        _marker(10.0, label="<b>1 Jan</b>"),
        _marker(20.0, shape="square", colour="#005eb8"),
        _marker(30.0, hollow=True),
        _marker(40.0, shape="diamond", colour="#ed8b00"),
    ]
    wide = str(points_markup(markers, id_prefix="chart", radius=4.5, with_titles=True))
    assert wide.count("<use ") == 4 and "<title>&lt;b&gt;1 Jan&lt;/b&gt;</title>" in wide
    assert len(re.findall(r'<g class="openqi-chart-points"', wide)) == 4  # grey, blue, hollow grey, orange
    assert 'fill="#ffffff" stroke="#768692" stroke-width="2"' in wide  # a ghosted point is hollow
    narrow = str(points_markup(markers, id_prefix="chart-narrow", radius=3.5, with_titles=False))
    assert "<title>" not in narrow
    assert 'd="M10.0,50.0h0" fill="none" stroke="#768692" stroke-width="8" stroke-linecap="round"' in narrow
    assert 'stroke-linecap="square"' in narrow
    assert narrow.count("<use ") == 2  # the hollow circle and the diamond keep their shapes


def test_compact_html_drops_indentation_but_not_preformatted_text() -> None:
    html = (
        "<div>\n    <p>One\n      two</p>\n\n\n  <pre>\n  kept\n    as is</pre>\n  <textarea>\n  a\n</textarea>\n</div>"
    )
    assert compact_html(html) == (
        "<div>\n<p>One\ntwo</p>\n<pre>\n  kept\n    as is</pre>\n<textarea>\n  a\n</textarea>\n</div>"
    )
