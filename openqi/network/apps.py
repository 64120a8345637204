from django.apps import AppConfig


class NetworkConfig(AppConfig):
    """The ICS quality improvement network: public pages, membership and events."""

    name = "openqi.network"
    label = "network"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # lazy: registries are filled once the app registry is ready (models are importable).
        from openqi.network import calendar  # noqa: F401  (describes network events to bookings)
