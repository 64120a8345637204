"""A per-address hourly limit for public forms that send email or store what strangers type
(network sign-up, contact, volunteering, the public ideas portal): such a form must not become a spam relay.

The counter lives in the cache (Redis in production, shared by every worker); the address is
hashed with the scope, so the cache never holds a visitor's IP address in the clear."""

import hashlib

from django.core.cache import cache
from django.http import HttpRequest


def too_many(request: HttpRequest, *, scope: str, limit: int, seconds: int = 3600) -> bool:
    """Count this request against `scope` for the caller's address; True once over `limit`."""
    address = request.META.get("REMOTE_ADDR", "")
    key = "ratelimit:" + hashlib.sha256(f"{scope}:{address}".encode()).hexdigest()
    cache.add(key, 0, timeout=seconds)
    try:
        count = cache.incr(key)
    except ValueError:  # the counter expired between add and incr: this request starts a new window
        cache.set(key, 1, timeout=seconds)
        count = 1
    return count > limit
