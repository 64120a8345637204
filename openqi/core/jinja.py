"""The Jinja2 environment: Django's helpers and the NHS.UK frontend macros."""

from typing import Any

from django.contrib import messages
from django.contrib.humanize.templatetags.humanize import naturaltime
from django.middleware.csrf import get_token
from django.templatetags.static import static
from django.urls import reverse
from django.utils import timezone
from jinja2 import ChainableUndefined, ChoiceLoader, Environment, PackageLoader

from openqi.core.forms import error_summary_items, field_params
from openqi.core.submission import submission_token_input
from openqi.core.undo import undo_url_of


def url(name: str, *args: Any, **kwargs: Any) -> str:
    return reverse(name, args=args or None, kwargs=kwargs or None)


def uk_datetime(value: Any) -> str:
    if value is None:
        return ""
    local = timezone.localtime(value)
    return f"{local.day} {local:%B %Y} at {local:%H:%M}"


def uk_date(value: Any) -> str:
    if value is None:
        return ""
    return f"{value.day} {value:%B %Y}"


TEMPLATE_CACHE_SIZE = 1000


def environment(**options: Any) -> Environment:
    # The NHS macros read optional nested params (`params.search.action`): chain undefineds.
    options["undefined"] = ChainableUndefined
    # Room for every template (about 420 with the system-level apps) so none is compiled twice
    # after the warm-up (core/warmup.py warns when the cache is smaller than the template count).
    options.setdefault("cache_size", TEMPLATE_CACHE_SIZE)
    loader = options.pop("loader", None)
    env = Environment(**options, extensions=["jinja2.ext.do"])  # noqa: S701  # nosec B701 # autoescape is set by Django's Jinja2 backend
    nhs_loader = PackageLoader("nhsuk_frontend_jinja", "templates")
    env.loader = ChoiceLoader([loader, nhs_loader]) if loader else env.loader
    env.globals.update(
        {
            "url": url,
            "static": static,
            "now": timezone.now,
            "field_params": field_params,
            "error_summary_items": error_summary_items,
            "csrf_token_for": get_token,
            "get_messages": messages.get_messages,
            "undo_url_of": undo_url_of,
            "submission_token_input": submission_token_input,
        }
    )
    env.filters.update({"uk_datetime": uk_datetime, "uk_date": uk_date, "naturaltime": naturaltime})
    return env


__all__ = ["environment"]
