"""Cold start: each main page's first request in a fresh web worker (issue 13: ≤ 1 s).

For every page, a new Python process loads the app as a gunicorn worker does — through
`openqi.wsgi` (Django set up, middleware loaded) — and then, as `preload_app` makes gunicorn's
master do before it forks the workers (gunicorn.conf.py), runs `openqi.core.warmup.warm_up`. It
then sends the page's first request straight to the WSGI application, signed in with a session
of its own, and a second one to compare. The similar-idea index files live in a fresh folder per
run, shared by the processes as by a host's workers, built first by the deploy step
(`manage.py ideas_similar_index`; `--no-prepare` leaves it to the first worker that needs one).

Prints, per page and mode, the first and the second request's times and the first one's queries,
with the load average; `--compare` runs the old way too (no preload: nothing warmed in advance).

Usage: python benchmarks/cold_start_bench.py --database-url postgres://postgres@127.0.0.1:5432/DB
           [--email person0-0@bench.nhs.uk] [--org bench-0] [--compare] [--repeat 1]
The database must hold an organisation and a member (seed it with `manage.py seed_demo`, whose
lead is lead@northfield.example in `northfield`, or with benchmarks/ideas_bench.py).
"""

from __future__ import annotations

import argparse
import io
import json
import os
import subprocess
import sys
import tempfile
import time

from _setup import REPO, start_django


def child(path: str, cookie: str, preload: bool) -> None:
    """A fresh worker: load the app, warm it (preload), time its first two requests of the page."""
    started = time.perf_counter()
    sys.path.insert(0, str(REPO))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "openqi.test_settings")
    from openqi.wsgi import application  # as a gunicorn worker (or, with preload, its master) does

    loaded = time.perf_counter() - started
    warmed = 0.0
    if preload:
        from openqi.core.warmup import warm_up

        started = time.perf_counter()
        warm_up()
        warmed = time.perf_counter() - started
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def request() -> tuple[float, str, int]:
        environ = {
            "REQUEST_METHOD": "GET",
            "PATH_INFO": path.split("?")[0],
            "QUERY_STRING": path.split("?")[1] if "?" in path else "",
            "SERVER_NAME": "127.0.0.1",
            "SERVER_PORT": "8000",
            "HTTP_HOST": "127.0.0.1",
            "HTTP_COOKIE": cookie,
            "REMOTE_ADDR": "127.0.0.1",
            "SERVER_PROTOCOL": "HTTP/1.1",
            "wsgi.version": (1, 0),
            "wsgi.url_scheme": "http",
            "wsgi.input": io.BytesIO(b""),
            "wsgi.errors": sys.stderr,
            "wsgi.multithread": False,
            "wsgi.multiprocess": True,
            "wsgi.run_once": False,
        }
        status: list[str] = []
        with CaptureQueriesContext(connection) as queries:
            t = time.perf_counter()
            body = b"".join(application(environ, lambda s, h, *a: status.append(s)))  # type: ignore[arg-type]
            took = time.perf_counter() - t
        assert body is not None  # noqa: S101
        return took, status[0], len(queries)

    first, status, queries = request()
    second, _, _ = request()
    print(
        json.dumps(
            {"load": loaded, "warm": warmed, "first": first, "second": second, "status": status, "queries": queries}
        )
    )


