"""The loopback OpenID Connect provider, started once per test session (tests/oidc_provider.py)."""

from collections.abc import Iterator

import pytest

from openqi.organisations.tests import oidc_provider
from openqi.organisations.tests.oidc_provider import LoopbackProvider


@pytest.fixture(scope="session")
def loopback_oidc() -> Iterator[LoopbackProvider]:
    provider, server = oidc_provider.start()
    yield provider
    server.shutdown()
    server.server_close()


@pytest.fixture
def idp(loopback_oidc: LoopbackProvider) -> LoopbackProvider:
    """The provider with nobody signed in and nothing spoiled."""
    loopback_oidc.reset()
    return loopback_oidc
