"""Do once, before the web workers start, what every worker would otherwise do on its first
requests (issue 13: a fresh worker took 1.3–2.2 s for its first ideas list, most of it here):

- import every view module, by loading the URL configuration and its reverse lookups;
- compile every Jinja2 template (pages, partials, emails, the NHS.UK macros) into the
  environment's cache;
- load the sentence-embedding model the similar-idea check uses.

gunicorn calls `warm_up` in its master process after loading the app (`preload_app`, see
gunicorn.conf.py), so each worker it forks — at start, or to replace one recycled after
`max_requests` — inherits all of it, shared copy-on-write. It opens no database connection, and
closes any that an import opened, so no connection is shared across the fork.
"""

import logging
import time

from django.db import connections
from django.template import engines
from django.template.backends.jinja2 import Jinja2
from django.urls import get_resolver
from jinja2 import TemplateError

from openqi.core.similarity import default_embedder

logger = logging.getLogger("openqi.warmup")

TEMPLATE_SUFFIXES = (".jinja", ".html", ".txt")


def compile_templates() -> int:
    """Load every Jinja2 template of every Jinja2 engine into its cache; how many compiled. A
    template that does not compile is logged and left for its page to report, as before."""
    compiled = 0
    for engine in engines.all():
        if not isinstance(engine, Jinja2):
            continue
        env = engine.env
        names = env.list_templates(filter_func=lambda name: name.endswith(TEMPLATE_SUFFIXES))
        # The cache must hold them all, or later pages would compile again what was evicted.
        if env.cache is not None and getattr(env.cache, "capacity", 0) < len(names):
            logger.warning("warm-up: %d templates but a cache of %d", len(names), env.cache.capacity)
        for name in names:
            try:
                env.get_template(name)
            except TemplateError:
                logger.exception("warm-up: template %s does not compile", name)
                continue
            compiled += 1
    return compiled


def load_urls() -> int:
    """Import every URL configuration and view module, and build the reverse lookup tables."""
    resolver = get_resolver()
    resolver.url_patterns  # noqa: B018  (imports the URL modules, and so the views)
    return len(resolver.reverse_dict)  # builds the reverse lookup tables, as the first `reverse` would


def warm_up() -> dict[str, float]:
    """Everything above, timed (seconds per step), for the log."""
    timings: dict[str, float] = {}
    for step, work in (
        ("urls", load_urls),
        ("templates", compile_templates),
        ("embedder", default_embedder),
    ):
        started = time.perf_counter()
        work()
        timings[step] = round(time.perf_counter() - started, 3)
    connections.close_all()
    return timings
