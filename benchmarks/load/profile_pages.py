"""CPU time and queries per page, in-process, under the production settings (DEBUG off, the
hashed static files, Redis cache when CACHE_URL is set): what one warm gunicorn worker spends on
each page of the load mix, without the network or the load generator in the figures.

Each request goes through Django's real WSGI handler (so request_started/finished close or keep
database connections exactly as in gunicorn), with the load test's signed-in staff session cookie.
Prints per page: CPU ms (time.process_time, this process only; PostgreSQL's own CPU is not in it),
wall ms, queries, and the machine's 1-minute load average. `--profile PAGE` prints the top of a
cProfile of that page's requests.

Usage: python benchmarks/load/profile_pages.py --database-url postgres://postgres@127.0.0.1:5432/DB
           [--seed] [--repeat 30] [--profile home] [--top 40]
`--seed` empties and seeds the database first (as load_bench.py does); without it the database
must hold a previous `--seed`.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import os
import pstats
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[2]))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--database-url", required=True)
    parser.add_argument("--cache-url", default="", help="redis://... (default: a per-process cache)")
    parser.add_argument("--seed", action="store_true")
    parser.add_argument("--measures", type=int, default=2000)
    parser.add_argument("--repeat", type=int, default=30)
    parser.add_argument("--profile", default="", help="a page name (or prefix) to profile")
    parser.add_argument("--top", type=int, default=40)
    parser.add_argument("--sort", default="cumulative")
    parser.add_argument("--sql", action="store_true", help="print each page's queries")
    parser.add_argument("--dump", default="", help="write the profile here (pstats format)")
    args = parser.parse_args()

    import load_bench

    static_root = Path(tempfile.gettempdir()) / "openqi-load-static"
    env = load_bench.server_env(argparse.Namespace(database_url=args.database_url, workers=3), 8000, 6379, static_root)
    env["CACHE_URL"] = args.cache_url or "locmemcache://openqi"
    env["SECRET_KEY"] = "profile-pages-" + "k" * 40  # fixed: sessions signed in one run work in the next
    if args.seed:
        seed_args = argparse.Namespace(measures=args.measures, users=2)
        plan = load_bench.prepare(seed_args, env)
        paths = plan["paths"]
        cookie, session = plan["sessions"]["cookie"], plan["sessions"]["values"][0]
    else:
        if not (static_root / "staticfiles.json").exists():
            load_bench.manage(env, "collectstatic", "--no-input", "-v", "0")
        os.environ.update(env)
        os.environ["DJANGO_SETTINGS_MODULE"] = "openqi.settings"
        import django

        django.setup()
        import logging

        from django.conf import settings
        from django.test import Client
        from seeding import ORG, addresses

        from openqi.accounts.models import User
        from openqi.measures.models import Measure

        settings.ALLOWED_HOSTS.append("testserver")
        logging.getLogger("openqi.request").setLevel(logging.WARNING)  # its request lines are not the figures
        chart = Measure.objects.get(name="Falls per 1,000 bed days (load test)")
        from openqi.organisations.models import Organisation, SystemMembership, SystemRole

        user = User.objects.get(email="load0@northfield.example")
        org = Organisation.objects.get(slug=ORG)
        SystemMembership.objects.get_or_create(user=user, system_id=org.system_id, role=SystemRole.EXECUTIVE)
        paths = addresses(ORG, chart.pk)
        client = Client()
        client.force_login(user)
        cookie = settings.SESSION_COOKIE_NAME
        session = client.cookies[cookie].value
    measure(paths, cookie, session, args)


def wsgi_get(application: Any, path: str, cookies: str) -> tuple[int, bytes]:
    environ = {
        "REQUEST_METHOD": "GET",
        "PATH_INFO": path,
        "QUERY_STRING": "",
        "SERVER_NAME": "127.0.0.1",
        "SERVER_PORT": "8000",
        "HTTP_HOST": "127.0.0.1",
        "HTTP_COOKIE": cookies,
        "HTTP_ACCEPT": "text/html",
        "HTTP_USER_AGENT": "profile-pages",
        "REMOTE_ADDR": "127.0.0.1",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "wsgi.input": io.BytesIO(b""),
        "wsgi.errors": sys.stderr,
        "wsgi.url_scheme": "http",
        "wsgi.version": (1, 0),
        "wsgi.multithread": False,
        "wsgi.multiprocess": True,
        "wsgi.run_once": False,
    }
    status: list[str] = []

    def start_response(s: str, headers: list[tuple[str, str]], exc_info: Any = None) -> None:
        status.append(s)

    result = application(environ, start_response)
    try:
        body = b"".join(result)
    finally:
        if hasattr(result, "close"):
            result.close()
    return int(status[0].split()[0]), body


def measure(paths: dict[str, list[str]], cookie: str, session: str, args: argparse.Namespace) -> None:
    from django.core.wsgi import get_wsgi_application
    from django.db import connection

    application = get_wsgi_application()
    import logging

    logging.getLogger("openqi.request").setLevel(logging.WARNING)  # its request lines are not the figures
    cookies = f"{cookie}={session}"
    print(f"load average before: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    print(f"{'page':<30} {'CPU ms':>7} {'wall ms':>8} {'queries':>7} {'KiB':>6}")
    rows = {}
    for name, urls in paths.items():
        url = urls[0]
        for _ in range(3):  # warm: a worker that has served the page before
            code, body = wsgi_get(application, url, cookies)
        if code != 200:
            raise SystemExit(f"{name} ({url}) answered {code}")
        queries: list[str] = []

        def count(execute: Any, sql: str, params: Any, many: bool, context: Any, log: list[str] = queries) -> Any:
            log.append(sql)
            return execute(sql, params, many, context)

        with connection.execute_wrapper(count):
            wsgi_get(application, url, cookies)
        if args.sql:
            print(f"--- {name}: {len(queries)} queries")
            for sql in queries:
                print("   ", sql[:220])
        cpu, wall = [], []
        profiler = cProfile.Profile(time.process_time) if args.profile and name.startswith(args.profile) else None
        for i in range(args.repeat):
            c0, w0 = time.process_time(), time.perf_counter()
            if profiler:
                profiler.enable()
            wsgi_get(application, urls[i % len(urls)], cookies)
            if profiler:
                profiler.disable()
            cpu.append((time.process_time() - c0) * 1000)
            wall.append((time.perf_counter() - w0) * 1000)
        rows[name] = (statistics.median(cpu), statistics.median(wall), len(queries), len(body) / 1024)
        print(f"{name:<30} {rows[name][0]:>7.1f} {rows[name][1]:>8.1f} {rows[name][2]:>7} {rows[name][3]:>6.0f}")
        if profiler:
            if args.dump:
                profiler.dump_stats(args.dump)
            out = io.StringIO()
            pstats.Stats(profiler, stream=out).strip_dirs().sort_stats(args.sort).print_stats(args.top)
            print(out.getvalue())
    print(
        f"{'mean of pages':<30} {statistics.mean(r[0] for r in rows.values()):>7.1f} "
        f"{statistics.mean(r[1] for r in rows.values()):>8.1f}"
    )
    print(f"load average after: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")


if __name__ == "__main__":
    main()
