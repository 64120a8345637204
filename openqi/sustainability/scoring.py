"""The NHS Sustainability Model as data, and its weighted score: pure Python, no database.

The table lives in `data/sustainability_model.json`, which cites a source for every number and
holds `null` where a number could not be confirmed. Nothing here invents a weight: a factor
whose chosen level has no confirmed score contributes no number, and the total says it is
incomplete rather than guessing.
"""

import json
import statistics
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import Any

DATA_FILE = Path(__file__).parent / "data" / "sustainability_model.json"
LEVELS = (4, 3, 2, 1)  # 4 is the level most likely to sustain the change, 1 the least
# A factor whose scores spread over this many levels or more is where the team disagrees most.
DISAGREEMENT_SPREAD = 2
STRENGTH_FROM = Decimal("0.75")  # share of the factor's maximum (or of level 4) named a strength
WEAKNESS_UP_TO = Decimal("0.5")  # ... and a weakness


@dataclass(frozen=True)
class Level:
    level: int
    statement: str
    score: Decimal | None  # None: not confirmed from a citable source
    score_source: str | None


@dataclass(frozen=True)
class Factor:
    key: str
    domain: str
    name: str
    question: str
    maximum: Decimal | None
    maximum_source: str | None
    levels: tuple[Level, ...]

    def level(self, value: int) -> Level:
        for level in self.levels:
            if level.level == value:
                return level
        raise KeyError(value)

    @property
    def confirmed(self) -> bool:
        return self.maximum is not None and all(level.score is not None for level in self.levels)


@dataclass(frozen=True)
class Model:
    title: str
    source: str
    maxima_source: str
    wording_note: str
    unconfirmed_note: str
    domains: tuple[tuple[str, str], ...]  # (key, name)
    factors: tuple[Factor, ...]

    def factor(self, key: str) -> Factor:
        for factor in self.factors:
            if factor.key == key:
                return factor
        raise KeyError(key)

    @property
    def keys(self) -> tuple[str, ...]:
        return tuple(f.key for f in self.factors)

    @property
    def known_maximum(self) -> Decimal:
        return sum((f.maximum for f in self.factors if f.maximum is not None), Decimal(0))

    @property
    def unconfirmed_maxima(self) -> tuple[Factor, ...]:
        return tuple(f for f in self.factors if f.maximum is None)

    def domain_name(self, key: str) -> str:
        return dict(self.domains)[key]


def _decimal(value: Any) -> Decimal | None:
    return None if value is None else Decimal(str(value))


def model_from_data(data: Mapping[str, Any]) -> Model:
    factors = []
    for raw in data["factors"]:
        levels = tuple(
            Level(
                level=int(item["level"]),
                statement=item["statement"],
                score=_decimal(item["score"]),
                score_source=item["score_source"],
            )
            for item in raw["levels"]
        )
        if sorted(level.level for level in levels) != sorted(LEVELS):
            raise ValueError(f"Factor {raw['key']} must have the four levels {LEVELS}")
        factors.append(
            Factor(
                key=raw["key"],
                domain=raw["domain"],
                name=raw["name"],
                question=raw["question"],
                maximum=_decimal(raw["maximum"]),
                maximum_source=raw["maximum_source"],
                levels=tuple(sorted(levels, key=lambda level: -level.level)),
            )
        )
    for factor in factors:
        for level in factor.levels:
            if level.score is not None and level.score_source is None:
                raise ValueError(f"{factor.key} level {level.level}: a score needs its source")
            if level.score is not None and factor.maximum is not None and level.score > factor.maximum:
                raise ValueError(f"{factor.key} level {level.level}: a score above the factor's maximum")
    return Model(
        title=data["title"],
        source=data["source"],
        maxima_source=data["maxima_source"],
        wording_note=data["wording_note"],
        unconfirmed_note=data["unconfirmed_note"],
        domains=tuple((d["key"], d["name"]) for d in data["domains"]),
        factors=tuple(factors),
    )


@cache
def sustainability_model() -> Model:
    """The published model, read once per process from the data file."""
    return model_from_data(json.loads(DATA_FILE.read_text(encoding="utf-8")))


@dataclass(frozen=True)
class FactorResult:
    factor: Factor
    level: int
    score: Decimal | None  # the chosen level's weighted score, None when not confirmed

    @property
    def share(self) -> Decimal:
        """How far towards the top this factor is: score over maximum when both are confirmed,
        otherwise the level over 4 (the level order is the model's, the weight is not needed)."""
        if self.score is not None and self.factor.maximum:
            return (self.score / self.factor.maximum).quantize(Decimal("0.01"))
        return (Decimal(self.level) / Decimal(4)).quantize(Decimal("0.01"))

    @property
    def weighted(self) -> bool:
        return self.score is not None and bool(self.factor.maximum)


@dataclass(frozen=True)
class Result:
    factors: tuple[FactorResult, ...]

    @property
    def total(self) -> Decimal:
        """The sum of the confirmed weighted scores (the whole total when `complete`)."""
        return sum((r.score for r in self.factors if r.score is not None), Decimal(0))

    @property
    def complete(self) -> bool:
        return all(r.score is not None for r in self.factors)

    @property
    def unscored(self) -> tuple[FactorResult, ...]:
        return tuple(r for r in self.factors if r.score is None)

    @property
    def strengths(self) -> tuple[FactorResult, ...]:
        return tuple(sorted((r for r in self.factors if r.share >= STRENGTH_FROM), key=lambda r: -r.share))

    @property
    def weaknesses(self) -> tuple[FactorResult, ...]:
        return tuple(sorted((r for r in self.factors if r.share <= WEAKNESS_UP_TO), key=lambda r: r.share))


def result_of(model: Model, levels: Mapping[str, int]) -> Result:
    """The weighted result for one level per factor (every factor must have one)."""
    missing = [key for key in model.keys if key not in levels]
    if missing:
        raise ValueError(f"No level for {', '.join(missing)}")
    return Result(
        factors=tuple(
            FactorResult(factor=f, level=levels[f.key], score=f.level(levels[f.key]).score) for f in model.factors
        )
    )


@dataclass(frozen=True)
class Spread:
    """How one factor's individual scores spread across the levels."""

    factor: Factor
    counts: tuple[tuple[int, int], ...]  # (level, how many chose it), level 4 first
    lowest: int | None
    highest: int | None
    suggested: int | None  # the median (lower of the middle two): a starting point to discuss

    @property
    def width(self) -> int:
        if self.lowest is None or self.highest is None:
            return 0
        return self.highest - self.lowest

    @property
    def disagreement(self) -> bool:
        return self.width >= DISAGREEMENT_SPREAD


def spread_of(factor: Factor, chosen: Sequence[int]) -> Spread:
    return Spread(
        factor=factor,
        counts=tuple((level, chosen.count(level)) for level in LEVELS),
        lowest=min(chosen) if chosen else None,
        highest=max(chosen) if chosen else None,
        suggested=statistics.median_low(chosen) if chosen else None,
    )


def diversity(spreads: Sequence[Spread]) -> Decimal | None:
    """The team's diversity of opinion: the mean width of the spread over the factors scored."""
    widths = [s.width for s in spreads if s.lowest is not None]
    if not widths:
        return None
    return (Decimal(sum(widths)) / Decimal(len(widths))).quantize(Decimal("0.01"))
