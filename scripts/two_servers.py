"""Two app servers, one Redis: sign-in rate limits hold across servers (docs/deployment.md).

Starts two gunicorn instances (one worker each) on two ports with the same PostgreSQL database,
then fails sign-ins for one account alternately against them. With the shared Redis cache the
account's limit (RATE_LIMIT_LOGIN_FAILED, 5 per 5 minutes per account) refuses the sixth attempt
whichever server gets it. Then the same with each server's own memory cache, where each server
counts only its own attempts and the sixth attempt is not refused: the reason `make serve`
refuses a per-process cache with several workers.

Usage: .venv/bin/python scripts/two_servers.py  (standard library and psycopg; about a minute)
Environment: SMOKE_POSTGRES, SMOKE_REDIS as for scripts/smoke_test.py.
"""

import os
import re
import secrets
import signal
import subprocess  # nosec B404 # starts the project's own gunicorn and manage.py with fixed arguments
import sys
import tempfile
import time
from pathlib import Path
from urllib.request import build_opener

sys.path.insert(0, str(Path(__file__).resolve().parent))
from smoke_test import ROOT, Browser, free_port, log

TOO_MANY = "Too many failed login attempts"


def start(env: dict[str, str], port: int, out: Path) -> subprocess.Popen[bytes]:
    with out.open("a") as stream:
        return subprocess.Popen(  # nosec B603 # the venv's gunicorn, fixed arguments, no shell
            [str(ROOT / ".venv" / "bin" / "gunicorn"), "--config", "gunicorn.conf.py", "openqi.wsgi"],
            cwd=ROOT,
            env={**env, "PORT": str(port), "WEB_CONCURRENCY": "1"},
            stdout=stream,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )


def wait_ready(port: int) -> None:
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        try:
            if build_opener().open(f"http://127.0.0.1:{port}/healthz", timeout=30).status == 200:
                return
        except OSError:
            time.sleep(0.5)
    raise RuntimeError(f"server on {port} did not start")


def refused_attempt(env: dict[str, str], out: Path) -> int | None:
    """Fail sign-in alternately on two servers; the number of the first refused attempt, if any."""
    ports = [free_port(), free_port()]
    servers = [start(env, port, out) for port in ports]
    try:
        for port in ports:
            wait_ready(port)
        email = f"nobody-{secrets.token_hex(4)}@example.nhs.uk"
        # Behind a proxy every server sees the same Host, which allauth puts in the account's key.
        browsers = [
            Browser(f"http://127.0.0.1:{port}", f"server {i + 1}", host="openqi.test") for i, port in enumerate(ports)
        ]
        for attempt in range(1, 9):
            browser = browsers[attempt % 2]
            page = browser.go("/accounts/login/")
            result = browser.submit(page, {"login": email, "password": "wrong-password-0"}, having="login")
            summary = re.search(r"nhsuk-error-summary__list.*?<a[^>]*>([^<]+)</a>", result.body, re.S)
            log(f"attempt {attempt} on {browser.who}: {result.status} {summary.group(1).strip() if summary else ''}")
            if result.status == 429 or TOO_MANY in result.body:
                return attempt
        return None
    finally:
        for server in servers:
            os.killpg(server.pid, signal.SIGTERM)
            server.wait(timeout=30)


def main() -> int:
    import psycopg

    server = os.environ.get("SMOKE_POSTGRES", "postgres://postgres@127.0.0.1:5432").rstrip("/")
    database = f"openqi_two_servers_{os.getpid()}"
    tmp = Path(tempfile.mkdtemp(prefix="openqi-two-servers-"))
    out = tmp / "servers.log"
    env = {k: v for k, v in os.environ.items() if k not in {"DEBUG", "DEMO_MODE", "OPENQI_TESTING", "SECURE"}}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    env.update(
        DATABASE_URL=f"{server}/{database}",
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="127.0.0.1,openqi.test",
        SECURE="0",
        ALLOW_INSECURE_HTTP="1",
        STATIC_ROOT=str(tmp / "static"),
    )
    with psycopg.connect(f"{server}/postgres", autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{database}"')
    try:
        python = str(ROOT / ".venv" / "bin" / "python")
        for step in (["migrate", "--no-input", "-v", "0"], ["collectstatic", "--no-input", "-v", "0"]):
            subprocess.run([python, "manage.py", *step], cwd=ROOT, env=env, check=True)  # nosec B603 # the venv's python and fixed manage.py steps, no shell
        shared = refused_attempt({**env, "CACHE_URL": os.environ.get("SMOKE_REDIS", "redis://127.0.0.1:6379/9")}, out)
        log(f"shared Redis cache: first refused sign-in attempt across two servers = {shared}")
        separate = refused_attempt({k: v for k, v in env.items() if k != "CACHE_URL"}, out)
        log(f"per-process caches: first refused sign-in attempt across two servers = {separate}")
    finally:
        with psycopg.connect(f"{server}/postgres", autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')
    if "Traceback" in out.read_text(errors="replace"):
        log("FAIL: a server logged a Traceback")
        print(out.read_text(errors="replace")[-5000:])
        return 1
    if shared == 6 and (separate is None or separate > 6):
        log("OK: with Redis the two servers share the limit; without it each counts alone")
        return 0
    log("FAIL: expected the sixth attempt refused with Redis only")
    return 1


if __name__ == "__main__":
    sys.exit(main())
