"""The chart page's two drawings (wide and phone), rendered once per version of what they show
and then read from the cache (ADR 0017).

The key is a digest of everything the drawings are made from: the measure's fields, the charted
periods, the engine's points and summary, the annotations, the part of the series drawn, and the
source of the template and presenters that draw them. A new value, an edit of the measure, a chart
event, a note, a reader's other view or a new release all give another key, so nothing is ever
invalidated by hand and a stale drawing cannot be served; old entries simply expire."""

import functools
import hashlib
from pathlib import Path
from typing import Any

from django.core.cache import cache
from django.template.loader import render_to_string
from markupsafe import Markup

from openqi.measures.presenters import ChartPresenter

CACHE_SECONDS = 24 * 3600
_DRAWING_SOURCES = (
    "jinja2/measures/chart.svg.jinja",
    "jinja2/measures/_chart_view_form.jinja",
    "presenters/chart.py",
    "presenters/chart_marks.py",
    "presenters/icons.py",
    "presenters/window.py",
)


@functools.cache
def _code_version() -> str:
    """The drawing code itself, so a release that draws differently never reads old drawings."""
    root = Path(__file__).resolve().parents[1]
    digest = hashlib.sha256()
    for name in _DRAWING_SOURCES:
        digest.update((root / name).read_bytes())
    return digest.hexdigest()[:16]


def data_version(presenter: ChartPresenter) -> str:
    """A digest of what this chart's drawings are made from (see the module's docstring)."""
    chart = presenter.chart
    measure = chart.measure
    parts: list[Any] = [
        _code_version(),
        [(f.attname, getattr(measure, f.attname)) for f in measure._meta.concrete_fields],
        chart.chart_used,
        chart.scale,
        chart.result.summary,
        chart.result.points,
        [(row.period, row.ghosted, row.point is None) for row in chart.rows],
        [(a.period, a.text, a.kind) for a in chart.annotations],
        presenter.show_all,
    ]
    return hashlib.sha256(repr(parts).encode()).hexdigest()


def chart_drawings(context: dict[str, Any]) -> dict[str, Markup]:
    """The wide and the phone drawing for a chart page's context, from the cache when this version
    was drawn before (by any worker: the cache is shared in production)."""
    presenter: ChartPresenter = context["p"]
    key = f"measures:chart-svg:{data_version(presenter)}"
    cached = cache.get(key)
    if cached is None:
        cached = {
            "wide": render_to_string("measures/chart.svg.jinja", context),
            "narrow": render_to_string("measures/chart.svg.jinja", {**context, "p": presenter.narrow_variant}),
        }
        cache.set(key, cached, CACHE_SECONDS)
    return {name: Markup(svg) for name, svg in cached.items()}  # noqa: S704  # nosec B704 -- rendered by our autoescaping template


def view_form_html(context: dict[str, Any], request: Any) -> Markup:
    """The chart page's view form. Unbound (most visits), its markup depends only on its fields'
    choices, so it is rendered once per set of choices: the NHS date inputs it holds were a third
    of the page's rendering time."""
    form = context["view_form"]
    if form.is_bound:
        return Markup(render_to_string("measures/_chart_view_form.jinja", context, request=request))  # noqa: S704  # nosec B704 -- rendered by our autoescaping template
    fields = [(bf.name, bf.value(), list(getattr(bf.field, "choices", ()))) for bf in form]
    source = hashlib.sha256(repr([_code_version(), fields]).encode()).hexdigest()
    key = f"measures:chart-view-form:{source}"
    html = cache.get(key)
    if html is None:
        html = render_to_string("measures/_chart_view_form.jinja", context, request=request)
        cache.set(key, html, CACHE_SECONDS)
    return Markup(html)  # noqa: S704  # nosec B704 -- rendered by our autoescaping template
