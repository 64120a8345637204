"""The weighted score, worked by hand, on the published table and on a complete example table."""

import copy
import json
from decimal import Decimal

import pytest

from openqi.sustainability.scoring import (
    DATA_FILE,
    diversity,
    model_from_data,
    result_of,
    spread_of,
    sustainability_model,
)

PUBLISHED_MAXIMA = {
    "benefits": Decimal("8.5"),
    "credibility": Decimal("9.1"),
    "adaptability": Decimal("7.0"),
    "monitoring": Decimal("6.5"),
    "involvement": Decimal("11.4"),
    "behaviours": Decimal("11.0"),
    "senior_leadership": Decimal("15.0"),
    "infrastructure": Decimal("9.5"),
}


def test_the_model_has_ten_factors_in_three_domains_with_the_issues_maxima_and_no_invented_ones() -> None:
    model = sustainability_model()
    assert len(model.factors) == 10
    by_domain = {key: [f.key for f in model.factors if f.domain == key] for key, _ in model.domains}
    assert by_domain == {
        "process": ["benefits", "credibility", "adaptability", "monitoring"],
        "staff": ["involvement", "behaviours", "senior_leadership", "clinical_leadership"],
        "organisation": ["fit", "infrastructure"],
    }
    assert {f.key: f.maximum for f in model.factors if f.maximum is not None} == PUBLISHED_MAXIMA
    # The two maxima the issue does not give are left unconfirmed, not guessed.
    assert [f.key for f in model.unconfirmed_maxima] == ["clinical_leadership", "fit"]
    # 8.5 + 9.1 + 7.0 + 6.5 + 11.4 + 11.0 + 15.0 + 9.5 = 78.0
    assert model.known_maximum == Decimal("78.0")


def test_every_number_in_the_data_file_cites_its_source() -> None:
    data = json.loads(DATA_FILE.read_text(encoding="utf-8"))
    for factor in data["factors"]:
        assert (factor["maximum"] is None) == (factor["maximum_source"] is None)
        for level in factor["levels"]:
            assert (level["score"] is None) == (level["score_source"] is None)


def test_a_published_table_total_counts_only_confirmed_weights_and_says_it_is_incomplete() -> None:
    model = sustainability_model()
    levels = {key: 4 for key in model.keys}
    result = result_of(model, levels)
    # Level 4 of each factor is its maximum: 78.0 from the eight confirmed factors.
    assert result.total == Decimal("78.0")
    assert not result.complete
    assert [r.factor.key for r in result.unscored] == ["clinical_leadership", "fit"]
    levels["senior_leadership"] = 2  # level 2's weight is not confirmed: 78.0 − 15.0
    assert result_of(model, levels).total == Decimal("63.0")


def _complete_table() -> dict:
    """The published file with made-up level scores filled in, for arithmetic only."""
    data = copy.deepcopy(json.loads(DATA_FILE.read_text(encoding="utf-8")))
    for factor in data["factors"]:
        top = Decimal(str(factor["maximum"] or 10))
        factor["maximum"] = float(top)
        factor["maximum_source"] = "test"
        for level in factor["levels"]:
            # level n scores n/4 of the maximum, to one decimal place
            level["score"] = float((top * level["level"] / 4).quantize(Decimal("0.1")))
            level["score_source"] = "test"
    return data


def test_a_complete_table_gives_the_weighted_total_worked_by_hand() -> None:
    model = model_from_data(_complete_table())
    levels = {
        "benefits": 4,  # 8.5
        "credibility": 3,  # 9.1 × 3/4 = 6.825 → 6.8
        "adaptability": 2,  # 7.0 × 2/4 = 3.5
        "monitoring": 1,  # 6.5 / 4 = 1.625 → 1.6
        "involvement": 4,  # 11.4
        "behaviours": 2,  # 5.5
        "senior_leadership": 1,  # 15.0 / 4 = 3.75 → 3.8 (rounded half to even)
        "clinical_leadership": 3,  # 10 × 3/4 = 7.5
        "fit": 4,  # 10.0
        "infrastructure": 3,  # 9.5 × 3/4 = 7.125 → 7.1
    }
    result = result_of(model, levels)
    assert result.complete
    # 8.5 + 6.8 + 3.5 + 1.6 + 11.4 + 5.5 + 3.8 + 7.5 + 10.0 + 7.1 = 65.7
    assert result.total == Decimal("65.7")
    assert model.known_maximum == Decimal("98.0")
    # Strengths: a share of 75% or more; weaknesses: 50% or less, weakest first.
    assert [r.factor.key for r in result.strengths][:3] == ["benefits", "involvement", "fit"]
    assert [r.factor.key for r in result.weaknesses] == [
        "monitoring",
        "senior_leadership",
        "adaptability",
        "behaviours",
    ]


def test_a_level_score_without_a_source_or_above_the_maximum_is_refused() -> None:
    data = _complete_table()
    data["factors"][0]["levels"][1]["score_source"] = None
    with pytest.raises(ValueError, match="needs its source"):
        model_from_data(data)
    data = _complete_table()
    data["factors"][0]["levels"][1]["score"] = 99
    with pytest.raises(ValueError, match="above the factor's maximum"):
        model_from_data(data)


def test_the_spread_shows_disagreement_and_the_median_as_a_starting_point() -> None:
    factor = sustainability_model().factor("benefits")
    spread = spread_of(factor, [4, 2, 3])
    assert spread.counts == ((4, 1), (3, 1), (2, 1), (1, 0))
    assert (spread.lowest, spread.highest, spread.width, spread.suggested) == (2, 4, 2, 3)
    assert spread.disagreement
    agreed = spread_of(factor, [3, 3, 4])
    assert not agreed.disagreement
    # Mean width over the factors scored: (2 + 1) / 2 = 1.5; an unscored factor is left out.
    assert diversity([spread, agreed, spread_of(factor, [])]) == Decimal("1.50")


def test_a_missing_factor_is_an_error_not_a_zero() -> None:
    with pytest.raises(ValueError, match="No level for"):
        result_of(sustainability_model(), {"benefits": 4})
