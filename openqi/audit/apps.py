from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "openqi.audit"
    label = "audit"

    def ready(self) -> None:
        # lazy: an app's modules may import models only once the app registry is ready.
        from openqi.audit import nav  # noqa: F401  (registers this app's header links)
