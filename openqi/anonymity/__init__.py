"""The anonymity rule for every aggregate of anonymous answers: the reporting threshold k and
complementary suppression, for one table (`suppress`, `suppress_counts`) and for a team tree read
over a calendar (`grid`), where every page a person can open shows only from one decision.

Pure Python: no Django and no other OpenQI module (an import contract checks this), so check-ins,
surveys, ideas, dashboards and the API all share one rule and it can be tested exhaustively.
"""

import secrets

from openqi.anonymity.suppression import DEFAULT_K, MIN_K, Bucket, Decision, effective_k, suppress, suppress_counts

__all__ = [
    "DEFAULT_K",
    "MIN_K",
    "UNORDERED_ID_CEILING",
    "UNORDERED_ID_FLOOR",
    "Bucket",
    "Decision",
    "effective_k",
    "suppress",
    "suppress_counts",
    "unordered_id",
]

# Random ids live above any number a sequence reaches in practice and fit the places other apps
# keep an idea's id (a 32-bit integer column; forms accept nine digits).
UNORDERED_ID_FLOOR = 2**29
UNORDERED_ID_CEILING = 999_999_999


def unordered_id() -> int:
    """A primary key that says nothing about when its row was written: drawn at random from
    UNORDERED_ID_FLOOR to UNORDERED_ID_CEILING, where a database sequence would number a row
    between the rows written just before and after it. The caller redraws on a collision."""
    return UNORDERED_ID_FLOOR + secrets.randbelow(UNORDERED_ID_CEILING - UNORDERED_ID_FLOOR + 1)
