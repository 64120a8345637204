"""The open API (/api/v1/) and its tokens: a composition layer over every app's public selectors
and services (docs/adr/0019-open-api.md)."""
