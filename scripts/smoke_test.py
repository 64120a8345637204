"""Production smoke test: `make serve` on a fresh PostgreSQL database, driven like a browser.

Creates a database, migrates it and loads the demo data (seed_demo, with DEMO_MODE=1 for that step
only), then starts `make serve` (DEBUG off, hashed static files, gunicorn with two workers, the
task worker, Redis cache) on a free port over plain http on 127.0.0.1 (SECURE=0 with the explicit
ALLOW_INSECURE_HTTP=1 opt-in). Then, through the real sign-in form with CSRF, as each demo role:
opens every page the navigation offers and the main page of every app, submits an idea, a check-in
and a measure value, asks for a password reset and waits for the task worker to write the email.
Fails on any 5xx answer or any "Traceback" in the server and worker logs.

Standard library only (psycopg, already a dependency, creates and drops the database).
Environment: SMOKE_POSTGRES (default postgres://postgres@127.0.0.1:5432), SMOKE_REDIS
(default redis://127.0.0.1:6379/9).
"""

import base64
import hashlib
import hmac
import os
import re
import secrets
import signal
import socket
import struct
import subprocess  # nosec B404 # starts the project's own server and manage.py with fixed arguments
import sys
import tempfile
import time
from datetime import date, timedelta
from html.parser import HTMLParser
from http.cookiejar import CookieJar
from pathlib import Path
from typing import Any
from urllib.error import HTTPError, URLError
from urllib.parse import urlencode, urljoin, urlsplit
from urllib.request import HTTPCookieProcessor, HTTPRedirectHandler, Request, build_opener

ROOT = Path(__file__).resolve().parent.parent
PASSWORD = "openqi-demo"  # noqa: S105  (the published demo password)
ROLES = [
    "admin@openqi.example",
    "lead@northfield.example",
    "staff@northfield.example",
    "partner@northfield.example",
    "lead@riverside.example",
]
# Every app's main page under /o/<slug>/; a role may be refused some (403), never a 5xx.
APP_PAGES = ["", "projects/", "measures/", "ideas/", "check-in/", "check-ins/", "surveys/", "members/", "audit/"]
failures: list[str] = []
requests_made = 0


def log(message: str) -> None:
    print(f"[smoke {time.strftime('%H:%M:%S')}] {message}", flush=True)


def fail(message: str) -> None:
    failures.append(message)
    log(f"FAIL: {message}")


class _NoRedirect(HTTPRedirectHandler):
    def redirect_request(self, *args: Any, **kwargs: Any) -> None:
        return None


class Page:
    def __init__(self, status: int, url: str, body: str) -> None:
        self.status, self.url, self.body = status, url, body


class Forms(HTMLParser):
    """Each <form>: its action, method and the values a browser would send by default."""

    def __init__(self) -> None:
        super().__init__()
        self.forms: list[dict[str, Any]] = []
        self._select: str | None = None
        self._textarea: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "form":
            self.forms.append({"action": a.get("action", ""), "method": a.get("method", "get").lower(), "fields": []})
        elif not self.forms:
            return
        elif tag == "input" and a.get("name"):
            kind = a.get("type", "text")
            if kind in ("radio", "checkbox") and "checked" not in a:
                return
            if kind not in ("submit", "button", "image"):
                self.forms[-1]["fields"].append((a["name"], a.get("value", "on" if kind == "checkbox" else "")))
        elif tag == "select":
            self._select = a.get("name")
        elif tag == "option" and self._select:
            fields = self.forms[-1]["fields"]
            if "selected" in a or not any(n == self._select for n, _ in fields):
                fields[:] = [(n, v) for n, v in fields if n != self._select] + [(self._select, a.get("value", ""))]
        elif tag == "textarea":
            self._textarea = a.get("name")
            self.forms[-1]["fields"].append((self._textarea, ""))

    def handle_endtag(self, tag: str) -> None:
        if tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None

    def handle_data(self, data: str) -> None:
        if self._textarea and self.forms:
            fields = self.forms[-1]["fields"]
            name, value = fields[-1]
            fields[-1] = (name, value + data)


def form_in(page: Page, action_contains: str = "", having: str = "") -> dict[str, Any]:
    parser = Forms()
    parser.feed(page.body)
    for form in parser.forms:
        names = {n for n, _ in form["fields"]}
        if (
            form["method"] == "post"
            and action_contains in (form["action"] or page.url)
            and (not having or having in names)
        ):
            return form
    raise AssertionError(f"no form posting to {action_contains!r} with {having!r} on {page.url}")


