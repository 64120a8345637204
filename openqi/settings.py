"""OpenQI settings, read from the environment (see .env.example for every variable).

Defaults are safe for production: DEBUG is off and secure cookies, HSTS and SSL redirect are on
unless the environment says otherwise. `make run` sets DEBUG and DEMO_MODE for local use.
"""

from pathlib import Path

import environ
from csp.constants import NONCE, NONE, SELF

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False) if (BASE_DIR / ".env").exists() else None

DEBUG = env.bool("DEBUG", default=False)
TESTING = env.bool("OPENQI_TESTING", default=False)
SECRET_KEY = env.str("SECRET_KEY", default="" if not DEBUG else "insecure-development-key-change-me")
if not SECRET_KEY:
    raise environ.ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off.")
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost"] if DEBUG else [])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])
# Demo mode lists the demo accounts on the sign-in page and allows `seed_demo`; never in production.
DEMO_MODE = env.bool("DEMO_MODE", default=False)
SITE_URL = env.str("SITE_URL", default="http://127.0.0.1:8000")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "csp",
    "openqi.operations",  # before django_tasks_db: its db_worker adds leases to the library's
    "django_tasks",
    "django_tasks_db",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "allauth.socialaccount",
    "allauth.socialaccount.providers.openid_connect",
    "openqi.core",
    "openqi.accounts",
    "openqi.organisations",
    "openqi.audit",
    "openqi.auditlog",
    "openqi.notifications",
    "openqi.documents",
    "openqi.checkins",
    "openqi.surveys",
    "openqi.ideas",
    "openqi.measures",
    "openqi.bookings",
    "openqi.projects",
    "openqi.live",
    "openqi.sustainability",
    "openqi.boards",
    "openqi.recognition",
    "openqi.reports",
    "openqi.network",
    "openqi.dashboards",
    "openqi.training",
    "openqi.coproduction",
    "openqi.web",
    "openqi.demo",
    "openqi.privacy",
    "openqi.people",
    "openqi.api",
    # django-ninja, for the API explorer's static files (Swagger UI served locally, never a CDN).
    "ninja",
]

MIDDLEWARE = [
    # First, so every response (redirects and errors too) carries X-Request-ID and gets its log line.
    "openqi.core.logging.RequestLogMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    # Every error under /api/v1/ (an unknown address, 405, CSRF, 500) as problem details (ADR 0027).
    "openqi.api.middleware.ApiProblemMiddleware",
    # Before anything reads the body: a live API token's bulk write may be larger than 2.5 MB.
    "openqi.api.middleware.ApiBulkBodyMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "openqi.accounts.middleware.SessionTimeoutMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "openqi.accounts.middleware.SsoFormActionMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "openqi.organisations.middleware.RequireAdminMfaMiddleware",
    "openqi.core.middleware.NoStoreForSignedInMiddleware",
]

ROOT_URLCONF = "openqi.urls"
WSGI_APPLICATION = "openqi.wsgi.application"

TEMPLATES = [
    {
        # Jinja2 first: OpenQI pages (and our versions of allauth's pages) are Jinja2.
        "BACKEND": "django.template.backends.jinja2.Jinja2",
        "DIRS": [BASE_DIR / "openqi" / "templates_jinja"],
        "APP_DIRS": True,
        "OPTIONS": {
            "environment": "openqi.core.jinja.environment",
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.csrf",
                "django.contrib.messages.context_processors.messages",
                "openqi.core.context_processors.layout",
                "openqi.web.context_processors.header",
                "openqi.organisations.context_processors.sso",
            ],
        },
    },
    {
        # Django templates for the Django admin and any allauth page we have not restyled.
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "openqi" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}")}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
# Persistent connections (issue 13): a new PostgreSQL connection per request cost each page a backend
# process start, authentication, the session's SET statements and a cold catalogue cache. Each
# gunicorn worker keeps one connection for up to CONN_MAX_AGE seconds, checked before reuse after an
# error or idle spell (CONN_HEALTH_CHECKS). Not under DEBUG: runserver's thread per request would
# leave one open connection per thread. 0 behind PgBouncer in transaction pooling (deployment.md).
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=0 if DEBUG else 60)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # SQLite behind a web server (ADR 0013): a write-ahead log so readers never block the writer,
    # writes that take the lock when their transaction begins (IMMEDIATE) and so wait their turn
    # for up to SQLITE_BUSY_TIMEOUT seconds instead of failing with "database is locked".
    SQLITE_BUSY_TIMEOUT = env.int("SQLITE_BUSY_TIMEOUT", default=20)
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "init_command": (
                f"PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT * 1000};"
            ),
            "transaction_mode": "IMMEDIATE",
            "timeout": SQLITE_BUSY_TIMEOUT,
        }
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

