"""Which addresses a webhook may be sent to: the guard against server-side request forgery.

OpenQI sends an HTTP request wherever an organisation admin says, from inside the trust's network.
So: https only, and never to a loopback, private, link-local (cloud metadata at 169.254.169.254),
shared, multicast or reserved address. The host is checked when the webhook is saved and its
addresses are resolved and checked again before every attempt, since a name can be pointed
elsewhere later. Redirects are never followed. `WEBHOOK_ALLOW_LOOPBACK` (default: DEBUG) allows
http and loopback addresses only, for a receiver on the developer's own machine and in tests.
"""

import ipaddress
import socket
from urllib.parse import urlsplit

from django.conf import settings

BLOCKED_NAMES = ("localhost", ".localhost", ".local", ".internal", ".localdomain", ".home.arpa")


class AddressRefused(ValueError):
    """A sentence saying why the address may not be used."""


def _allow_loopback() -> bool:
    return bool(getattr(settings, "WEBHOOK_ALLOW_LOOPBACK", settings.DEBUG))


def _ip_refusal(ip: ipaddress.IPv4Address | ipaddress.IPv6Address) -> str:
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        return _ip_refusal(ip.ipv4_mapped)
    if ip.is_loopback:
        return "" if _allow_loopback() else "a loopback address"
    if ip.is_link_local:
        return "a link-local address"
    if ip.is_private or ip.is_reserved or ip.is_multicast or ip.is_unspecified or not ip.is_global:
        return "a private or reserved address"
    return ""


def address_check(url: str) -> None:
    """Refuse an address that can never be used (scheme, host name, or a literal address)."""
    parts = urlsplit(url)
    host = (parts.hostname or "").lower().rstrip(".")
    if not host:
        raise AddressRefused("Enter a full address, like https://example.org/openqi-webhook")
    if parts.username or parts.password:
        raise AddressRefused("Enter an address without a user name or password: the signature proves who sent it")
    try:
        ip = ipaddress.ip_address(host)
    except ValueError:
        ip = None
    loopback = (ip is not None and ip.is_loopback) or host == "localhost" or host.endswith(".localhost")
    if parts.scheme != "https" and not (parts.scheme == "http" and loopback and _allow_loopback()):
        raise AddressRefused("Enter an address that starts with https://")
    if ip is not None:
        refusal = _ip_refusal(ip)
        if refusal:
            raise AddressRefused(f"Enter a public address: this is {refusal}")
    elif not (loopback and _allow_loopback()) and (host in BLOCKED_NAMES or host.endswith(BLOCKED_NAMES)):
        raise AddressRefused("Enter a public address: this name is for a local network")


def address_resolve_check(url: str) -> None:
    """Before each attempt: every address the host resolves to must be allowed."""
    address_check(url)
    parts = urlsplit(url)
    host = parts.hostname or ""
    port = parts.port or (443 if parts.scheme == "https" else 80)
    try:
        infos = socket.getaddrinfo(host, port, proto=socket.IPPROTO_TCP)
    except socket.gaierror as error:
        raise AddressRefused("The address's host name could not be found") from error
    for info in infos:
        refusal = _ip_refusal(ipaddress.ip_address(str(info[4][0]).split("%")[0]))
        if refusal:
            raise AddressRefused(f"The address's host name points to {refusal}")
