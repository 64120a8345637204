"""Summarise a `mutmut run` of the statistics engine: the score per module and every survivor.

Run by `make mutation` after mutmut (it reads mutmut's own results, so it needs the mutants/
folder mutmut left behind). A surviving mutant is either a gap in the tests (add an exact
expectation that kills it) or an equivalent change (the same results for every input); the
equivalent ones are listed, with the reason, in docs/spc.md.
"""

from __future__ import annotations

import re
import shutil
import subprocess  # nosec B404
import sys
from collections import Counter, defaultdict
from pathlib import Path

LINE = re.compile(r"^\s*(?P<name>[\w.]+)__mutmut_\d+: (?P<status>.+)$")


def _mutmut() -> str:
    found = shutil.which("mutmut", path=str(Path(sys.executable).parent))
    if found is None:
        raise SystemExit("mutmut is not installed here: run `make mutation`")
    return found


def main() -> int:
    mutmut = _mutmut()
    out = subprocess.run([mutmut, "results", "--all", "true"], check=True, capture_output=True, text=True).stdout  # nosec B603
    counts: dict[str, Counter[str]] = defaultdict(Counter)
    survivors: list[str] = []
    for line in out.splitlines():
        m = LINE.match(line)
        if not m:
            continue
        module = m["name"].rsplit(".", 1)[0]
        counts[module][m["status"]] += 1
        if m["status"] == "survived":
            survivors.append(line.split(":")[0].strip())
    if not counts:
        print("no results: did `mutmut run` finish?")
        return 1
    print(f"{'module':<24} {'killed':>7} {'survived':>9} {'other':>6} {'score':>7}")
    for module in sorted(counts):
        c = counts[module]
        killed, survived = c["killed"], c["survived"]
        other = sum(c.values()) - killed - survived
        score = killed / (killed + survived) if killed + survived else 1.0
        print(f"{module:<24} {killed:>7} {survived:>9} {other:>6} {score:>7.1%}")
    for name in survivors:
        shown = subprocess.run([mutmut, "show", name], check=False, capture_output=True, text=True).stdout  # nosec B603
        diff = [
            ln
            for ln in shown.splitlines()
            if ln.startswith(("-    ", "+    ", "- ", "+ ")) and not ln.startswith(("---", "+++"))
        ]
        print(f"\n{name}")
        for ln in diff[:4]:
            print(f"  {ln.rstrip()}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
