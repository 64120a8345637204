"""The command line: happy path, and every kind of bad input names its line and writes nothing."""

import csv
import math
import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from openqi.spc.cli import _fmt_values, main

REPO = Path(__file__).resolve().parents[3]
HEADER = "series_id,x,y,n,phase,baseline,exclude\n"


def _write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "in.csv"
    path.write_text(text)
    return path


def _rows(n: int = 15) -> str:
    ys = [20, 24, 20, 26, 22, 16, 18, 16, 31, 28, 34, 26, 30, 19, 18][:n]
    return "".join(f"A,2024-{i + 1:02d}-01,{y},10,,,\n" for i, y in enumerate(ys[:12])) + "".join(
        f"A,2025-{i + 1:02d}-01,{y},10,,,\n" for i, y in enumerate(ys[12:])
    )


def test_happy_path_writes_points_and_summary(tmp_path: Path) -> None:
    src = _write(tmp_path, HEADER + _rows() + "B,1,5,10,,,\nB,2,7,10,,,\n")
    out, summ = tmp_path / "points.csv", tmp_path / "summary.csv"
    rc = main(["--input", str(src), "--chart", "i", "--output", str(out), "--summary", str(summ), "--target", "40"])
    assert rc == 0
    rows = list(csv.DictReader(out.open()))
    assert len(rows) == 17
    assert list(rows[0]) == [
        "series_id", "idx", "x", "y", "part", "cl", "lcl", "ucl", "flag_outside", "flag_shift",
        "flag_trend", "flag_two_of_three", "point_type",
    ]  # fmt: skip
    assert float(rows[0]["cl"]) == pytest.approx(23.2, rel=1e-12)
    assert float(rows[0]["ucl"]) == pytest.approx(23.2 + 2.66 * 76 / 14, rel=1e-12)
    assert rows[0]["flag_outside"] == "false" and rows[0]["point_type"] == "common_cause"
    assert rows[15]["series_id"] == "B" and rows[15]["idx"] == "1" and rows[15]["ucl"] == ""
    summary = list(csv.DictReader(summ.open()))
    assert [r["series_id"] for r in summary] == ["A", "B"]
    assert summary[0]["assurance_icon"] == "fail"
    assert summary[0]["variation_icon"] == "common_cause"
    assert summary[1]["variation_icon"] == "none"


def test_running_as_a_module_works_end_to_end(tmp_path: Path) -> None:
    src = _write(tmp_path, HEADER + _rows())
    out = tmp_path / "p.csv"
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    done = subprocess.run(  # noqa: S603 - our own interpreter and module
        [sys.executable, "-m", "openqi.spc", "--input", str(src), "--chart", "run", "--output", str(out)],
        capture_output=True, text=True, env=env, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert out.read_text().count("\n") == 16


@pytest.mark.parametrize(
    ("chart", "body", "message"),
    [
        ("i", "A,1,abc,,,,\n", "line 2: y 'abc' is not a number"),
        ("i", "A,1,1,,,,\nA,2,2,,,,\nA,1,3,,,,\n", "line 4: duplicate x '1' in series 'A'"),
        ("p", "A,1,1,5,,,\nA,2,1,0,,,\n", "line 3: n must be > 0"),
        ("u", "A,1,1,-1,,,\n", "line 2: n must be > 0"),
        ("t", "A,1,2,,,,\nA,2,0,,,,\n", "line 3: y must be > 0"),
        ("i", "A,,1,,,,\n", "line 2: x is empty"),
        ("i", "A,1,1,,,maybe,\n", "line 2: baseline must be 1 or 0"),
        # Equal comma totals: a short row next to a long one must not pass as two full rows.
        ("i", "A,1,1,,,,\nA,2,2,,,\nA,3,3,,,,,\n", "line 3: expected 7 fields, found 6"),
        # Series of equal length sharing their first series' x, but one repeats an x.
        ("i", "A,1,1,,,,\nA,2,2,,,,\nB,1,1,,,,\nB,1,2,,,,\n", "line 5: duplicate x '1' in series 'B'"),
        ("i", "A,1,1,,,,\nA,1,2,,,,\nB,1,1,,,,\nB,1,2,,,,\n", "line 3: duplicate x '1' in series 'A'"),
    ],
)
def test_bad_rows_stop_with_the_line_number_and_write_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], chart: str, body: str, message: str
) -> None:
    src = _write(tmp_path, HEADER + body)
    out, summ = tmp_path / "o.csv", tmp_path / "s.csv"
    rc = main(["--input", str(src), "--chart", chart, "--output", str(out), "--summary", str(summ)])
    assert rc == 2
    assert message in capsys.readouterr().err
    assert not out.exists() and not summ.exists()
    assert list(tmp_path.iterdir()) == [src]


