"""Settings for the test suite: the production settings with test-friendly environment defaults.

DEBUG stays off so tests see what production does (error pages, no debug toolbar of any kind).
"""

import os

os.environ.setdefault("OPENQI_TESTING", "1")
os.environ.setdefault("SECRET_KEY", "test-only-secret-key-not-for-production-0123456789")
os.environ.setdefault("SECURE", "0")
os.environ.setdefault("ALLOWED_HOSTS", "testserver,localhost,127.0.0.1")
os.environ.setdefault("EMAIL_BACKEND", "django.core.mail.backends.locmem.EmailBackend")
os.environ.setdefault("DEMO_MODE", "0")

from openqi.settings import *  # noqa: F403
