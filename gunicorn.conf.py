"""gunicorn for `make serve` (docs/deployment.md).

Environment: PORT (default 8000) or BIND (host:port), WEB_CONCURRENCY (worker processes, default 3),
GUNICORN_TIMEOUT (seconds, default 60), FORWARDED_ALLOW_IPS (the proxy's address, default 127.0.0.1),
GUNICORN_PRELOAD (default 1: load and warm the app once in the master, see below; 0 to load it in
each worker).
"""

import os

bind = os.environ.get("BIND") or f"127.0.0.1:{os.environ.get('PORT', '8000')}"
workers = int(os.environ.get("WEB_CONCURRENCY", "3"))
worker_class = "sync"
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "60"))
graceful_timeout = 30
keepalive = 5
# Recycle workers now and then so a slow leak cannot grow without bound.
max_requests = 2000
max_requests_jitter = 200
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")
proc_name = "openqi"

# Load the app once in the master and warm it there (every view imported, every template compiled,
# the embedding model loaded: openqi/core/warmup.py); each worker is forked from it, so a fresh
# worker — at start or replacing one recycled by max_requests — answers its first request as fast
# as its hundredth. Code changes need a restart (not a HUP), as with any preloaded app.
preload_app = os.environ.get("GUNICORN_PRELOAD", "1") != "0"


def when_ready(server):  # type: ignore[no-untyped-def]
    """In the master, after the app is loaded and before the first worker is forked."""
    if not preload_app:
        return
    from openqi.core.warmup import warm_up  # lazy: Django is set up only once the app is loaded

    server.log.info("warm-up done before forking workers: %s", warm_up())


# No access log: OpenQI logs each request itself (openqi/core/logging.py), without IP addresses,
# raw paths or query strings, and not at all for anonymous submissions.
accesslog = None
errorlog = "-"
loglevel = os.environ.get("LOG_LEVEL", "info").lower()
logconfig_dict = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"json": {"()": "openqi.core.logging.JsonFormatter"}},
    "handlers": {
        "console": {"class": "logging.StreamHandler", "formatter": "json", "stream": "ext://sys.stdout"},
        "error_console": {"class": "logging.StreamHandler", "formatter": "json", "stream": "ext://sys.stderr"},
    },
    "root": {"level": "INFO", "handlers": ["console"]},
    "loggers": {"gunicorn.error": {"level": loglevel.upper(), "handlers": ["error_console"], "propagate": False}},
}
