"""Load test: OpenQI as `make serve` runs it (gunicorn, PostgreSQL, Redis), many signed-in people
at once, on this machine's loopback only.

Seeds the demo data (plus `--measures` more measures with stored summaries, for the icon matrix
at ICS scale, and one measure of 104 weekly points), signs in `--users` staff members each with
their own session, starts gunicorn with `--workers` workers and a private Redis, then runs the
load generator (loadgen.py, under `nice` so it cannot starve the server) for `--seconds` or
`--max-requests`, whichever ends first. Prints, per page: requests/s, p50/p95/p99 latency,
errors, and the SQL queries one request makes; and the machine's load average while it ran.
`--soak SECONDS` instead runs a longer bounded test and prints each worker's memory (RSS) every
`--sample` seconds, to show whether it stays flat.

Usage: python benchmarks/load/load_bench.py --database-url postgres://postgres@127.0.0.1:5432/DB
           [--users 8] [--workers 3] [--seconds 60] [--max-requests 50000] [--measures 2000]
           [--soak 600 --sample 30]
The database given is emptied first. Nothing listens beyond 127.0.0.1.
"""

from __future__ import annotations

import argparse
import json
import os
import secrets
import signal
import socket
import statistics
import subprocess  # nosec B404 # gunicorn, redis-server and manage.py from this checkout, no shell
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[2]
PYTHON = str(REPO / ".venv" / "bin" / "python")
# The mix of pages (weights out of 100): what staff open most, plus a check-in sent.
MIX = {
    "home": 20,
    "ideas list": 14,
    "idea page": 14,
    "check-in (form and answer)": 6,
    "measure chart (104 points)": 15,
    "icon matrix": 11,
    "project page": 16,
    "ICS dashboard": 4,
}


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def wait_for(url: str, seconds: float) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=10) as response:  # noqa: S310 # nosec B310 # loopback
                if response.status == 200:
                    return
        except OSError:
            pass
        time.sleep(0.5)
    raise SystemExit(f"{url} did not answer within {seconds:.0f} s")


def server_env(args: argparse.Namespace, port: int, redis_port: int, static_root: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in {"DEBUG", "DEMO_MODE", "OPENQI_TESTING", "SECURE"}}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    env.update(
        DATABASE_URL=args.database_url,
        CACHE_URL=f"redis://127.0.0.1:{redis_port}/0",
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="127.0.0.1",
        SITE_URL=f"http://127.0.0.1:{port}",
        SECURE="0",
        ALLOW_INSECURE_HTTP="1",
        WEB_CONCURRENCY=str(args.workers),
        BIND=f"127.0.0.1:{port}",
        STATIC_ROOT=str(static_root),
        EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend",
        LOG_LEVEL="WARNING",
        IDEAS_SIMILAR_INDEX_BACKGROUND="0",
    )
    return env


def manage(env: dict[str, str], *command: str) -> None:
    subprocess.run([PYTHON, "manage.py", *command], cwd=REPO, env=env, check=True)  # nosec B603


def prepare(args: argparse.Namespace, env: dict[str, str]) -> dict[str, Any]:
    """Empty, migrate and seed the database; sign the load users in; find the pages' addresses;
    count each page's queries in-process. Returns the plan for the load generator."""
    manage(env, "migrate", "--no-input", "-v", "0")
    manage(env, "flush", "--no-input", "-v", "0")
    manage(env, "seed_demo", "--force")
    if not (Path(env["STATIC_ROOT"]) / "staticfiles.json").exists():
        manage(env, "collectstatic", "--no-input", "-v", "0")
    os.environ.update(env)
    os.environ["DJANGO_SETTINGS_MODULE"] = "openqi.settings"
    sys.path.insert(0, str(REPO))
    import django

    django.setup()
    import logging

    from django.conf import settings
    from seeding import addresses, load_users, seed_measures

    settings.ALLOWED_HOSTS.append("testserver")  # this process's own test client only, not gunicorn
    logging.getLogger("openqi.request").setLevel(logging.WARNING)  # its request lines are not the figures

    slug, chart_measure = seed_measures(args.measures)
    sessions, clients = load_users(slug, args.users)
    paths = addresses(slug, chart_measure)
    return {"sessions": sessions, "paths": paths, "queries": count_queries(clients[0], paths)}


def count_queries(client: Any, paths: dict[str, list[str]]) -> dict[str, int]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    counts = {}
    for name, urls in paths.items():
        client.get(urls[0])  # warm: the counts are for a worker that has served the page before
        with CaptureQueriesContext(connection) as queries:
            response = client.get(urls[0])
        if response.status_code != 200:
            raise SystemExit(f"{name} ({urls[0]}) answered {response.status_code} in-process")
        counts[name] = len(queries)
    return counts


def worker_pids(master: int) -> list[int]:
    pids = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == master:
            pids.append(int(stat.parent.name))
    return sorted(pids)


def rss_mib(pid: int) -> float:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


class Sampler(threading.Thread):
    """The load average every second, and the workers' memory every `every` seconds."""

    def __init__(self, master: int, every: float) -> None:
        super().__init__(daemon=True)
        self.master, self.every = master, every
        self.loads: list[float] = []
        self.memory: list[tuple[float, list[float]]] = []
        self.stop = threading.Event()
        self.started = time.monotonic()

    def run(self) -> None:
        next_memory = 0.0
        while not self.stop.wait(1.0):
            self.loads.append(os.getloadavg()[0])
            elapsed = time.monotonic() - self.started
            if elapsed >= next_memory:
                self.memory.append((elapsed, [rss_mib(p) for p in worker_pids(self.master)]))
                next_memory += self.every


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(q * (len(ordered) - 1))))]


