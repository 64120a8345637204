"""Signed webhooks: an organisation's admins subscribe an address to domain events (ADR 0027)."""
