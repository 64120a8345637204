"""Live updates, built once for every page that changes while people look at it (ADR 0020).

A page that updates itself names a *channel* and a *scope* (a board, a dashboard). The app that
owns the data registers, in its `AppConfig.ready()`, a function that answers the channel's
current *version* for a scope: a short string that changes whenever what the page shows changes
(for example the latest change time and a count, read in one query). This module knows nothing of
boards or dashboards.

The browser asks the page's version address every few seconds with `If-None-Match`; the answer
is `304 Not Modified` (no body, no rendering) until the version moves, then `200` with the new
ETag, and `live.js` fetches the page again and swaps the live region in place. Without
JavaScript the page is read by reloading it (a TV page adds a refresh for that case).
"""

import hashlib
from collections.abc import Callable
from typing import Any

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils.cache import patch_cache_control

VersionFn = Callable[..., str]

_channels: dict[str, VersionFn] = {}


def live_channel_register(channel: str, version: VersionFn) -> None:
    """Register the function that answers a channel's version; registering a name twice with a
    different function is a mistake between apps and fails at start-up."""
    existing = _channels.get(channel)
    if existing is not None and existing is not version:
        raise ValueError(f"Live channel {channel!r} is already registered")
    _channels[channel] = version


def live_channels() -> tuple[str, ...]:
    return tuple(sorted(_channels))


def live_version(channel: str, **scope: Any) -> str:
    """The channel's current version for this scope, as an opaque ETag value (a short hash, so
    nothing of the underlying data shows in the header)."""
    raw = _channels[channel](**scope)
    return hashlib.sha256(f"{channel}:{raw}".encode()).hexdigest()[:20]


def _etag(version: str) -> str:
    return f'"{version}"'


def _matches(request: HttpRequest, version: str) -> bool:
    sent = request.headers.get("If-None-Match", "")
    tags = {tag.strip().removeprefix("W/") for tag in sent.split(",") if tag.strip()}
    return _etag(version) in tags or "*" in tags


def live_response(request: HttpRequest, channel: str, **scope: Any) -> HttpResponse:
    """The answer to a version poll: 304 when the browser already has this version, else the
    version as JSON with its ETag. Never cached by anyone in between: it is a question about now."""
    version = live_version(channel, **scope)
    response = HttpResponse(status=304) if _matches(request, version) else JsonResponse({"version": version})
    response["ETag"] = _etag(version)
    patch_cache_control(response, no_cache=True, private=True)
    return response