class Browser:
    def __init__(self, base: str, who: str, host: str | None = None) -> None:
        self.base, self.who = base, who
        # As a proxy in front of several servers sends them all the site's one host name.
        self.headers = {"Host": host} if host else {}
        self.opener = build_opener(HTTPCookieProcessor(CookieJar()), _NoRedirect)

    def go(self, path: str, data: list[tuple[str, str]] | None = None) -> Page:
        global requests_made
        url = urljoin(self.base, path)
        body = urlencode(data).encode() if data is not None else None
        for _ in range(10):
            request = Request(url, data=body, method="POST" if body is not None else "GET", headers=self.headers)  # noqa: S310
            try:
                response = self.opener.open(request, timeout=60)
            except HTTPError as error:
                response = error
            requests_made += 1
            status = response.status
            text = response.read().decode("utf-8", "replace")
            if status >= 500:
                fail(f"{self.who}: {request.method} {urlsplit(url).path} answered {status}")
            if status in (301, 302, 303) and response.headers.get("Location"):
                url = urljoin(url, response.headers["Location"])
                body = None
                continue
            return Page(status, url, text)
        fail(f"{self.who}: too many redirects from {path}")
        return Page(0, url, "")

    def submit(self, page: Page, values: dict[str, Any], action_contains: str = "", having: str = "") -> Page:
        form = form_in(page, action_contains, having)
        fields = [(n, v) for n, v in form["fields"] if n not in values]
        for name, value in values.items():
            for item in value if isinstance(value, list) else [value]:
                fields.append((name, str(item)))
        return self.go(form["action"] or page.url, fields)


