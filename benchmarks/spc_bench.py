"""Benchmark openqi.spc: batch API in-process and the command line as a whole process.

Usage: python benchmarks/spc_bench.py [--quick]   (--quick skips the 100,000-series CLI run)

Issue 23's targets, printed next to the figures: batch API >= 250,000 series/s at 100,000 series;
CLI 1,000 series x 60 points <= 0.3 s for the whole process (quiet machine); CLI 100,000 series
peak RSS <= 500 MiB (streamed in blocks of whole series), time no worse than before (19.5 s).
The machine's load average is printed before and after: on a shared machine compare old and new
back to back, and prefer the CPU seconds.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from openqi.spc import analyse_batch  # noqa: E402

LENGTH = 60


def workload(n: int, seed: int = 20240301) -> np.ndarray:
    """n series x 60 points: noise plus shifts, trends and outliers in known fractions."""
    rng = np.random.default_rng(seed)
    data = rng.normal(100.0, 10.0, size=(n, LENGTH))
    shift = rng.random(n) < 0.3
    data[shift, 40:] += 25.0
    trend = rng.random(n) < 0.2
    data[trend, 30:40] += np.linspace(0, 40, 10)
    outlier = rng.random(n) < 0.2
    data[outlier, rng.integers(0, LENGTH)] += 80.0
    return np.round(data, 2)


def bench_batch(n: int) -> tuple[float, float, float]:
    """Best wall seconds, series per second, and best CPU seconds of this process."""
    data = workload(n)
    analyse_batch(data[:10], target=110.0)  # warm caches (c4/qbinom tables)
    best = cpu = float("inf")
    for _ in range(5 if n > 10_000 else 20):
        t0, c0 = time.perf_counter(), time.process_time()
        res = analyse_batch(data, target=110.0)
        _ = res.engine.series_variation, res.engine.series_assurance
        best = min(best, time.perf_counter() - t0)
        cpu = min(cpu, time.process_time() - c0)
    return best, n / best, cpu


def peak_memory_batch(n: int) -> float:
    data = workload(n)
    tracemalloc.start()
    analyse_batch(data, target=110.0)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return peak / 2**20


def write_csv(data: np.ndarray, path: Path) -> None:
    days = [f"2020-{1 + i // 28:02d}-{1 + i % 28:02d}" for i in range(LENGTH)]
    with path.open("w") as fh:
        fh.write("series_id,x,y\n")
        for s in range(data.shape[0]):
            sid = f"S{s}"
            fh.write("".join(f"{sid},{d},{v!r}\n" for d, v in zip(days, data[s].tolist(), strict=True)))


# Runs the CLI as a grandchild forked from this small launcher, so its peak RSS (os.wait4) is
# the CLI's own and not inflated by the benchmark process that forked it; the launcher times
# the whole process from spawn to exit.
_LAUNCHER = """
import os, subprocess, sys, time
t0 = time.perf_counter()
proc = subprocess.Popen(sys.argv[1:], stdout=subprocess.DEVNULL)
_, status, usage = os.wait4(proc.pid, 0)
print(time.perf_counter() - t0, usage.ru_maxrss, os.waitstatus_to_exitcode(status), usage.ru_utime + usage.ru_stime)
"""


def bench_cli(n: int) -> tuple[float, float, float]:
    """Best wall seconds of the whole CLI process, its best CPU seconds and its peak RSS in MiB.

    The package is byte-compiled first, as pip does when it installs a package: a checkout run
    with PYTHONDONTWRITEBYTECODE=1 (as this container sets) would otherwise compile every module
    on every start, about 30 ms that no installed copy pays. CPU seconds (user + system) vary
    less than wall seconds on a shared machine."""
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(REPO / "openqi" / "spc"), str(REPO / "openqi" / "__init__.py")], check=True)  # fmt: skip
    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / "in.csv"
        write_csv(workload(n), src)
        env = {**os.environ, "PYTHONPATH": str(REPO)}
        cmd = [sys.executable, "-m", "openqi.spc", "--input", str(src), "--chart", "i", "--target", "110",
               "--output", str(Path(tmp) / "points.csv"), "--summary", str(Path(tmp) / "summary.csv")]  # fmt: skip
        best = cpu = float("inf")
        rss = 0.0
        for _ in range(7 if n <= 10_000 else 1):
            done = subprocess.run(
                [sys.executable, "-c", _LAUNCHER, *cmd], env=env, check=True, capture_output=True, text=True
            )
            secs, maxrss_kib, code, cpu_secs = done.stdout.split()
            if code != "0":
                raise SystemExit(f"CLI failed ({code}): {done.stderr}")
            best = min(best, float(secs))
            cpu = min(cpu, float(cpu_secs))
            rss = max(rss, int(maxrss_kib) / 1024)
    return best, cpu, rss


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--quick", action="store_true", help="skip the 100,000-series CLI run")
    args = ap.parse_args()
    print(f"numpy {np.__version__}, Python {sys.version.split()[0]}, {LENGTH} points per series")
    print("load average before: {:.2f} {:.2f} {:.2f}".format(*os.getloadavg()))
    for n in (1_000, 100_000):
        secs, rate, cpu = bench_batch(n)
        goal = "  (target >= 250,000 series/s)" if n == 100_000 else ""
        print(f"batch API  N={n:>7,}: {secs:7.3f} s wall, {cpu:.3f} s CPU  {rate:12,.0f} series/s{goal}")
    print(f"batch API  N=100,000: peak traced memory {peak_memory_batch(100_000):,.0f} MiB")
    goals = {1_000: "  (target <= 0.3 s wall)", 100_000: "  (target peak RSS <= 500 MiB, <= 19.5 s)"}
    for n in (1_000,) if args.quick else (1_000, 100_000):
        secs, cpu, rss = bench_cli(n)
        print(
            f"CLI        N={n:>7,}: {secs:7.3f} s wall, {cpu:.3f} s CPU (whole process)  {n / secs:12,.0f} series/s"
            f"  peak RSS {rss:,.0f} MiB{goals[n]}"
        )
    print("load average after:  {:.2f} {:.2f} {:.2f}".format(*os.getloadavg()))


if __name__ == "__main__":
    main()
