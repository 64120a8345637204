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
