from django.apps import AppConfig


class AuditConfig(AppConfig):
    """The append-only audit trail: the model and `audit_log`, written by every layer above."""

    name = "openqi.audit"
    label = "audit"
