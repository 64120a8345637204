"""How much the test suite costs, in CPU seconds as well as wall seconds (docs/testing.md).

    .venv/bin/python benchmarks/suite_bench.py -- -m "not browser" -n 2 -q -p no:randomly
    .venv/bin/python benchmarks/suite_bench.py --top 30 -- openqi/demo -q -p no:randomly

Runs pytest once with the arguments after `--` and a small plugin (`suite_cpu_plugin.py`) that
records the CPU seconds of every test's setup, call and teardown, and of each process's start-up
and collection. Prints the 1-minute load average before and after, the wall seconds, the CPU
seconds of the whole run (pytest, its xdist workers and any browser they start), the sums per
phase and the most expensive tests. On a shared machine compare the CPU figures: the wall time
stretches with the load, CPU time barely does.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]

# Starts pytest and reports the CPU of everything it waited for, workers and browsers included.
_LAUNCHER = """
import os, subprocess, sys, time
t0 = time.perf_counter()
proc = subprocess.Popen(sys.argv[1:])
_, status, usage = os.wait4(proc.pid, 0)
sys.stderr.write("SUITE_BENCH %f %f %d\\n" % (time.perf_counter() - t0, usage.ru_utime + usage.ru_stime,
                 os.waitstatus_to_exitcode(status)))
"""


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--top", type=int, default=25, help="how many of the most expensive tests to list")
    ap.add_argument("pytest_args", nargs=argparse.REMAINDER, help="arguments for pytest, after --")
    args = ap.parse_args()
    pytest_args = [a for a in args.pytest_args if a != "--"] or ["-m", "not browser", "-n", "2", "-q"]

    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "cpu.jsonl"
        env = {**os.environ, "SUITE_BENCH_OUT": str(out), "PYTHONPATH": str(REPO / "benchmarks")}
        command = [sys.executable, "-m", "pytest", "-p", "suite_cpu_plugin", *pytest_args]
        load_before = os.getloadavg()[0]
        started = time.strftime("%Y-%m-%d %H:%M:%S")
        done = subprocess.run(  # nosec B603  (this interpreter, running pytest)
            [sys.executable, "-c", _LAUNCHER, *command],
            cwd=REPO,
            env=env,
            stderr=subprocess.PIPE,
            text=True,
            check=False,
        )
        load_after = os.getloadavg()[0]
        line = next(x for x in done.stderr.splitlines() if x.startswith("SUITE_BENCH "))
        sys.stderr.write("\n".join(x for x in done.stderr.splitlines() if not x.startswith("SUITE_BENCH ")) + "\n")
        wall, cpu, code = line.split()[1:]
        records = [json.loads(x) for x in out.read_text().splitlines()] if out.exists() else []

    phases: dict[str, float] = defaultdict(float)
    per_test: dict[str, float] = defaultdict(float)
    for record in records:
        phases[record["phase"]] += record["cpu"]
        if "id" in record:
            per_test[record["id"]] += record["cpu"]
    print(f"\n== suite_bench {started}: pytest {' '.join(pytest_args)}")
    print(f"load average (1 min) before {load_before:.2f}, after {load_after:.2f}; exit code {code}")
    print(f"wall {float(wall):.1f} s; CPU of the whole run {float(cpu):.1f} s (pytest, workers, browsers)")
    print(f"tests {len(per_test)}; CPU by phase (pytest processes only):")
    for phase in ("start+collect", "setup", "call", "teardown"):
        print(f"  {phase:14} {phases.get(phase, 0.0):8.1f} s")
    print(f"most expensive {args.top} tests (CPU s, setup + call + teardown):")
    for nodeid, seconds in sorted(per_test.items(), key=lambda kv: -kv[1])[: args.top]:
        print(f"  {seconds:7.2f}  {nodeid}")
    sys.exit(int(code))


if __name__ == "__main__":
    main()