CACHES = {"default": env.cache("CACHE_URL", default="locmemcache://openqi")}
# Requests one API token may make per minute (counted in the cache, so shared by every worker).
API_RATE_LIMIT_PER_MINUTE = env.int("API_RATE_LIMIT_PER_MINUTE", default=240)
# The API's bulk write of measure data may send bodies this large (openqi/api/middleware.py).
API_BULK_MAX_BYTES = env.int("API_BULK_MAX_BYTES", default=16 * 1024 * 1024)

# `make serve` (production on one machine): gunicorn.conf.py reads WEB_CONCURRENCY too; the deploy
# checks (openqi/core/checks.py) refuse a per-process cache with several workers, SQLite unless
# ALLOW_SQLITE=1, and plain HTTP unless ALLOW_INSECURE_HTTP=1 (for trying it on 127.0.0.1 only).
WEB_CONCURRENCY = env.int("WEB_CONCURRENCY", default=3)
ALLOW_SQLITE = env.bool("ALLOW_SQLITE", default=False)
ALLOW_INSECURE_HTTP = env.bool("ALLOW_INSECURE_HTTP", default=False)
# /readyz answers 503 when a task has waited (or run) longer than this many seconds.
READYZ_MAX_TASK_WAIT = env.int("READYZ_MAX_TASK_WAIT", default=300)
READYZ_MAX_TASK_RUN = env.int("READYZ_MAX_TASK_RUN", default=900)

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
PASSWORD_HASHERS = (
    ["django.contrib.auth.hashers.MD5PasswordHasher"]
    if TESTING
    else [
        "django.contrib.auth.hashers.PBKDF2PasswordHasher",
        "django.contrib.auth.hashers.Argon2PasswordHasher",
        "django.contrib.auth.hashers.ScryptPasswordHasher",
    ]
)
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "web:home"
LOGOUT_REDIRECT_URL = "web:home"

# allauth: email is the identity for local accounts; SSO accounts are keyed by the identity
# provider's issuer and subject, never matched to a local account by email.
ACCOUNT_ADAPTER = "openqi.organisations.adapters.AccountAdapter"
SOCIALACCOUNT_ADAPTER = "openqi.organisations.adapters.SocialAccountAdapter"
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_SESSION_REMEMBER = False
ACCOUNT_PREVENT_ENUMERATION = True
# Brute-force protection: allauth's rate limits live in the cache, which is Redis in production
# (CACHE_URL) so every worker process shares the counters.
ACCOUNT_RATE_LIMITS = {
    "login_failed": env.str("RATE_LIMIT_LOGIN_FAILED", default="10/m/ip,5/5m/key"),
    "signup": "20/m/ip",
    "reset_password": "20/m/ip,5/m/key",
}
SOCIALACCOUNT_EMAIL_AUTHENTICATION = False
SOCIALACCOUNT_EMAIL_AUTHENTICATION_AUTO_CONNECT = False
SOCIALACCOUNT_AUTO_SIGNUP = True
SOCIALACCOUNT_ONLY = False
SOCIALACCOUNT_STORE_TOKENS = False
SOCIALACCOUNT_PROVIDERS = {"openid_connect": {"OAUTH_PKCE_ENABLED": True}}
# The key that seals SSO client secrets stored in the database (docs/sso.md); SECRET_KEY when
# unset. Changing it makes stored secrets unreadable: enter them again, or use `env:` references.
SSO_SECRET_KEY = env.str("SSO_SECRET_KEY", default="")
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "OpenQI"

# Sessions: 15 minutes idle and 12 hours absolute by default (SessionTimeoutMiddleware).
SESSION_IDLE_TIMEOUT = env.int("SESSION_IDLE_TIMEOUT", default=15 * 60)
SESSION_ABSOLUTE_TIMEOUT = env.int("SESSION_ABSOLUTE_TIMEOUT", default=12 * 60 * 60)
# Seconds before an idle session ends that signed-in pages warn ("Stay signed in"; session.js).
SESSION_WARNING_BEFORE = env.int("SESSION_WARNING_BEFORE", default=2 * 60)
SESSION_COOKIE_AGE = SESSION_ABSOLUTE_TIMEOUT
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"

