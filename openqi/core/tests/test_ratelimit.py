from django.core.cache import cache
from django.test import RequestFactory

from openqi.core.ratelimit import too_many


def test_an_address_is_refused_after_the_limit_and_others_and_other_scopes_are_not() -> None:
    cache.clear()
    one = RequestFactory().get("/", REMOTE_ADDR="10.0.0.1")
    two = RequestFactory().get("/", REMOTE_ADDR="10.0.0.2")
    assert [too_many(one, scope="a", limit=2) for _ in range(3)] == [False, False, True]
    assert too_many(two, scope="a", limit=2) is False
    assert too_many(one, scope="b", limit=2) is False
