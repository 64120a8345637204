"""Settings for the test suite: the production settings with test-friendly environment defaults.

DEBUG stays off so tests see what production does (error pages, no debug toolbar of any kind).
"""

import os
import tempfile

os.environ.setdefault("OPENQI_TESTING", "1")
os.environ.setdefault("SECRET_KEY", "test-only-secret-key-not-for-production-0123456789")
os.environ.setdefault("SECURE", "0")
os.environ.setdefault("ALLOWED_HOSTS", "testserver,localhost,127.0.0.1")
os.environ.setdefault("EMAIL_BACKEND", "django.core.mail.backends.locmem.EmailBackend")
os.environ.setdefault("DEMO_MODE", "0")
# Uploaded files from tests (and demo seeding in tests) go to a folder of their own, never var/.
os.environ.setdefault("MEDIA_ROOT", tempfile.mkdtemp(prefix="openqi-test-media-"))

from openqi.settings import *  # noqa: F403

# Compiled Jinja2 templates kept on disk between test processes (`make test` points this into
# .pycache/): each xdist worker, the browser run and CI's second pass otherwise compiled the same
# ~420 templates again, about 4 CPU seconds each time (docs/testing.md). Keyed by each template's
# source, so an edited template is compiled afresh.
if _jinja_cache := os.environ.get("JINJA_BYTECODE_CACHE", ""):
    from jinja2 import FileSystemBytecodeCache

    os.makedirs(_jinja_cache, exist_ok=True)
    _jinja_options: dict[str, object] = TEMPLATES[0]["OPTIONS"]  # type: ignore[assignment]  # noqa: F405
    _jinja_options["bytecode_cache"] = FileSystemBytecodeCache(_jinja_cache)
