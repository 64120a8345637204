"""The anonymity rule for every aggregate of anonymous answers: the reporting threshold k and
complementary suppression, for one table (`suppress`, `suppress_counts`) and for a team tree read
over a calendar (`grid`), where every page a person can open shows only from one decision.

Pure Python: no Django and no other OpenQI module (an import contract checks this), so check-ins,
surveys, ideas, dashboards and the API all share one rule and it can be tested exhaustively.
"""

from openqi.anonymity.suppression import DEFAULT_K, MIN_K, Bucket, Decision, effective_k, suppress, suppress_counts

__all__ = ["DEFAULT_K", "MIN_K", "Bucket", "Decision", "effective_k", "suppress", "suppress_counts"]