SECURE = env.bool("SECURE", default=not DEBUG)
SESSION_COOKIE_SECURE = SECURE
CSRF_COOKIE_SECURE = SECURE
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=SECURE)
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=31536000 if SECURE else 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = SECURE
SECURE_HSTS_PRELOAD = SECURE
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if env.bool("BEHIND_PROXY", default=False) else None
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        # Sign-in pages add their identity providers' origins (openqi/accounts/csp.py).
        "form-action": [SELF],
        "frame-ancestors": [NONE],
        "base-uri": [SELF],
        "object-src": [NONE],
    }
}

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(env.str("STATIC_ROOT", default="") or BASE_DIR / "staticfiles")
STATICFILES_DIRS = [
    ("nhsuk", BASE_DIR / "node_modules" / "nhsuk-frontend" / "dist" / "nhsuk"),
    BASE_DIR / "openqi" / "static",
]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG or TESTING
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
WHITENOISE_USE_FINDERS = DEBUG or TESTING
# Uploaded files (the network's resources library, ADR 0028). Never served from this folder by the
# web server: a view checks who may read a file and sends it with safe headers. No MEDIA_URL.
MEDIA_ROOT = Path(env.str("MEDIA_ROOT", default="") or BASE_DIR / "var" / "media")

# Background work: django-tasks with the database backend (SQLite and PostgreSQL alike);
# `make worker` runs `manage.py db_worker`. Tests run tasks immediately.
TASKS = {
    "default": {
        "BACKEND": (
            "django_tasks.backends.immediate.ImmediateBackend" if TESTING else "django_tasks_db.DatabaseBackend"
        )
    }
}

# Task leases, retries and retention (docs/tasks.md). A RUNNING task whose worker has sent no
# heartbeat for TASK_LEASE_SECONDS is run again, up to TASK_MAX_ATTEMPTS claims, then FAILED.
TASK_LEASE_SECONDS = env.int("TASK_LEASE_SECONDS", default=120)
TASK_MAX_ATTEMPTS = env.int("TASK_MAX_ATTEMPTS", default=3)
TASK_RETENTION_DAYS = env.int("TASK_RETENTION_DAYS", default=7)
TASK_FAILED_RETENTION_DAYS = env.int("TASK_FAILED_RETENTION_DAYS", default=30)
# The name emails and sign-in pages give the service ("Hello from OpenQI!").
SITE_NAME = env.str("SITE_NAME", default="OpenQI")

# A scope's similar-idea index is rebuilt in a thread when ideas change, while lookups use the
# index they have (openqi/ideas/similar_index.py). Tests rebuild at once, inside their transaction.
IDEAS_SIMILAR_INDEX_BACKGROUND = env.bool("IDEAS_SIMILAR_INDEX_BACKGROUND", default=not TESTING)
# Where the similar-idea index files are kept, shared by the workers of a host so a new one loads
# them in milliseconds (openqi/ideas/similar_cache.py); a writable folder only the app's user can
# read. Empty: no files, each process builds its own (the tests' default).
IDEAS_SIMILAR_INDEX_DIR = env.str(
    "IDEAS_SIMILAR_INDEX_DIR", default="" if TESTING else str(BASE_DIR / "var" / "similar-index")
)

EMAIL_BACKEND = env.str(
    "EMAIL_BACKEND",
    default=(
        "django.core.mail.backends.console.EmailBackend" if DEBUG else "django.core.mail.backends.smtp.EmailBackend"
    ),
)
EMAIL_FILE_PATH = env.str("EMAIL_FILE_PATH", default="")  # for the filebased backend
EMAIL_HOST = env.str("EMAIL_HOST", default="localhost")
EMAIL_PORT = env.int("EMAIL_PORT", default=587)
EMAIL_HOST_USER = env.str("EMAIL_HOST_USER", default="")
EMAIL_HOST_PASSWORD = env.str("EMAIL_HOST_PASSWORD", default="")
EMAIL_USE_TLS = env.bool("EMAIL_USE_TLS", default=True)
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="OpenQI <no-reply@openqi.example>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

INVITATION_DAYS = env.int("INVITATION_DAYS", default=14)
# Answers a shared check-in kiosk may send per minute (counted in the cache, never by IP).
CHECKIN_KIOSK_RATE = env.int("CHECKIN_KIOSK_RATE", default=12)

# JSON lines with a request id (openqi/core/logging.py); LOG_FORMAT=text for reading by eye.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {
        "request_id": {"()": "openqi.core.logging.RequestIdFilter"},
        "anonymous_paths": {"()": "openqi.core.logging.AnonymousPathFilter"},
    },
    "formatters": {
        "json": {"()": "openqi.core.logging.JsonFormatter"},
        "text": {"format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "filters": ["request_id", "anonymous_paths"],
            "formatter": env.str("LOG_FORMAT", default="text" if DEBUG or TESTING else "json"),
        }
    },
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {
        # Our request line replaces Django's "Not Found: /path" warnings; errors still come through.
        "django.request": {"level": "ERROR"},
        "django.server": {"level": "WARNING"},
        "openqi.request": {"level": "WARNING" if TESTING else "INFO"},
        # WeasyPrint logs each rendering step at INFO; its warnings (a refused fetch) still show.
        "weasyprint": {"level": "WARNING"},
        "weasyprint.progress": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
    },
}
