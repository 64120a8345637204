from django.apps import AppConfig


class MeasuresConfig(AppConfig):
    name = "openqi.measures"
    label = "measures"

    def ready(self) -> None:
        # lazy: an app's modules may import models only once the app registry is ready.
        from openqi.measures import nav  # noqa: F401  (registers this app's header links)