def totp(secret: str, at: float | None = None) -> str:
    key = base64.b32decode(secret.replace(" ", "").upper() + "=" * (-len(secret.replace(" ", "")) % 8))
    digest = hmac.new(key, struct.pack(">Q", int((at or time.time()) // 30)), hashlib.sha1).digest()
    offset = digest[-1] & 0x0F
    return f"{(struct.unpack('>I', digest[offset : offset + 4])[0] & 0x7FFFFFFF) % 1_000_000:06d}"


def sign_in(base: str, email: str) -> Browser:
    browser = Browser(base, email)
    page = browser.go("/accounts/login/")
    page = browser.submit(page, {"login": email, "password": PASSWORD}, having="login")
    # Admins must set up two-factor first: allauth asks for the password again, then shows the
    # setup key; answer with a code worked out from it (RFC 6238, as an authenticator app does).
    for _ in range(3):
        if "/reauthenticate/" in page.url:
            page = browser.submit(page, {"password": PASSWORD}, having="password")
        elif "authenticator_secret" in page.body:
            secret = re.search(r'id="authenticator_secret">([A-Z2-7 ]+)<', page.body)
            if not secret:
                fail(f"{email}: asked to set up two-factor but no setup key is shown ({page.url})")
                return browser
            page = browser.submit(page, {"code": totp(secret.group(1))}, having="code")
            log(f"{email}: set up two-factor authentication")
        else:
            break
    home = browser.go("/")
    if "Sign out" not in home.body or urlsplit(home.url).path != "/":
        fail(f"{email}: not signed in after the sign-in form (ended on {page.url}, {page.status}; / is {home.url})")
    return browser


def org_slugs(page: Page) -> list[str]:
    return sorted(set(re.findall(r'href="/o/([a-z0-9-]+)/"', page.body)))


NAV_LINK = re.compile(
    r'<a[^>]*class="nhsuk-header__navigation-link"[^>]*>|<a[^>]*href="[^"]*"[^>]*nhsuk-header__navigation-link[^>]*>'
)


def nav_links(page: Page) -> list[str]:
    return sorted({m for tag in NAV_LINK.findall(page.body) for m in re.findall(r'href="([^"]+)"', tag)})


def visit_everything(browser: Browser) -> str | None:
    home = browser.go("/")
    slugs = org_slugs(home)
    slug = slugs[0] if slugs else None
    if slug is None:
        fail(f"{browser.who}: the home page links no organisation")
        return None
    # The navigation on an organisation's page is worked out from the reader's role there: every
    # link it offers must open, where it points or on a page inside that section (a member's
    # Dashboards is their team's, the ICS dashboard of a deployment with one ICS is that ICS's);
    # never at the sign-in page or somewhere else.
    nav = nav_links(browser.go(f"/o/{slug}/"))
    for link in nav:
        page = browser.go(link)
        offered, landed = urlsplit(link).path, urlsplit(page.url).path
        if page.status != 200 or not (landed == offered or (offered != "/" and landed.startswith(offered))):
            fail(f"{browser.who}: the navigation offers {link} but it answered {page.status} at {page.url}")
    # Outside an organisation page the role is not known; report links that would be refused.
    for link in sorted(set(nav_links(home)) - set(nav)):
        page = browser.go(link)
        if page.status != 200:
            log(f"WARN {browser.who}: the home page's navigation offers {link}, which answers {page.status}")
    statuses = {}
    for path in [*(f"/o/{slug}/{app}" for app in APP_PAGES), "/notifications/", "/account/preferences/"]:
        page = browser.go(path)
        moved = urlsplit(page.url).path != path
        statuses[path.removeprefix(f"/o/{slug}/") or "home"] = f"{page.status}{' at ' + page.url if moved else ''}"
        if moved:
            fail(f"{browser.who}: {path} sent the browser to {page.url}")
    log(f"{browser.who}: {len(nav)} navigation pages opened; app pages {statuses}")
    return slug


def submit_idea(browser: Browser, slug: str) -> None:
    page = browser.go(f"/o/{slug}/ideas/new/")
    form = form_in(page, having="title")
    identity = next((v for n, v in form["fields"] if n == "identity"), "named")
    result = browser.submit(
        page,
        {
            "title": f"Smoke test idea {secrets.token_hex(3)}",
            "problem": "The smoke test checks that ideas can be shared in production.",
            "suggestion": "Keep running the smoke test in CI.",
            "identity": identity or "named",
            "action": "share",
        },
        having="title",
    )
    if result.status != 200 or ("/ideas/new/" in result.url and "error-summary" in result.body):
        fail(f"{browser.who}: sharing an idea ended on {result.url} ({result.status})")
    else:
        log(f"{browser.who}: shared an idea")


def submit_checkin(browser: Browser, slug: str) -> None:
    page = browser.go(f"/o/{slug}/check-in/")
    result = browser.submit(page, {"score": "4"}, having="csrfmiddlewaretoken", action_contains="check-in")
    if result.status != 200 or "error-summary" in result.body:
        fail(f"{browser.who}: checking in ended on {result.url} ({result.status})")
    else:
        log(f"{browser.who}: checked in")


def submit_measure_value(browser: Browser, slug: str) -> None:
    measures = browser.go(f"/o/{slug}/measures/")
    ids = sorted(set(re.findall(rf'href="/o/{slug}/measures/(\d+)/"', measures.body)), key=int)
    for measure_id in ids:
        page = browser.go(f"/o/{slug}/measures/{measure_id}/data/")
        if page.status != 200:
            continue
        names = {n for n, _ in form_in(page, having="csrfmiddlewaretoken", action_contains="/data/")["fields"]}
        if "observations" in names:
            continue
        values = {"value": "7"} if "value" in names else {"numerator": "3", "denominator": "10"}
        parts = {
            part: next((n for n in names if n.startswith("period") and part in n), "")
            for part in ("day", "month", "year")
        }
        for days_back in (0, 1, 7, 30, 365, 3650):
            day = date.today() - timedelta(days=days_back)
            fields = {**values, parts["day"]: day.day, parts["month"]: day.month, parts["year"]: day.year}
            result = browser.submit(page, fields, action_contains="/data/", having="csrfmiddlewaretoken")
            if "added" in result.body and "error-summary" not in result.body:
                log(f"{browser.who}: added a value to measure {measure_id} for {day}")
                return
            page = browser.go(f"/o/{slug}/measures/{measure_id}/data/")
    fail(f"{browser.who}: could not add a measure value in {slug}")


def password_reset_email_sent(base: str, outbox: Path, email: str) -> None:
    browser = Browser(base, "anonymous")
    page = browser.go("/accounts/password/reset/")
    browser.submit(page, {"email": email}, having="email")
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        sent = [p for p in outbox.glob("*") if email in p.read_text(errors="replace")]
        if sent:
            log(f"the task worker sent the password-reset email ({len(sent)} file(s) in the outbox)")
            return
        time.sleep(1)
    fail("no password-reset email was written by the task worker within 60 s")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def main() -> int:
    started = time.monotonic()
    import psycopg

    server = os.environ.get("SMOKE_POSTGRES", "postgres://postgres@127.0.0.1:5432").rstrip("/")
    database = f"openqi_smoke_{os.getpid()}_{int(time.time())}"
    tmp = Path(tempfile.mkdtemp(prefix="openqi-smoke-"))
    outbox = tmp / "outbox"
    outbox.mkdir()
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    env = {k: v for k, v in os.environ.items() if k not in {"DEBUG", "DEMO_MODE", "OPENQI_TESTING", "SECURE"}}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    env.update(
        DATABASE_URL=f"{server}/{database}",
        CACHE_URL=os.environ.get("SMOKE_REDIS", "redis://127.0.0.1:6379/9"),
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="127.0.0.1",
        SITE_URL=base,
        SECURE="0",
        ALLOW_INSECURE_HTTP="1",
        WEB_CONCURRENCY="2",
        STATIC_ROOT=str(tmp / "static"),
        EMAIL_BACKEND="django.core.mail.backends.filebased.EmailBackend",
        EMAIL_FILE_PATH=str(outbox),
        LOG_FORMAT="json",
    )
    with psycopg.connect(f"{server}/postgres", autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{database}"')
    server_log = tmp / "serve.log"
    process = None
    try:
        python = str(ROOT / ".venv" / "bin" / "python")
        for step, extra in ((["migrate", "--no-input", "-v", "0"], {}), (["seed_demo"], {"DEMO_MODE": "1"})):
            subprocess.run([python, "manage.py", *step], cwd=ROOT, env={**env, **extra}, check=True)  # nosec B603 # the venv's python and fixed manage.py steps, no shell
        log(f"database {database} migrated and seeded in {time.monotonic() - started:.0f} s; starting make serve")
        with server_log.open("w") as out:
            process = subprocess.Popen(  # nosec B603 B607 # `make serve` from the checkout, fixed arguments, no shell
                ["make", "--no-print-directory", "serve", f"PORT={port}"],
                cwd=ROOT,
                env=env,
                stdout=out,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        ready_by = time.monotonic() + 120
        while True:
            try:
                if build_opener().open(f"{base}/readyz", timeout=30).status == 200:
                    break
            except (URLError, OSError):
                pass
            if process.poll() is not None or time.monotonic() > ready_by:
                fail("make serve did not become ready")
                return 1
            time.sleep(0.5)
        log(f"make serve ready on {base} after {time.monotonic() - started:.0f} s")

        static = Browser(base, "anonymous").go("/accounts/login/")
        for public in ("/", "/privacy/", "/accessibility/", "/healthz", "/no-such-page/"):
            Browser(base, "anonymous").go(public)
        css = re.search(r'href="(/static/nhsuk/nhsuk-frontend\.min\.[0-9a-f]+\.css)"', static.body)
        if not css:
            fail("the sign-in page does not link the hashed NHS.UK stylesheet")
        elif Browser(base, "anonymous").go(css.group(1)).status != 200:
            fail(f"{css.group(1)} is not served")

        for email in ROLES:
            browser = sign_in(base, email)
            slug = visit_everything(browser)
            if slug and email == "staff@northfield.example":
                submit_idea(browser, slug)
                submit_checkin(browser, slug)
            if slug and email == "lead@northfield.example":
                submit_measure_value(browser, slug)
        password_reset_email_sent(base, outbox, "staff@northfield.example")
    finally:
        if process is not None and process.poll() is None:
            os.killpg(process.pid, signal.SIGTERM)
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
        with psycopg.connect(f"{server}/postgres", autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')
        logged = server_log.read_text(errors="replace") if server_log.exists() else ""
        if "Traceback" in logged:
            fail("the server or worker log holds a Traceback")
        request_lines = [line for line in logged.splitlines() if '"logger": "openqi.request"' in line]
        if not request_lines:
            fail("the server logged no request lines")
        # Anonymous submissions (an idea, a check-in) leave no request line (ADR 0006/0007).
        for marker in ('ideas/new/"', 'check-in/"', '/answer/"', '"route": "p/', '"route": "k/'):
            if any(marker in line for line in request_lines):
                fail(f"the request log holds a line for an anonymous-submission route ({marker})")
        if failures or os.environ.get("SMOKE_SHOW_LOG"):
            print(logged[-20000:])
        log(f"{requests_made} requests, {len(failures)} failures, {time.monotonic() - started:.0f} s in all")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
