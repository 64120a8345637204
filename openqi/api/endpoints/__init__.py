"""The API's routers, one module per area. Each reads through the owning app's selectors and
presenters and writes through its services; none queries another app's models."""