def pages(org_slug: str) -> list[tuple[str, str]]:
    from openqi.ideas.models import Idea
    from openqi.measures.models import Measure
    from openqi.organisations.models import Organisation
    from openqi.projects.models import Project

    org = Organisation.objects.get(slug=org_slug)
    base = f"/o/{org.slug}"
    found = [
        ("staff home", "/"),
        ("ideas list", f"{base}/ideas/"),
        ("measures list", f"{base}/measures/"),
        ("icon matrix", f"{base}/measures/matrix/"),
        ("projects list", f"{base}/projects/"),
        ("check-in", f"{base}/check-in/"),
        ("check-ins overview", f"{base}/check-ins/"),
    ]
    idea = Idea.objects.filter(organisation=org).order_by("-submitted_on", "-id").first()
    if idea is not None:
        found.insert(2, ("idea page (similar ideas)", f"{base}/ideas/{idea.pk}/"))
    measure = Measure.objects.filter(organisation=org, archived_at__isnull=True).first()
    if measure is not None:
        found.insert(-3, ("measure chart page", f"{base}/measures/{measure.pk}/"))
    project = Project.objects.filter(organisation=org).first()
    if project is not None:
        found.insert(-2, ("project page", f"{base}/projects/{project.pk}/"))
    return found


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--database-url", required=True)
    parser.add_argument("--email", default="person0-0@bench.nhs.uk")
    parser.add_argument("--org", default="bench-0")
    parser.add_argument("--compare", action="store_true", help="also time the old way (no preload, nothing warmed)")
    parser.add_argument("--repeat", type=int, default=1, help="fresh processes per page and mode")
    parser.add_argument("--only", default="", help="time only the pages whose name contains this")
    parser.add_argument("--no-prepare", action="store_true", help="skip the deploy step that builds the index files")
    parser.add_argument("--before-only", action="store_true", help="only the old way (run from an older checkout)")
    parser.add_argument("--child", nargs=3, metavar=("PATH", "COOKIE", "PRELOAD"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        os.environ["DATABASE_URL"] = args.database_url
        child(args.child[0], args.child[1], args.child[2] == "1")
        return

    os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
    start_django(name="coldstart", database_url=args.database_url)
    from django.conf import settings
    from django.test import Client

    from openqi.accounts.models import User

    client = Client()
    client.force_login(User.objects.get(email=args.email))
    cookie = f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}"
    environment = dict(os.environ)
    # As in production: index files shared by the workers of a host, rebuilt in the background.
    environment["IDEAS_SIMILAR_INDEX_DIR"] = tempfile.mkdtemp(prefix="coldstart-index-")
    environment["IDEAS_SIMILAR_INDEX_BACKGROUND"] = "1"
    print(f"load average before: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    if not args.before_only and not args.no_prepare:
        # As a deploy does (docs/deployment.md): build every scope's index file once, so that no
        # worker has to. Without it the first worker to open an idea page builds the file.
        from openqi.ideas.selectors import similar_indexes_prepare

        settings.IDEAS_SIMILAR_INDEX_DIR = environment["IDEAS_SIMILAR_INDEX_DIR"]
        started = time.perf_counter()
        scopes = similar_indexes_prepare()
        print(f"deploy step, manage.py ideas_similar_index: {scopes} scopes in {time.perf_counter() - started:.1f} s")
    modes = ["no preload (before)", "preload + warm-up (after)"] if args.compare else ["preload + warm-up (after)"]
    if args.before_only:
        modes = ["no preload (before)"]
    for label, path in pages(args.org):
        if args.only not in label:
            continue
        for mode in modes:
            for _ in range(args.repeat):
                run = subprocess.run(
                    [
                        sys.executable,
                        __file__,
                        "--database-url",
                        args.database_url,
                        "--child",
                        path,
                        cookie,
                        "1" if "after" in mode else "0",
                    ],
                    capture_output=True,
                    text=True,
                    env=environment,
                    check=False,
                    cwd=REPO,
                )
                lines = [line for line in run.stdout.splitlines() if line.startswith("{")]
                if not lines:
                    print(f"{label} [{mode}]: FAILED\n{run.stderr[-2000:]}")
                    continue
                r = json.loads(lines[-1])
                verdict = "meets" if r["first"] <= 1.0 else "MISSES"
                print(
                    f"{label} [{mode}]: first request {r['first'] * 1000:.0f} ms ({verdict} 1 s), "
                    f"second {r['second'] * 1000:.0f} ms, {r['queries']} queries, {r['status']}; "
                    f"app load {r['load']:.2f} s, warm-up {r['warm']:.2f} s (once per master, before forking)"
                )
    print(f"load average after: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")


if __name__ == "__main__":
    main()
