"""The anonymity rule for every aggregate of anonymous answers: the reporting threshold k and
complementary suppression, for one table (`suppress`, `suppress_counts`) and for a team tree read
over a calendar (`grid`), where every page a person can open shows only from one decision.

Pure Python: no Django and no other OpenQI module (an import contract checks this), so check-ins,
surveys, ideas, dashboards and the API all share one rule and it can be tested exhaustively.
"""

import secrets

from openqi.anonymity.suppression import DEFAULT_K, MIN_K, Bucket, Decision, effective_k, suppress, suppress_counts

__all__ = ["DEFAULT_K", "MIN_K", "Bucket", "Decision", "effective_k", "suppress", "suppress_counts", "unordered_id"]

UNORDERED_ID_FLOOR = 2**52


def unordered_id() -> int:
    """A primary key for an anonymous row that says nothing about when it was written: drawn at
    random above every sequence number (2**52 to 2**53, so it stays exact as a JavaScript number),
    where a database sequence would number it between the rows written just before and after."""
    return UNORDERED_ID_FLOOR + secrets.randbelow(UNORDERED_ID_FLOOR)
