from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "openqi.api"
    label = "api"

    def ready(self) -> None:
        # lazy: the listener's module imports models, importable only once the app registry is ready.
        from openqi.api.webhooks.services import webhook_event_listener
        from openqi.core.events import event_subscribe

        # Webhooks hear every domain event the owning apps publish (ADR 0027).
        event_subscribe(webhook_event_listener)
