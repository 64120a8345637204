import pytest

from openqi.ideas.similar_cache import CACHE


@pytest.fixture(autouse=True)
def _fresh_similarity_index() -> None:
    """Each test's transaction is rolled back and SQLite hands the same ids out again, so an index
    kept from an earlier test could match a later one's fingerprint."""
    CACHE.clear()
