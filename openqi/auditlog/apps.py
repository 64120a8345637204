from django.apps import AppConfig


class AuditLogConfig(AppConfig):
    """An organisation's audit log page (list, filters, CSV export). It reads the trail that
    `openqi.audit` keeps at the foot of the layers; being an organisation page, it sits above
    organisations, so the two are separate apps."""

    name = "openqi.auditlog"
    label = "auditlog"

    def ready(self) -> None:
        # lazy: an app's modules may import models only once the app registry is ready.
        from openqi.auditlog import nav  # noqa: F401  (registers this app's header links)