def test_a_missing_column_is_reported_against_the_header(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    src = _write(tmp_path, "series_id,x\nA,1\n")
    rc = main(["--input", str(src), "--chart", "i", "--output", str(tmp_path / "o.csv")])
    assert rc == 2
    assert "line 1: missing column 'y'" in capsys.readouterr().err
    src = _write(tmp_path, "series_id,x,y\nA,1,1\n")
    assert main(["--input", str(src), "--chart", "p", "--output", str(tmp_path / "o.csv")]) == 2
    assert not (tmp_path / "o.csv").exists()


def test_an_unknown_chart_exits_2_and_writes_nothing(tmp_path: Path) -> None:
    src = _write(tmp_path, HEADER + _rows())
    with pytest.raises(SystemExit) as exc:
        main(["--input", str(src), "--chart", "pie", "--output", str(tmp_path / "o.csv")])
    assert exc.value.code == 2
    assert not (tmp_path / "o.csv").exists()


def test_xbar_rows_sharing_x_form_one_subgroup(tmp_path: Path) -> None:
    src = _write(tmp_path, "series_id,x,y\nA,1,1\nA,1,2\nA,1,3\nA,2,2\nA,2,4\nA,2,6\n")
    out = tmp_path / "o.csv"
    assert main(["--input", str(src), "--chart", "xbar", "--rules", "qic", "--output", str(out)]) == 0
    rows = list(csv.DictReader(out.open()))
    assert [(r["x"], r["y"]) for r in rows] == [("1", "2.0"), ("2", "4.0")]


def test_existing_outputs_are_left_untouched_on_bad_input(tmp_path: Path) -> None:
    out = tmp_path / "o.csv"
    out.write_text("old")
    src = _write(tmp_path, HEADER + "A,1,x,,,,\n")
    assert main(["--input", str(src), "--chart", "i", "--output", str(out)]) == 2
    assert out.read_text() == "old"


def test_series_with_the_same_x_in_another_order_are_not_duplicates(tmp_path: Path) -> None:
    src = _write(tmp_path, HEADER + "A,1,1,,,,\nA,2,2,,,,\nB,2,1,,,,\nB,1,2,,,,\n")
    out = tmp_path / "o.csv"
    assert main(["--input", str(src), "--chart", "i", "--output", str(out)]) == 0
    rows = list(csv.DictReader(out.open()))
    assert [(r["series_id"], r["idx"], r["x"], r["y"]) for r in rows] == [
        ("A", "1", "1", "1.0"), ("A", "2", "2", "2.0"), ("B", "1", "2", "1.0"), ("B", "2", "1", "2.0"),
    ]  # fmt: skip


@pytest.mark.parametrize(
    ("values", "expected"),
    [
        # Mostly repeated values: formatted once per distinct value, zeros keep their sign.
        (
            [0.0, -0.0, 1.5, 1.5, math.nan, -0.0, 0.0, 0.1 + 0.2, 0.1 + 0.2, 1.5],
            ["0.0", "-0.0", "1.5", "1.5", "", "-0.0", "0.0", "0.30000000000000004", "0.30000000000000004", "1.5"],
        ),
        # Mostly distinct values: formatted one by one.
        ([-0.0, 1e20, 2.5e-7, math.nan, 7.0], ["-0.0", "1e+20", "2.5e-07", "", "7.0"]),
        ([], []),
    ],
    ids=["repeated", "distinct", "empty"],
)
def test_values_are_written_as_their_shortest_round_trip_text(values: list[float], expected: list[str]) -> None:
    assert _fmt_values(np.array(values, dtype=np.float64)) == expected
