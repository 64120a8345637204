"""Where a webhook may send: https to public addresses only; loopback over http only when allowed
(a developer's machine, the tests). The guard against server-side request forgery."""

from typing import Any

import pytest

from openqi.api.webhooks.addresses import AddressRefused, address_check


@pytest.mark.parametrize(
    ("url", "words"),
    [
        ("http://hooks.example.org/x", "https://"),
        ("ftp://hooks.example.org/x", "https://"),
        ("https:///x", "full address"),
        ("https://user:pw@hooks.example.org/x", "without a user name"),
        ("https://127.0.0.1/x", "loopback"),
        ("https://[::1]/x", "loopback"),
        ("https://10.0.0.8/x", "private"),
        ("https://192.168.1.20/x", "private"),
        ("https://172.16.4.4/x", "private"),
        ("https://100.64.0.1/x", "private"),
        ("https://169.254.169.254/latest/meta-data", "link-local"),
        ("https://[fe80::1]/x", "link-local"),
        ("https://[::ffff:10.0.0.1]/x", "private"),
        ("https://0.0.0.0/x", "private"),
        ("https://localhost/x", "local network"),
        ("https://printer.local/x", "local network"),
        ("https://db.internal/x", "local network"),
    ],
)
def test_addresses_inside_the_network_or_without_https_are_refused(url: str, words: str, settings: Any) -> None:
    settings.WEBHOOK_ALLOW_LOOPBACK = False
    with pytest.raises(AddressRefused, match=words):
        address_check(url)


def test_public_https_addresses_are_allowed(settings: Any) -> None:
    settings.WEBHOOK_ALLOW_LOOPBACK = False
    address_check("https://hooks.example.org/openqi")
    address_check("https://8.8.8.8:8443/hook")


def test_loopback_over_http_only_when_allowed_and_never_private_ranges(settings: Any) -> None:
    settings.WEBHOOK_ALLOW_LOOPBACK = True
    address_check("http://127.0.0.1:8123/hook")
    address_check("http://localhost:8123/hook")
    with pytest.raises(AddressRefused, match="https://"):
        address_check("http://10.0.0.8/hook")
    with pytest.raises(AddressRefused, match="link-local"):
        address_check("https://169.254.169.254/")
