"""Big inputs are read a few whole series at a time: the output is the same as reading them whole,
errors name the line of the whole file, and nothing is written on error."""

import random
from pathlib import Path

import pytest

from openqi.spc import cli_stream
from openqi.spc.cli import main
from openqi.spc.cli_stream import series_cut

HEADER = "series_id,x,y,n,phase,baseline,exclude\n"


def _rows(sid: str, k: int, rng: random.Random, *, phases: bool = False) -> list[str]:
    out = []
    for i in range(k):
        y = round(rng.gauss(30, 5) + (12 if i > k // 2 and sid.endswith("3") else 0), 1)
        phase = ("a" if i < k // 2 else "b") if phases else ""
        out.append(f"{sid},{i + 1},{max(y, 1.0)},{40 + i % 7},{phase},{int(i < 6)},{int(i == 4)}\n")
    return out


def _file(tmp_path: Path, rng: random.Random, blank_lines: bool = False) -> Path:
    rows: list[str] = []
    for s in range(60):
        rows += _rows(f"S{s}", 3 if s % 11 == 0 else rng.randint(8, 40), rng, phases=s % 4 == 1)
        if blank_lines and s % 9 == 0:
            rows.append("\n")
    rows += _rows("LONG", 300, rng)  # longer than a block on its own
    src = tmp_path / "in.csv"
    src.write_text(HEADER + "".join(rows))
    return src


def _outputs(tmp_path: Path, src: Path, chart: str, tag: str) -> tuple[str, str]:
    out, summ = tmp_path / f"{tag}.points.csv", tmp_path / f"{tag}.summary.csv"
    args = ["--input", str(src), "--chart", chart, "--output", str(out), "--summary", str(summ), "--target", "32"]
    assert main(args) == 0
    return out.read_text(), summ.read_text()


@pytest.mark.parametrize("chart", ["i", "p", "xbar", "run"])
@pytest.mark.parametrize("blank_lines", [False, True])
def test_a_file_read_in_blocks_gives_the_same_files_as_read_whole(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, chart: str, blank_lines: bool
) -> None:
    src = _file(tmp_path, random.Random(5), blank_lines)
    whole = _outputs(tmp_path, src, chart, "whole")
    monkeypatch.setattr(cli_stream, "BLOCK_BYTES", 900)
    assert len(list(cli_stream.read_tables(str(src), chart))) > 5  # really read in pieces
    assert _outputs(tmp_path, src, chart, "blocks") == whole
    assert whole[0].count("\n") == 1 + sum(1 for ln in src.read_text().splitlines()[1:] if ln)


def test_an_error_in_a_later_block_names_its_line_and_writes_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    src = _file(tmp_path, random.Random(6), blank_lines=True)
    lines = src.read_text().splitlines(keepends=True)
    bad = len(lines) - 40
    lines[bad] = lines[bad].split(",")[0] + ",7,abc,1,,,\n"
    src.write_text("".join(lines))
    monkeypatch.setattr(cli_stream, "BLOCK_BYTES", 700)
    out, summ = tmp_path / "o.csv", tmp_path / "s.csv"
    out.write_text("old")
    assert main(["--input", str(src), "--chart", "i", "--output", str(out), "--summary", str(summ)]) == 2
    assert f"line {bad + 1}: y 'abc' is not a number" in capsys.readouterr().err
    assert out.read_text() == "old" and not summ.exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["in.csv", "o.csv"]  # no temporary files left


def test_series_spread_over_the_file_are_regrouped_as_when_read_whole(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    rng = random.Random(8)
    rows = _rows("A", 30, rng) + _rows("B", 30, rng)
    rows = rows[:20] + rows[30:] + rows[20:30]  # A's last ten rows come after B
    src = tmp_path / "in.csv"
    src.write_text(HEADER + "".join(rows))
    whole = _outputs(tmp_path, src, "i", "whole")
    monkeypatch.setattr(cli_stream, "BLOCK_BYTES", 200)
    assert _outputs(tmp_path, src, "i", "blocks") == whole
    assert [ln.split(",")[0] for ln in whole[1].splitlines()[1:]] == ["A", "B"]


def test_a_block_is_cut_where_its_last_series_begins() -> None:
    buf = b"A,1,1\nA,2,2\nB,1,1\n\nB,2,2\nB,3"
    assert buf[series_cut(buf) :] == b"B,1,1\n\nB,2,2\nB,3"
    assert series_cut(b"B,1,1\nB,2,2\n") == 0  # one series so far: read on
    assert series_cut(b"AB,1,1\nB,1,1\n") == len(b"AB,1,1\n")  # ids are compared whole
    assert series_cut(b"A,1,1\nbad\n") == len(b"A,1,1\n")