def report(result: dict[str, Any], queries: dict[str, int], sampler: Sampler, args: argparse.Namespace) -> None:
    elapsed = result["elapsed"]
    pages = result["pages"]
    total = sum(len(p["ms"]) for p in pages.values())
    errors = sum(len(p["errors"]) for p in pages.values())
    every = [ms for p in pages.values() for ms in p["ms"]]
    print(
        f"\n{args.users} users, {args.workers} gunicorn workers, {elapsed:.0f} s: "
        f"{total} requests, {total / elapsed:.1f} requests/s, {errors} errors"
    )
    print(f"{'page':<30} {'req/s':>7} {'p50 ms':>7} {'p95 ms':>7} {'p99 ms':>7} {'errors':>6} {'queries':>7}")
    for name in MIX:
        if name not in pages:
            continue
        ms = pages[name]["ms"]
        print(
            f"{name:<30} {len(ms) / elapsed:>7.1f} {percentile(ms, 0.5):>7.0f} {percentile(ms, 0.95):>7.0f} "
            f"{percentile(ms, 0.99):>7.0f} {len(pages[name]['errors']):>6} {queries.get(name, 0):>7}"
        )
    print(
        f"{'all':<30} {total / elapsed:>7.1f} {percentile(every, 0.5):>7.0f} {percentile(every, 0.95):>7.0f} "
        f"{percentile(every, 0.99):>7.0f} {errors:>6}"
    )
    for name, page in pages.items():
        if page["errors"]:
            print(f"  {name} errors: {sorted(set(page['errors']))}")
    if sampler.loads:
        print(
            f"load average (1 min) during the run: mean {statistics.mean(sampler.loads):.2f}, "
            f"max {max(sampler.loads):.2f} on {os.cpu_count()} CPUs"
        )
    if sampler.memory:
        print(
            "worker memory (RSS MiB) at seconds: "
            + "; ".join(f"{t:.0f}: {', '.join(f'{m:.0f}' for m in mem)}" for t, mem in sampler.memory)
        )
        first, last = sampler.memory[0][1], sampler.memory[-1][1]
        if first and last:
            print(
                f"worker memory: mean {statistics.mean(first):.0f} MiB at the start, {statistics.mean(last):.0f} MiB at the end"
            )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--database-url", required=True, help="a PostgreSQL database to empty and use")
    parser.add_argument("--users", type=int, default=8)
    parser.add_argument("--workers", type=int, default=3)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--max-requests", type=int, default=50_000)
    parser.add_argument("--measures", type=int, default=2000, help="extra measures for the icon matrix")
    parser.add_argument("--warm-up", type=float, default=10, help="seconds of load before measuring")
    parser.add_argument("--soak", type=float, default=0, help="seconds of a soak test (memory per worker)")
    parser.add_argument("--sample", type=float, default=30, help="seconds between memory samples")
    parser.add_argument("--static-root", default=str(Path(tempfile.gettempdir()) / "openqi-load-static"))
    args = parser.parse_args()
    if not args.database_url.startswith("postgres"):
        raise SystemExit("The load test runs on PostgreSQL, as production does: give --database-url postgres://...")
    seconds = min(args.soak or args.seconds, 3600)  # bounded, whatever is asked
    port, redis_port = free_port(), free_port()
    redis = subprocess.Popen(  # nosec B603 B607 # a private, memory-only Redis on loopback
        ["redis-server", "--port", str(redis_port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
        stdout=subprocess.DEVNULL,
    )
    server = None
    try:
        env = server_env(args, port, redis_port, Path(args.static_root))
        plan = prepare(args, env)
        server_log = Path(args.static_root).with_name("openqi-load-server.log")
        print(f"gunicorn's log (a JSON line per request, as in production): {server_log}")
        server = subprocess.Popen(  # nosec B603 # gunicorn from this checkout's venv, fixed arguments
            [str(REPO / ".venv" / "bin" / "gunicorn"), "--config", "gunicorn.conf.py", "openqi.wsgi"],
            cwd=REPO,
            env=env,
            stdout=server_log.open("w"),
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        wait_for(f"http://127.0.0.1:{port}/healthz", 120)
        generator = {
            "port": port,
            "base": f"http://127.0.0.1:{port}",
            "session_cookie": plan["sessions"]["cookie"],
            "sessions": plan["sessions"]["values"],
            "mix": {
                name: {"weight": w, "paths": plan["paths"][name], "post": name.startswith("check-in")}
                for name, w in MIX.items()
            },
        }

        def load(for_seconds: float, budget: int) -> dict[str, Any]:
            run = subprocess.run(  # nosec B603 B607 # the generator beside this file, under nice
                ["nice", "-n", "10", sys.executable, str(Path(__file__).with_name("loadgen.py"))],
                input=json.dumps({**generator, "seconds": for_seconds, "max_requests": budget}),
                capture_output=True,
                text=True,
                check=True,
            )
            return json.loads(run.stdout)

        if args.warm_up:
            load(args.warm_up, args.max_requests)  # every worker builds its caches before the figures
        sampler = Sampler(server.pid, args.sample if args.soak else seconds)
        sampler.start()
        result = load(seconds, args.max_requests)
        sampler.stop.set()
        sampler.join()
        report(result, plan["queries"], sampler, args)
    finally:
        for process in (server, redis):
            if process is not None and process.poll() is None:
                if process is server:
                    os.killpg(process.pid, signal.SIGTERM)
                else:
                    process.terminate()
                try:
                    process.wait(timeout=30)
                except subprocess.TimeoutExpired:
                    process.kill()


if __name__ == "__main__":
    main()
