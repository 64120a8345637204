"""The batch API gives exactly the single-series results."""

import numpy as np
import pytest

from openqi.spc import SeriesInput, analyse, analyse_batch


def _workload(seed: int, n: int, length: int) -> np.ndarray:
    rng = np.random.default_rng(seed)
    data = rng.normal(50, 5, size=(n, length))
    data[::3, length // 2 :] += 12
    data[1::5] += np.linspace(0, 15, length)
    data[2::7, -1] += 40
    data[3::11, 5] = np.nan
    return np.round(data, 1)


@pytest.mark.parametrize("rules", ["mdc", "mdc-sql", "ptd", "qic"])
def test_a_2d_batch_matches_analyse_point_by_point(rules: str) -> None:
    data = _workload(1, 60, 30)
    batch = analyse_batch(data, rules=rules, target=55.0)  # type: ignore[arg-type]
    for i in range(data.shape[0]):
        single = analyse(data[i].tolist(), rules=rules, target=55.0)  # type: ignore[arg-type]
        assert batch.result(i) == single
    assert batch.variation_icons == [analyse(r.tolist(), rules=rules).variation_icon for r in data]  # type: ignore[arg-type]


def test_ragged_series_with_phases_exclusions_and_directions_match_analyse() -> None:
    rng = np.random.default_rng(7)
    items = []
    for k in range(40):
        size = int(rng.integers(5, 40))
        ys = np.round(rng.normal(10, 2, size) + (k % 4) * np.arange(size) / 10, 1).tolist()
        phase = ["a" if i < size // 2 or k % 3 else "b" for i in range(size)]
        excl = [bool(i == 3 and k % 2) for i in range(size)]
        imp = ("increase", "decrease", "neutral")[k % 3]
        items.append(SeriesInput(ys, phase=phase, exclude=excl, improvement=imp, target=10.0))  # type: ignore[arg-type]
    batch = analyse_batch(items)
    for i, it in enumerate(items):
        single = analyse(
            it.values, phase=it.phase, exclude=it.exclude, improvement=it.improvement or "increase", target=10.0
        )  # type: ignore[arg-type]
        assert batch.result(i) == single


@pytest.mark.parametrize("chart", ["c", "u", "p", "pp", "up", "g", "t", "mr", "run"])
def test_every_chart_type_batches_like_single_series(chart: str) -> None:
    rng = np.random.default_rng(3)
    n = rng.integers(50, 100, size=(20, 25)).astype(float)
    y = np.minimum(rng.poisson(10, size=(20, 25)).astype(float) + 1, n)
    batch = analyse_batch(y, chart=chart, n=n if chart in ("p", "pp", "u", "up") else None)  # type: ignore[arg-type]
    for i in range(20):
        single = analyse(y[i].tolist(), chart=chart, n=n[i].tolist() if chart in ("p", "pp", "u", "up") else None)  # type: ignore[arg-type]
        assert batch.result(i) == single


def _engine_arrays(batch: object) -> dict[str, np.ndarray]:
    e = batch.engine  # type: ignore[attr-defined]
    out = {k: getattr(e, k) for k in e.__slots__ if k not in ("flags", "runs")}
    out.update({f"flags.{k}": getattr(e.flags, k) for k in e.flags.__slots__})
    out.update({f"runs.{k}": getattr(e.runs, k) for k in e.runs.__slots__})
    return out


@pytest.mark.parametrize("chart", ["i", "mr", "c", "p", "u", "t", "run"])
@pytest.mark.parametrize("rules", ["mdc", "ptd", "qic"])
def test_large_batches_analysed_in_chunks_equal_one_pass(
    chart: str, rules: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Large inputs go through the engine a few series at a time; the result is the same."""
    from openqi.spc import engine

    rng = np.random.default_rng(11)
    items = []
    for k in range(30):
        size = int(rng.integers(0 if k == 7 else 1, 45))  # series 7 may be empty
        ys = np.round(rng.poisson(20, size) + (k % 3) * np.arange(size) / 4 + 1, 1).tolist()
        if size > 4 and k % 4 == 0:
            ys[2] = None
        items.append(
            SeriesInput(
                ys,
                n=[60.0] * size,
                phase=["a" if i < size // 2 or k % 3 else "b" for i in range(size)],
                baseline=[i < 12 and k % 5 == 1 for i in range(size)],
                exclude=[bool(i == 3 and k % 2) for i in range(size)],
                improvement=("increase", "decrease", "neutral")[k % 3],  # type: ignore[arg-type]
                target=None if k % 4 == 3 else 21.0,
            )
        )
    monkeypatch.setattr(engine, "CHUNK_POINTS", 10**9)
    whole = analyse_batch(items, chart=chart, rules=rules)  # type: ignore[arg-type]
    for size in (1, 37, 100):
        monkeypatch.setattr(engine, "CHUNK_POINTS", size)
        chunked = analyse_batch(items, chart=chart, rules=rules)  # type: ignore[arg-type]
        a, b = _engine_arrays(whole), _engine_arrays(chunked)
        assert a.keys() == b.keys()
        for key in a:
            np.testing.assert_array_equal(a[key], b[key], err_msg=key)
            assert a[key].dtype == b[key].dtype, key
        assert [chunked.result(i) for i in range(len(items))] == [whole.result(i) for i in range(len(items))]
